package dev.filelock.spring;

import org.jspecify.annotations.Nullable;

/**
 * How the locks of one {@link LockType} are taken: the contract every lock type implements (as
 * ShedLock's {@code LockProvider} is for its engines). {@link FileLocked}, {@link FileLocks}, the
 * metrics and the actuator endpoint use only this contract, so a lock type is a provider bean:
 * <pre>{@code
 * @Bean
 * LockProvider redisLockProvider(...) { ... }   // serves file-lock.locks.<name>.type: redis
 * }</pre>
 * The starter defines the providers of {@code file} and {@code mmap}; a provider bean of the same
 * type replaces the starter's.
 */
public interface LockProvider {

    /** The lock type this provider serves. */
    LockType type();

    /**
     * The lock that {@code declaration} names, for one {@code key} or, when {@code key} is null,
     * for every call. Called at start-up once for each declared lock of this type with a null key,
     * so that a lock that cannot be used stops the application rather than the first call; then on
     * every locked call, so it should be cheap (cache what is expensive to open).
     *
     * @param declaration a lock declared with this provider's {@link #type()}
     * @param key         the key of a lock split by key, or null
     * @throws RuntimeException (a {@link dev.filelock.core.LockException}, say) when the lock cannot
     *                          be used; the message must say why
     */
    NamedLock lock(DeclaredLock declaration, @Nullable String key);
}
