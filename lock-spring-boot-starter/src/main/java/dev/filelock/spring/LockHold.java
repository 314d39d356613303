package dev.filelock.spring;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import dev.filelock.core.LockLostException;
import dev.filelock.core.SharedRegion;

/**
 * One acquisition of a {@link NamedLock}, released by {@link #release()} (or {@link #close()}) on
 * the thread that acquired it. Releasing twice releases once.
 */
public interface LockHold extends AutoCloseable {

    /** The lock held. */
    NamedLock lock();

    /**
     * Whether the lock was lost while held (its file deleted or replaced; a lease that ran out), so
     * that another holder may run at the same time. A file lock's check costs a system call; a server
     * lock answers from what its lease watch knows, on this JVM's monotonic clock, without a round trip.
     */
    boolean isLost();

    /**
     * Asks to be told the moment this hold is found lost, on the thread that finds it (a lease's
     * deadline timer, a renewal, a session listener), before its release throws
     * {@link LockLostException}; at once if it is lost already. One listener per hold; called at most
     * once. The default does nothing: types that find a loss only when released (file locks) tell it
     * by the release alone.
     */
    default void onLost(Consumer<? super LockLostException> listener) {
    }

    /** The shared region of an {@code mmap} lock; empty (the default) for the types that have none. */
    default Optional<SharedRegion> region() {
        return Optional.empty();
    }

    /**
     * Whether this hold took the lock over from a holder that died holding it, so that what it
     * protects may be half-written ({@code mmap}); {@code false} (the default) for types that cannot
     * tell.
     */
    default boolean recoveredFromCrash() {
        return false;
    }

    /**
     * A number that grows with every acquisition of this lock, for the types that have one (the
     * {@code mmap} lock's generation): a resource that remembers the highest token it has seen can
     * refuse the writes of a holder that lost the lock meanwhile. Empty (the default) for the types
     * that have none.
     */
    default OptionalLong fencingToken() {
        return OptionalLong.empty();
    }

    /**
     * Releases the lock.
     *
     * @throws LockLostException when the lock was lost while held; what there was to release is
     *                           released all the same
     */
    void release();

    /** Same as {@link #release()}. */
    @Override
    default void close() {
        release();
    }
}
