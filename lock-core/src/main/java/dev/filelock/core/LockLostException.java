package dev.filelock.core;

/**
 * A lock that the caller believed it held was lost while it held it, so another holder may have
 * run at the same time. The library cannot prevent such a loss, only report it:
 * <ul>
 * <li>a file lock whose file was deleted, replaced (renamed over) or, for an mmap lock, truncated
 * while held: a newcomer opening the path locks a different file;</li>
 * <li>a lease-based lock (Redis, a database) whose lease expired, or whose renewal failed, before
 * the holder released it.</li>
 * </ul>
 * It is thrown when the loss is noticed: at the latest by the release, which still releases what
 * there is to release. Whatever the holder changed under the lock may have interleaved with another
 * holder's changes: check the protected resource, and find who deletes lock files or why the lease
 * ran out (a long pause, an unreachable server).
 */
public class LockLostException extends LockException {

    public LockLostException(String message) {
        super(message);
    }

    public LockLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
