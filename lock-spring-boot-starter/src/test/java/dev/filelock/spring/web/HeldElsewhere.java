package dev.filelock.spring.web;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;

/** A lock held by a thread of its own until closed, so that a request's thread has to wait for it. */
final class HeldElsewhere implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> new Thread(task, "holder-thread"));
    private final CountDownLatch release = new CountDownLatch(1);
    private final Future<?> holding;

    HeldElsewhere(FileLocks locks, String name, String key) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        holding = thread.submit(() -> {
            try (LockHold hold = locks.lock(name, key).acquire(Duration.ofSeconds(10))) {
                held.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
            return null;
        });
        if (!held.await(10, TimeUnit.SECONDS)) {
            holding.get(1, TimeUnit.SECONDS);
            throw new IllegalStateException("The holder thread did not get lock " + name);
        }
    }

    @Override
    public void close() throws Exception {
        release.countDown();
        try {
            holding.get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }
}
