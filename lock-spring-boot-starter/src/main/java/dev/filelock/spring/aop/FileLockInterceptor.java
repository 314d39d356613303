package dev.filelock.spring.aop;

import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;

/**
 * Runs {@link dev.filelock.spring.FileLocked} methods under their lock when Spring AOP proxies
 * apply it, through an advisor with {@link FileLockedPointcut}: no AspectJ on the class path is
 * needed, and annotations on interfaces are honoured.
 */
final class FileLockInterceptor implements MethodInterceptor {

    private final Supplier<LockedMethodInvoker> invoker;

    /** @param invoker looked up at the first call: the advisor exists before the beans it needs */
    FileLockInterceptor(Supplier<LockedMethodInvoker> invoker) {
        this.invoker = invoker;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass();
        return invoker.get().invoke(invocation.getMethod(), targetClass, target, invocation.getArguments(), invocation::proceed);
    }
}
