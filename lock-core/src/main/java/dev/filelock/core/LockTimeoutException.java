package dev.filelock.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The lock was not acquired within the time the caller allowed. The message names the lock file,
 * how long the caller waited and, when known, who holds the lock.
 */
public class LockTimeoutException extends LockException {

    private final Path file;
    private final Duration waited;
    private final transient LockOwner holder;

    public LockTimeoutException(String lockName, Path file, Duration waited, LockOwner holder) {
        super(message(lockName, file, waited, holder));
        this.file = file;
        this.waited = waited;
        this.holder = holder;
    }

    private static String message(String lockName, Path file, Duration waited, LockOwner holder) {
        String subject = lockName == null ? "Lock " + file : "Lock '" + lockName + "' (" + file + ")";
        String held = holder == null ? "; no holder was recorded" : "; held by " + holder.describe();
        return subject + " not acquired within " + Durations.format(waited) + held;
    }

    /** The lock file the caller waited for. */
    public Path file() {
        return file;
    }

    /** How long the caller waited. */
    public Duration waited() {
        return waited;
    }

    /** Who held the lock when the wait ended, when that could be read. */
    public Optional<LockOwner> holder() {
        return Optional.ofNullable(holder);
    }
}
