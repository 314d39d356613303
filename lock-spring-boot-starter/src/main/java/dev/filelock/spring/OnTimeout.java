package dev.filelock.spring;

/** What a {@link FileLocked} method does when its lock is not acquired in time. */
public enum OnTimeout {

    /** Throw a {@link dev.filelock.core.LockTimeoutException} naming the lock, the wait and the holder. */
    FAIL,

    /**
     * Don't run the method: return {@code null}, an empty {@link java.util.Optional}, or nothing,
     * and log it. For jobs of which one run at a time on this machine is enough.
     */
    SKIP
}
