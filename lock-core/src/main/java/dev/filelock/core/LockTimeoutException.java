package dev.filelock.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The lock was not acquired within the time the caller allowed. The message names the lock (its
 * file, or for a lock that lives in no file what it is instead), how long the caller waited and,
 * when known, who holds the lock.
 */
public class LockTimeoutException extends LockException {

    private final String lockName;
    private final String key;
    private final Path file;
    private final String description;
    private final Duration waited;
    private final transient LockOwner holder;

    public LockTimeoutException(String lockName, Path file, Duration waited, LockOwner holder) {
        this(lockName, null, file, waited, holder);
    }

    /**
     * For one key of a lock split by key.
     *
     * @param lockName the lock's name, or null
     * @param key      the key, or null for the lock itself
     */
    public LockTimeoutException(String lockName, String key, Path file, Duration waited, LockOwner holder) {
        super(message(lockName, key, String.valueOf(file), waited, holder == null ? null : holder.describe()));
        this.lockName = lockName;
        this.key = key;
        this.file = file;
        this.description = String.valueOf(file);
        this.waited = waited;
        this.holder = holder;
    }

    /**
     * For a lock that lives in no file (a Redis key, a database row).
     *
     * @param lockName    the lock's name, or null
     * @param description what and where the lock is, e.g. {@code Redis at db:6379, key 'orders'}
     * @param holder      who holds it as far as known, e.g. {@code client 3f2a...}; null when unknown
     */
    public LockTimeoutException(String lockName, String description, Duration waited, String holder) {
        this(lockName, null, description, waited, holder);
    }

    /**
     * For one key of a lock that lives in no file.
     *
     * @param key the key, or null for the lock itself
     * @see #LockTimeoutException(String, String, Duration, String)
     */
    public LockTimeoutException(String lockName, String key, String description, Duration waited, String holder) {
        super(message(lockName, key, description, waited, holder));
        this.lockName = lockName;
        this.key = key;
        this.file = null;
        this.description = description;
        this.waited = waited;
        this.holder = null;
    }

    private static String message(String lockName, String key, String description, Duration waited, String holder) {
        String named = lockName == null ? "Lock " : "Lock '" + lockName + "' " + (key == null ? "" : "key '" + key + "' ");
        String subject = lockName == null ? named + description : named + "(" + description + ")";
        String held = holder == null ? "; no holder was recorded" : "; held by " + holder;
        return subject + " not acquired within " + Durations.format(waited) + held;
    }

    /** The name of the lock the caller waited for, when it has one (a declared lock's name). */
    public Optional<String> lockName() {
        return Optional.ofNullable(lockName);
    }

    /** The key of a lock split by key, when the caller waited for one key of it. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** The lock file the caller waited for; null for a lock that lives in no file. */
    public Path file() {
        return file;
    }

    /** What the caller waited for, as the message names it: the file's path, or what the lock is. */
    public String description() {
        return description;
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
