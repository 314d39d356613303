package dev.filelock.spring.aop;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.springframework.core.Ordered;

import dev.filelock.spring.autoconfigure.FileLockProperties;

/**
 * Runs {@link dev.filelock.spring.FileLocked} methods under their lock. A plain {@code @Aspect}:
 * the auto-configuration makes it a bean, so that Spring AOP proxies the annotated beans; or
 * AspectJ weaves it into the classes (load-time or compile-time weaving, which also covers calls
 * a bean makes to its own methods) and the auto-configuration configures the woven instance.
 */
@Aspect
public class FileLockAspect implements Ordered {

    private volatile LockedMethodInvoker invoker;
    private volatile int order = FileLockProperties.DEFAULT_ASPECT_ORDER;

    /** For AspectJ, which makes the instance itself; {@link #configure} must follow. */
    public FileLockAspect() {
    }

    FileLockAspect(LockedMethodInvoker invoker, int order) {
        configure(invoker, order);
    }

    /** Sets what runs the calls, and the order among other advice (lower runs outside). */
    void configure(LockedMethodInvoker invoker, int order) {
        this.invoker = invoker;
        this.order = order;
    }

    // On a type, every public method except equals, hashCode and toString, which frameworks call freely.
    // Written with annotation type patterns rather than @annotation/@within, which Spring AOP would
    // test again on every call: this form is decided once per method.
    @Around("execution(@dev.filelock.spring.FileLocked public !static * *(..))"
            + " || (within(@dev.filelock.spring.FileLocked *) && execution(public !static * *(..))"
            + " && !execution(* java.lang.Object.*(..)))")
    public Object lock(ProceedingJoinPoint call) throws Throwable {
        LockedMethodInvoker current = invoker;
        if (current == null) {
            throw new IllegalStateException("FileLockAspect was woven by AspectJ but no Spring application context with "
                    + "the file-lock starter has configured it yet; @FileLocked methods can run only once the context "
                    + "has started (set file-lock.advice-mode=aspectj if auto-detection did not see the weaving)");
        }
        MethodSignature signature = (MethodSignature) call.getSignature();
        return current.invoke(signature.getMethod(), call.getTarget(), call.getArgs(), call, ProceedingJoinPoint::proceed);
    }

    @Override
    public int getOrder() {
        return order;
    }
}
