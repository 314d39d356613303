package dev.filelock.spring.aop;

import java.lang.reflect.Method;

import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;

import dev.filelock.spring.FileLocked;

/**
 * The methods that proxies lock: public instance methods annotated with {@link FileLocked}, or
 * declared in an annotated type, where the annotation may sit on the class, a superclass or an
 * interface (as Spring's own annotation-driven features find theirs). {@code equals},
 * {@code hashCode} and {@code toString} are never locked. Decided once per method and class.
 */
final class FileLockedPointcut extends StaticMethodMatcherPointcut {

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
        if (!LockedMethods.isLockable(method)) {
            return false;
        }
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        return AnnotatedElementUtils.hasAnnotation(specific, FileLocked.class)
                || AnnotatedElementUtils.hasAnnotation(specific.getDeclaringClass(), FileLocked.class)
                || AnnotatedElementUtils.hasAnnotation(method.getDeclaringClass(), FileLocked.class);
    }
}
