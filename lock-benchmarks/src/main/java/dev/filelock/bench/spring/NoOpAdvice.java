package dev.filelock.bench.spring;

import org.aopalliance.intercept.MethodInterceptor;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

/**
 * The baselines of {@link FileLockedAspectBenchmark}: advice that does nothing but proceed, applied
 * the two ways Spring applies advice, on beans like {@link LockedService} whose method does the same
 * work. What a call through them costs over calling the bean itself is Spring's proxy machinery
 * alone; {@code @FileLocked}'s cost over calling its lock by hand is measured against it.
 */
public final class NoOpAdvice {

    private NoOpAdvice() {
    }

    /** An AspectJ-style {@code @Around} advice, written as the starter's {@code FileLockAspect} is. */
    @Aspect
    public static class AroundAspect {
        @Around("execution(@dev.filelock.bench.spring.NoOpAround * *(..))")
        public Object proceed(ProceedingJoinPoint call) throws Throwable {
            return call.proceed();
        }
    }

    /** A Spring {@link Advisor}: a static annotation pointcut and an AOP Alliance interceptor. */
    public static Advisor interceptor() {
        MethodInterceptor proceed = invocation -> invocation.proceed();
        return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(NoOpIntercepted.class),
                proceed);
    }

    /** {@link LockedService#work()}'s work under the no-op {@code @Around} advice. */
    public static class AroundService {
        private long calls;

        @NoOpAround
        public long work() {
            return ++calls;
        }
    }

    /** {@link LockedService#work()}'s work under the no-op interceptor. */
    public static class InterceptedService {
        private long calls;

        @NoOpIntercepted
        public long work() {
            return ++calls;
        }
    }
}
