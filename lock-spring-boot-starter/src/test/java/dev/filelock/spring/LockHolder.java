package dev.filelock.spring;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import java.time.Duration;
import java.util.Optional;

import dev.filelock.core.LockInterruptedException;
import dev.filelock.core.LockLostException;

/**
 * Holds a lock on a thread of its own until closed, so a test can make a locked call wait. Locks
 * belong to the thread that took them, hence the thread.
 */
public final class LockHolder implements AutoCloseable {

    private final CountDownLatch acquired = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;
    private volatile LockLostException lost;

    public LockHolder(NamedLock lock) {
        thread = new Thread(() -> {
            LockHold hold = lock.acquire(Duration.ofSeconds(60));
            try {
                acquired.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    hold.release();
                } catch (LockLostException e) {
                    lost = e;
                }
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

    /** What the release reported when the lock was lost while held, once closed; null when it was not. */
    public LockLostException lost() {
        return lost;
    }

    /** Whether {@code lock} can be taken at once by this thread; if so it is released again. */
    public static boolean isFree(NamedLock lock) {
        try {
            Optional<LockHold> hold = lock.tryAcquire(Duration.ZERO);
            hold.ifPresent(LockHold::release);
            return hold.isPresent();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockInterruptedException("interrupted", e);
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
