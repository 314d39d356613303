package dev.filelock.spring.distributed;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.locks.Lock;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.support.locks.LockRegistry;

import dev.filelock.core.LockOwner;
import dev.filelock.spring.LockStatus;

/**
 * What a lock server adds to a Spring Integration lock registry: how its locks are obtained, how a
 * lease is renewed from any thread, where a fencing token comes from and what can be read of a lock
 * without taking it. One per lock type; {@link RegistryLockProvider} does the rest.
 */
abstract class LeaseEngine implements AutoCloseable {

    private final LockRegistry<?> registry;
    private final String description;

    LeaseEngine(LockRegistry<?> registry, String description) {
        this.registry = registry;
        this.description = description;
    }

    /** The engine, for messages: {@code Redis at localhost:6379}. */
    final String description() {
        return description;
    }

    /** The registry's lock of {@code key} (the lock's name, or {@code name:key}). */
    final Lock obtain(String key) {
        return registry.obtain(key);
    }

    /**
     * The longest single wait handed to the registry's {@code tryLock}; a longer wait, or one for
     * ever, is made of several. By default an hour: the registries add the wait to the current time.
     */
    Duration longestWait() {
        return Duration.ofHours(1);
    }

    /**
     * Whether this engine's locks have leases that this starter renews. A {@code registry} lock's
     * lease, if any, is its registry's business.
     */
    abstract boolean leased();

    /**
     * Extends the lease of {@code key}, held by this process, to {@code lease} from now; callable
     * from any thread.
     *
     * @return false when the engine no longer records the lock as this process's (expired, taken)
     * @throws RuntimeException when the engine cannot be reached; the caller retries until the lease
     *                          runs out
     */
    abstract boolean renew(String key, Duration lease);

    /**
     * Called on the acquiring thread once the registry granted {@code key} to this process, before
     * the guarded code runs: where the engine allows, it records {@code holder} and the lease asked
     * for, so that other processes can see who holds the lock.
     *
     * @throws RuntimeException when the acquisition must not count (the caller releases the lock and fails)
     */
    void acquired(String key, @Nullable Duration lease, LockOwner holder) {
    }

    /** Called on the holding thread just before the registry releases {@code key}; never throws. */
    void releasing(String key) {
    }

    /**
     * A fencing token for {@code key}, issued only while the engine records this process as its
     * holder; empty for the engines that have none.
     *
     * @param lease the hold's lease, should the engine need to renew it meanwhile
     * @throws dev.filelock.core.LockLostException when the engine no longer records this process as the holder
     */
    OptionalLong fencingToken(String key, Duration lease) {
        return OptionalLong.empty();
    }

    /**
     * What the engine can tell of {@code key} without taking it.
     *
     * @param lease     the lock's lease; null for engines without leases
     * @param heldHere  who holds it in this process through the starter, if anyone: the holder to
     *                  show where the engine confirms the hold is this process's, or cannot tell
     */
    abstract LockStatus status(String key, @Nullable Duration lease, @Nullable LockOwner heldHere);

    /** Frees what the engine started (threads, connections it owns). */
    @Override
    public void close() {
    }
}
