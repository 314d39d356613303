package dev.filelock.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * A {@link Lock} that excludes other threads of this JVM, other JVMs and other processes on the
 * same machine. Every kind ({@link FileLock}, {@link MmapLock}) has the same contract:
 * <ul>
 * <li>reentrant per thread, with a hold count; {@link #unlock()} by a thread that does not hold it
 * throws {@link IllegalMonitorStateException};</li>
 * <li>one state per real path per JVM: locks obtained through equivalent paths (a symlink,
 * {@code a/../x.lock}) are the same lock;</li>
 * <li>waiting is forever ({@link #lock()}), bounded ({@link #acquire(Duration)},
 * {@link #tryLock(long, java.util.concurrent.TimeUnit)}) or not at all ({@link #tryLock()}), and
 * interruptible where the method says so; an interrupted waiter never costs another thread its
 * lock. A negative {@link #acquire(Duration)} timeout waits for ever, as everywhere in
 * file-lock; {@link #tryLock(long, java.util.concurrent.TimeUnit)} keeps {@link Lock}'s contract
 * (a time of zero or less tries once);</li>
 * <li>a process that dies while holding the lock does not keep it;</li>
 * <li>a hold that was lost (its file deleted, replaced or, for an {@link MmapLock}, truncated
 * while held) is reported: by {@link #ensureValid()} whenever the holder asks, and at the latest
 * by {@link #unlock()}, which still releases and then throws {@link LockLostException}.</li>
 * </ul>
 * {@link #newCondition()} is not supported: a condition cannot be signalled across processes.
 */
public interface InterProcessLock extends Lock {

    /** The real path of the file this lock lives in. */
    Path path();

    /**
     * Waits up to {@code timeout} for the lock, for use in try-with-resources:
     * <pre>{@code
     * try (var held = lock.acquire(Duration.ofSeconds(5))) {
     *     ...
     * }
     * }</pre>
     *
     * @param timeout how long to wait; {@link Duration#ZERO} tries once, a negative duration waits
     *                for ever (interruptibly)
     * @return a handle whose {@code close()} releases this hold
     * @throws LockTimeoutException     if the lock was not acquired in time; its message names the
     *                                  file, the wait and the holder, when known
     * @throws LockInterruptedException if the thread was interrupted while waiting (the interrupt
     *                                  status is set again)
     * @throws IllegalArgumentException if {@code timeout} is null
     */
    HeldLock acquire(Duration timeout);

    /**
     * Releases one hold of the current thread; the last one releases the lock for the process.
     * <p>
     * When the lock was lost while held (see {@link #ensureValid()}), the release still happens,
     * and then {@link LockLostException} says so: whatever the holder did under the lock may have
     * run at the same time as another holder.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws LockLostException            if the lock was lost while held (released all the same)
     */
    @Override
    void unlock();

    /**
     * Checks that the current thread's hold is still exclusive: that the path still names the file
     * this lock holds (it was not deleted or replaced) and, for an {@link MmapLock}, that the file
     * was not truncated. Costs one {@code stat} of the path. A long holder can call it before an
     * irreversible step; {@link #unlock()} always checks.
     *
     * @throws LockLostException            if the lock was lost: the hold is kept, release it
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     */
    void ensureValid();

    /** Whether the current thread holds this lock. */
    boolean isHeldByCurrentThread();

    /** How many times the current thread holds this lock (0 when it does not). */
    int holdCount();

    /**
     * Who holds the lock now, read without taking it: empty when it is free. A holder that records
     * nothing (another tool) is reported as {@link LockOwner#unknown()}. The answer may be stale by
     * the time it is returned.
     */
    Optional<LockOwner> owner();
}
