package dev.filelock.spring;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.filelock.core.InterProcessLock;

/**
 * Holds a lock on a thread of its own until closed, so a test can make a locked call wait. Locks
 * belong to the thread that took them, hence the thread.
 */
public final class LockHolder implements AutoCloseable {

    private final CountDownLatch acquired = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;

    public LockHolder(InterProcessLock lock) {
        thread = new Thread(() -> {
            lock.lock();
            try {
                acquired.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }, "test-lock-holder");
        thread.start();
        try {
            if (!acquired.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the holder did not get " + lock + " within 60s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        release.countDown();
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (thread.isAlive()) {
            throw new AssertionError("the holder did not release within 60s");
        }
    }
}
