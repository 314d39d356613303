package dev.filelock.core;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JVM-wide half of every lock kind: a {@link ReentrantLock} gives reentrancy, timeouts and
 * interruptible waiting among this JVM's threads; only the thread that gets it goes on to the
 * {@link ProcessLevelLock}, so a process never contends with itself at the OS level (no
 * {@code OverlappingFileLockException}, no self-deadlock) and at most one thread per JVM waits for
 * the OS lock: in the kernel, through {@link KernelWait}, for the kinds that can block there,
 * else by polling.
 */
abstract class AbstractInterProcessLock implements InterProcessLock {

    private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Path path;
    private final ReentrantLock jvmLock = new ReentrantLock();
    final ProcessLevelLock processLock;

    AbstractInterProcessLock(Path realPath, ProcessLevelLock processLock) {
        this.path = realPath;
        this.processLock = processLock.blocks() ? new KernelWait(realPath, processLock) : processLock;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public void lock() {
        try {
            acquire(-1, false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        acquire(-1, true);
    }

    @Override
    public boolean tryLock() {
        try {
            return acquire(0, false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquire(Durations.toNanos(time, unit), true);
    }

    @Override
    public HeldLock acquire(Duration timeout) {
        if (timeout == null) {
            throw new IllegalArgumentException("timeout must not be null; use Duration.ZERO to try once, a negative "
                    + "duration to wait for ever");
        }
        long nanos = Durations.toNanos(timeout);
        try {
            if (!acquire(nanos, true)) {
                throw new LockTimeoutException(null, path, timeout, owner().orElse(null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockInterruptedException("Interrupted while waiting for lock " + path, e);
        }
        return new HeldLock(this);
    }

    @Override
    public void unlock() {
        if (!jvmLock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("Thread '" + Thread.currentThread().getName()
                    + "' cannot unlock " + path + ": it does not hold it");
        }
        if (jvmLock.getHoldCount() > 1) {
            jvmLock.unlock();
            return;
        }
        try {
            beforeRelease();
        } finally {
            try {
                processLock.release();
            } catch (IOException e) {
                throw new LockException("Failed to release lock " + path + " cleanly: " + e.getMessage(), e);
            } finally {
                jvmLock.unlock();
            }
        }
    }

    @Override
    public void ensureValid() {
        if (!jvmLock.isHeldByCurrentThread()) {
            throw new IllegalMonitorStateException("Thread '" + Thread.currentThread().getName()
                    + "' does not hold " + path + "; only a holder can ask whether its hold is still valid");
        }
        try {
            processLock.ensureValid();
        } catch (IOException e) {
            throw new LockException("Cannot check lock file " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("An inter-process lock has no conditions: a condition "
                + "cannot be signalled across processes. Poll shared state under the lock instead.");
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return jvmLock.isHeldByCurrentThread();
    }

    @Override
    public int holdCount() {
        return jvmLock.getHoldCount();
    }

    @Override
    public Optional<LockOwner> owner() {
        try {
            return processLock.owner();
        } catch (IOException e) {
            throw new LockException("Cannot read the owner of lock " + path + ": " + e.getMessage(), e);
        }
    }

    /** Called by the holding thread right after it took the lock for this process. */
    void afterAcquire() {
    }

    /** Called by the holding thread right before it releases the lock for this process. */
    void beforeRelease() {
    }

    /**
     * @param nanos         how long to wait: negative for ever, 0 to try once
     * @param interruptible whether an interrupt ends the wait with {@link InterruptedException};
     *                      if not, the interrupt status is kept and set again on return
     */
    private boolean acquire(long nanos, boolean interruptible) throws InterruptedException {
        if (jvmLock.isHeldByCurrentThread()) {
            jvmLock.lock();
            return true;
        }
        if (nanos > Durations.FOREVER_NANOS) {
            nanos = -1;
        }
        if (interruptible && nanos != 0 && Thread.interrupted()) {
            // As Lock requires of lockInterruptibly and a timed tryLock, even when the lock is free.
            throw new InterruptedException("Interrupted before waiting for lock " + path);
        }
        // The clock is read only once waiting starts: an uncontended acquire must stay cheap.
        long start = Long.MIN_VALUE;
        if (!jvmLock.tryLock()) {
            if (nanos == 0) {
                return false;
            }
            if (nanos > 0) {
                start = System.nanoTime();
            }
            if (!acquireInJvm(nanos, interruptible)) {
                return false;
            }
        }
        boolean acquired = false;
        try {
            if (nanos != 0) {
                giveWay(nanos);
            }
            acquired = tryProcessLock(0) || (nanos != 0 && waitForProcess(nanos, start, interruptible));
            if (acquired) {
                afterAcquire();
            }
            return acquired;
        } finally {
            if (!acquired) {
                jvmLock.unlock();
            }
        }
    }

    private boolean acquireInJvm(long nanos, boolean interruptible) throws InterruptedException {
        if (nanos > 0) {
            return jvmLock.tryLock(nanos, TimeUnit.NANOSECONDS);
        }
        if (interruptible) {
            jvmLock.lockInterruptibly();
        } else {
            jvmLock.lock();
        }
        return true;
    }

    // Spins a little (cheap kinds), then parks with exponential back-off so that a waiter does not
    // burn a core while the holder works for seconds. The first attempt has already failed.
    // start: when the wait began (the JVM-wide wait), or Long.MIN_VALUE if it begins now.
    // A wait for ever reads no clock: a spinning waiter should see the release, not a clock call.
    private boolean waitForProcess(long nanos, long start, boolean interruptible) throws InterruptedException {
        boolean forever = nanos < 0;
        long deadline = forever ? 0 : (start == Long.MIN_VALUE ? System.nanoTime() : start) + nanos;
        if (processLock.waitsItself()) {
            try {
                return processLock.await(deadline, forever, interruptible);
            } catch (IOException e) {
                throw cannotLock(e);
            }
        }
        boolean interrupted = false;
        long park = MIN_PARK_NANOS;
        int spins = processLock.spinAttempts();
        try {
            for (int attempt = 1; ; attempt = nextAttempt(attempt, spins)) {
                long remaining = forever ? MAX_PARK_NANOS : deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                if (Thread.interrupted()) {
                    if (interruptible) {
                        throw new InterruptedException("Interrupted while waiting for lock " + path);
                    }
                    interrupted = true;
                }
                if (attempt <= spins) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, Math.min(park, remaining));
                    park = Math.min(park * 2, MAX_PARK_NANOS);
                }
                if (tryProcessLock(attempt)) {
                    return true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The attempt after {@code attempt}. At a 2 ms back-off the count reaches
     * {@code Integer.MAX_VALUE} after about 50 days; it must not wrap to a negative number, which
     * would spin again without parking and skip a kind's periodic checks (such as the mmap lock's
     * test for a dead holder).
     */
    static int nextAttempt(int attempt, int spins) {
        return attempt == Integer.MAX_VALUE ? spins + 1 : attempt + 1;
    }

    private boolean tryProcessLock(int attempt) {
        try {
            return processLock.tryAcquire(attempt);
        } catch (IOException e) {
            throw cannotLock(e);
        }
    }

    // Only an acquisition that may wait steps aside; tryLock() takes a free lock as it finds it.
    private void giveWay(long nanos) {
        try {
            processLock.giveWay(nanos < 0 ? Long.MAX_VALUE : nanos);
        } catch (IOException e) {
            throw cannotLock(e);
        }
    }

    private LockException cannotLock(IOException e) {
        return new LockException("Cannot lock " + path + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + path + (jvmLock.isLocked() ? ", held in this JVM]" : "]");
    }

    static <T> T requireNonNull(T value, String what) {
        return Objects.requireNonNull(value, what + " must not be null");
    }
}
