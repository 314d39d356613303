package dev.filelock.spring.aop;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The holds taken by one application context's locked calls, so that closing the context can wait
 * for them to be released and release those held for unfinished asynchronous work.
 */
final class ActiveHolds {

    // Counted without a lock, because every locked call counts itself twice; the lock and condition
    // serve only a shutdown waiting for the count to reach zero.
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean awaited;
    private final ReentrantLock guard = new ReentrantLock();
    private final Condition idle = guard.newCondition();
    private final Set<Thread> asyncHolders = ConcurrentHashMap.newKeySet();

    void begin() {
        count.incrementAndGet();
    }

    void end() {
        // awaitIdle sets awaited before it reads the count, this reads awaited after writing the
        // count: one of the two sees the other, so a waiter never misses the last end().
        if (count.decrementAndGet() == 0 && awaited) {
            guard.lock();
            try {
                idle.signalAll();
            } finally {
                guard.unlock();
            }
        }
    }

    void holding(Thread asyncHolder) {
        asyncHolders.add(asyncHolder);
    }

    void released(Thread asyncHolder) {
        asyncHolders.remove(asyncHolder);
    }

    /** How many holds are active now. */
    public int count() {
        return count.get();
    }

    /** Waits up to {@code timeout} for every hold to end; whether they all did. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        guard.lock();
        try {
            awaited = true;
            while (count.get() > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            guard.unlock();
        }
    }

    /** Asks the threads holding locks for unfinished asynchronous work to release them now. */
    public int releaseAsyncHolds() {
        int released = 0;
        for (Thread holder : asyncHolders) {
            holder.interrupt();
            released++;
        }
        return released;
    }
}
