package dev.filelock.core;

/**
 * Root of every exception this library throws about a lock: catch this one to handle them all.
 */
public class LockException extends RuntimeException {

    public LockException(String message) {
        super(message);
    }

    public LockException(String message, Throwable cause) {
        super(message, cause);
    }
}
