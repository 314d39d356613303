package dev.filelock.spring.aop;

import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link dev.filelock.spring.FileLocked} methods under their lock when Spring AOP proxies
 * apply it, through an advisor with {@link FileLockedPointcut}: no AspectJ on the class path is
 * needed, and annotations on interfaces are honoured.
 */
final class FileLockInterceptor implements MethodInterceptor {

    private final Supplier<LockedMethodInvoker> lookup;
    private volatile @Nullable LockedMethodInvoker invoker;

    /** @param invoker looked up at the first call: the advisor exists before the beans it needs */
    FileLockInterceptor(Supplier<LockedMethodInvoker> invoker) {
        this.lookup = invoker;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        LockedMethodInvoker current = invoker;
        if (current == null) {
            // Once: a bean factory lookup on every call would cost more than the rest of the call.
            current = lookup.get();
            invoker = current;
        }
        return current.invoke(invocation.getMethod(), invocation.getThis(), invocation.getArguments(), invocation,
                MethodInvocation::proceed);
    }
}
