package dev.filelock.core;

/**
 * The thread was interrupted while it waited for a lock. The thread's interrupt status is set again
 * before this is thrown, and the thread holds no more locks than before it started waiting.
 */
public class LockInterruptedException extends LockException {

    public LockInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
    }
}
