package dev.filelock.spring.aop;

import java.lang.reflect.Method;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockHook;
import dev.filelock.spring.NamedLock;
import dev.filelock.spring.OnTimeout;

/**
 * Everything a call of one {@link dev.filelock.spring.FileLocked} method needs, resolved once: the
 * declared lock, the key expression, the timeout, the hooks and how the result is handled.
 *
 * @param method     the user's method
 * @param where      the method as named in messages, e.g. {@code OrderService.settle(Order)}
 * @param lock       the declared lock
 * @param key        the key expression, or {@code null} for one lock for every call
 * @param unkeyed    the lock every call takes when there is no key expression, else {@code null}
 * @param timeout    how long to wait; negative for ever
 * @param onTimeout  what a timeout does
 * @param prefix     the hook run after acquiring, or {@code null}
 * @param suffix     the hook run before releasing, or {@code null}
 * @param returnKind how the result is handled
 * @param reactive   how a {@link ReturnKind#REACTIVE} result is locked, else {@code null}
 */
record LockedMethod(Method method, String where, DeclaredLock lock, KeyExpression key, NamedLock unkeyed,
        Duration timeout, OnTimeout onTimeout, Hook prefix, Hook suffix, ReturnKind returnKind,
        @Nullable ReactiveReturn reactive) {

    /** A hook and the bean name it was found under. */
    record Hook(String name, LockHook hook) {
    }

    /** Whether a hook runs, and so needs a {@link dev.filelock.spring.LockContext}. */
    boolean hasHooks() {
        return prefix != null || suffix != null;
    }

    String key(Object target, Object[] arguments) {
        return key == null ? null : key.evaluate(lock.name(), target, arguments);
    }
}
