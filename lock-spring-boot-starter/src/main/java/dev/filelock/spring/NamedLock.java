package dev.filelock.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.filelock.core.LockInterruptedException;
import dev.filelock.core.LockOwner;
import dev.filelock.core.LockTimeoutException;

/**
 * One declared lock, or one key of it, of whatever {@link LockType}: what {@link FileLocks}
 * returns and a {@link LockProvider} makes.
 * <pre>{@code
 * try (LockHold held = fileLocks.lock("orders", order.id()).acquire(Duration.ofSeconds(5))) {
 *     ...
 * }
 * }</pre>
 * A hold belongs to the thread that acquired it: that thread releases it. Locks are reentrant per
 * thread where the type allows it ({@code file} and {@code mmap} do).
 */
public interface NamedLock {

    /** The declaration this lock belongs to. */
    DeclaredLock declaration();

    /** The key of a lock split by key; empty for the declared lock itself. */
    Optional<String> key();

    /**
     * What this lock is, for messages: its file's path for {@code file} and {@code mmap} locks,
     * the key in the engine for a distributed lock.
     */
    String description();

    /** The lock's file, for the lock types that live in one. */
    Optional<Path> file();

    /** Whether the current thread holds this lock. */
    boolean isHeldByCurrentThread();

    /**
     * Waits up to {@code timeout} for the lock.
     *
     * @param timeout how long to wait: {@link Duration#ZERO} tries once, a negative duration waits
     *                for ever
     * @return the hold, or empty when the lock was not acquired in time
     * @throws InterruptedException when the thread was interrupted while waiting (then the lock is
     *                              not held)
     */
    Optional<LockHold> tryAcquire(Duration timeout) throws InterruptedException;

    /**
     * Waits up to {@code timeout} for the lock, for use in try-with-resources.
     *
     * @param timeout how long to wait: {@link Duration#ZERO} tries once, a negative duration waits
     *                for ever
     * @throws LockTimeoutException     if the lock was not acquired in time, naming the lock, the
     *                                  wait and the holder when known
     * @throws LockInterruptedException if the thread was interrupted while waiting (its interrupt
     *                                  status is set again)
     */
    default LockHold acquire(Duration timeout) {
        try {
            return tryAcquire(timeout).orElseThrow(() -> timedOut(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockInterruptedException("Interrupted while waiting for lock '" + declaration().name() + "' ("
                    + description() + ")", e);
        }
    }

    /**
     * Who holds the lock now and what the type can tell of its state, read without taking it: the
     * answer may be stale by the time it is returned.
     *
     * @throws RuntimeException when the state cannot be read
     */
    LockStatus status();

    /**
     * The exception for a wait of {@code timeout} that did not get this lock: it names the lock by
     * its file, or by its {@link #description()} for a type that lives in no file, and the holder
     * when {@link #status()} knows it ({@link LockStatus#holder()}, else a {@code holder} detail).
     */
    default LockTimeoutException timedOut(Duration timeout) {
        String name = declaration().name();
        String key = key().orElse(null);
        LockStatus status;
        try {
            status = status();
        } catch (RuntimeException e) {
            status = null;
        }
        LockOwner owner = status == null ? null : status.holder();
        Optional<Path> file = file();
        if (file.isPresent()) {
            return new LockTimeoutException(name, key, file.get(), timeout, owner);
        }
        Object holder = owner != null ? owner.describe() : status == null ? null : status.details().get("holder");
        return new LockTimeoutException(name, key, description(), timeout, holder == null ? null : holder.toString());
    }
}
