package dev.filelock.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Runs the annotated method (on a type: every public method) under a named lock declared in
 * {@code application.yml} under {@code file-lock.locks.<name>}: across threads, across JVMs and
 * across non-Java processes on this machine.
 * <pre>{@code
 * @FileLocked(name = "orders", key = "#order.id", timeout = "5s")
 * public void settle(Order order) { ... }
 * }</pre>
 * Every attribute left empty falls back to the lock's declaration, then to the {@code file-lock.*}
 * defaults. Everything is checked at start-up: an undeclared lock, an unknown hook, a bad key or
 * duration stop the application with a message that says how to fix it.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface FileLocked {

    /** Alias for {@link #name()}. */
    @AliasFor("name")
    String value() default "";

    /** The lock's name, as declared under {@code file-lock.locks}. */
    @AliasFor("value")
    String name() default "";

    /**
     * A SpEL expression over the method's arguments ({@code #order.id}, {@code #p0}, {@code #a0})
     * that splits the lock into one lock per key value: calls with different keys do not exclude
     * each other. A {@code file} lock's keys share 1,024 stripe files under {@code <file>.keys/} (two
     * keys on one stripe exclude each other, which is safe but not parallel); an {@code mmap} lock
     * keeps a file and region per key, up to {@code max-keys}; a server lock has a server key per
     * key. Empty: one lock for every call.
     */
    String key() default "";

    /**
     * How long to wait, as a duration ({@code 500ms}, {@code 5s}, {@code PT1M}); {@code 0} tries
     * once, a negative value waits for ever. Empty: the lock's {@code timeout}, else
     * {@code file-lock.default-timeout}.
     */
    String timeout() default "";

    /**
     * The name of a {@link LockHook} bean run right after the lock is acquired. Empty: the lock's
     * {@code prefix} from {@code application.yml}, if any.
     */
    String prefix() default "";

    /**
     * The name of a {@link LockHook} bean run right before the lock is released, also when the
     * method throws. Empty: the lock's {@code suffix} from {@code application.yml}, if any.
     */
    String suffix() default "";

    /** What happens when the lock is not acquired in time. */
    OnTimeout onTimeout() default OnTimeout.FAIL;
}
