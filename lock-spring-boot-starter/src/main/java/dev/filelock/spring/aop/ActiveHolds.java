package dev.filelock.spring.aop;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The holds taken by one application context's locked calls, so that closing the context can wait
 * for them to be released and release those held for unfinished asynchronous work.
 */
final class ActiveHolds {

    private final ReentrantLock guard = new ReentrantLock();
    private final Condition idle = guard.newCondition();
    private int count;
    private final Set<Thread> asyncHolders = ConcurrentHashMap.newKeySet();

    void begin() {
        guard.lock();
        try {
            count++;
        } finally {
            guard.unlock();
        }
    }

    void end() {
        guard.lock();
        try {
            if (--count == 0) {
                idle.signalAll();
            }
        } finally {
            guard.unlock();
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
        guard.lock();
        try {
            return count;
        } finally {
            guard.unlock();
        }
    }

    /** Waits up to {@code timeout} for every hold to end; whether they all did. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        guard.lock();
        try {
            while (count > 0) {
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
