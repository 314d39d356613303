package dev.filelock.core;

import java.io.IOException;
import java.util.Optional;

/**
 * What one lock kind does between processes, behind the JVM-wide lock that
 * {@link AbstractInterProcessLock} takes first. {@link #tryAcquire} and {@link #release} are called
 * only by the thread that holds the JVM-wide lock; {@link #owner()} and {@link #close()} may be
 * called by any thread at any time, so an implementation guards its own state against them.
 * An implementation must not reference the lock object that uses it: {@link #close()} runs from a
 * {@link java.lang.ref.Cleaner} once that object is unreachable.
 */
interface ProcessLevelLock {

    /**
     * Tries once, without blocking, to take the lock for this process, recording the current thread
     * as its owner on success. Called on every acquisition, so it must stay cheap when the lock is
     * free.
     *
     * @param attempt how many attempts this wait has made before (0 for the first), so that a
     *                kind can do its expensive checks only now and then
     */
    boolean tryAcquire(int attempt) throws IOException;

    /**
     * Releases the lock this process holds. Must release even when it fails to clear metadata.
     *
     * @throws LockLostException after releasing, if the hold was lost (see {@link #ensureValid()})
     */
    void release() throws IOException;

    /**
     * Checks, for the holding thread, that the hold is still exclusive: the path still names the
     * file that is locked, whole.
     *
     * @throws LockLostException if it is not
     */
    void ensureValid() throws IOException;

    /** Who holds it: this process's recorded owner when it holds it, else read without taking it. */
    Optional<LockOwner> owner() throws IOException;

    /**
     * Whether this can still be used; false once it was closed or its file was lost for good, after
     * which {@code of(...)} makes a new lock for the path instead of returning the old one.
     */
    default boolean isUsable() {
        return true;
    }

    /** How many attempts a waiter makes, spinning, before it starts to park. */
    int spinAttempts();

    /** Frees the OS resources; releases the lock if still held. Idempotent. */
    void close();

    /**
     * Whether this kind runs a wait of its own ({@link #await}) rather than being polled with
     * {@link #tryAcquire}.
     */
    default boolean waitsItself() {
        return false;
    }

    /**
     * Waits, after a failed {@link #tryAcquire}, until this process holds the lock (recorded as the
     * current thread's) or the deadline passes. Only for kinds that {@link #waitsItself()}.
     *
     * @param deadline      {@link System#nanoTime()} to give up at; ignored when {@code forever}
     * @param interruptible whether an interrupt ends the wait with {@link InterruptedException};
     *                      if not, it is remembered and set again on return
     * @return whether the lock was acquired
     */
    default boolean await(long deadline, boolean forever, boolean interruptible)
            throws IOException, InterruptedException {
        throw new UnsupportedOperationException();
    }

    /**
     * Whether this kind can wait in the kernel: then {@link KernelWait} runs its waits with
     * {@link #lockBlocking}, {@link #adopt}, {@link #abandon} and {@link #recordedOwner}, which
     * the other kinds need not implement; their waiters poll {@link #tryAcquire}.
     */
    default boolean blocks() {
        return false;
    }

    /**
     * Blocks in the kernel until this process holds the lock, without recording an owner. Called by
     * {@link KernelWait}'s waiter thread, while no other thread locks, unlocks or probes.
     */
    default void lockBlocking() throws IOException {
        throw new UnsupportedOperationException();
    }

    /**
     * Records the current thread as the holder of the lock that {@link #lockBlocking} took: the
     * steps {@link #tryAcquire} takes after its lock succeeded. On failure the lock is released.
     *
     * @return false if the lock taken was on a file that the path no longer names (deleted or
     *         replaced): it has been dropped, and the next lock is on the file there now
     */
    default boolean adopt() throws IOException {
        throw new UnsupportedOperationException();
    }

    /** Releases, at once, a lock that {@link #lockBlocking} took and no thread adopted. Never throws. */
    default void abandon() {
        throw new UnsupportedOperationException();
    }

    /**
     * Whether another process is known to wait for this lock in the kernel (see
     * {@link FlockFile#othersWait()}); false when none is, or when this kind cannot tell.
     */
    default boolean othersWait() throws IOException {
        return false;
    }

    /**
     * Called before the first attempt of an acquisition that may wait: lets a process that is
     * known to wait for the lock have it first, when this process released it a moment ago (see
     * {@link KernelWait}). Returns at once otherwise, and within {@code maxNanos} in any case.
     */
    default void giveWay(long maxNanos) throws IOException {
    }

    /** The owner the lock file records, read without probing whether the lock is free. */
    default LockOwner recordedOwner() throws IOException {
        throw new UnsupportedOperationException();
    }
}
