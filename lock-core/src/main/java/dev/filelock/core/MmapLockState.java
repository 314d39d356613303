package dev.filelock.core;

import java.util.Optional;

/**
 * What anyone can read of an {@link MmapLock} without taking it.
 *
 * @param held       the state flag in the header: whether some process holds the lock (the
 *                   original tool's "1"/"0" at offset 0)
 * @param generation how many acquisitions the lock has seen
 * @param owner      the holder when held: its pid (in the holder's PID namespace), host and thread;
 *                   its {@code since} is when the hold was first observed (by a waiter,
 *                   {@code state()} or {@code owner()}), not a clock read at acquisition, which
 *                   would double the cost of an uncontended acquisition
 */
public record MmapLockState(boolean held, long generation, Optional<LockOwner> owner) {
}
