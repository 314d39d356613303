package dev.filelock.bench.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a method for {@link NoOpAdvice#interceptor()}, the no-op {@code MethodInterceptor} advisor. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NoOpIntercepted {
}
