package dev.filelock.core;

/**
 * One hold of an {@link InterProcessLock}, released by {@link #close()}. Closing twice releases
 * once. Only the thread that acquired it may close it.
 */
public final class HeldLock implements AutoCloseable {

    private final InterProcessLock lock;
    private boolean released;

    HeldLock(InterProcessLock lock) {
        this.lock = lock;
    }

    /** The lock this hold belongs to. */
    public InterProcessLock lock() {
        return lock;
    }

    /** Releases this hold. */
    @Override
    public void close() {
        if (!released) {
            lock.unlock();
            released = true;
        }
    }
}
