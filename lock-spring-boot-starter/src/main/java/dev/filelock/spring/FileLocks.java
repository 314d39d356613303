package dev.filelock.spring;

import java.util.Collection;
import java.util.Optional;

/**
 * The locks declared under {@code file-lock.locks}, for code that locks by hand rather than with
 * {@link FileLocked}; every lock type alike, so no cast is needed:
 * <pre>{@code
 * try (LockHold held = fileLocks.lock("orders", order.id()).acquire(Duration.ofSeconds(5))) {
 *     held.region().ifPresent(region -> region.putLong(0, order.total()));   // mmap locks only
 * }
 * }</pre>
 */
public interface FileLocks {

    /** Every declared lock, in declaration order. */
    Collection<DeclaredLock> declarations();

    /** The declaration of {@code name}, if declared. */
    Optional<DeclaredLock> declaration(String name);

    /**
     * The lock named {@code name}.
     *
     * @throws IllegalArgumentException if no lock of that name is declared
     */
    NamedLock lock(String name);

    /**
     * The lock for one {@code key} of the lock named {@code name}, whatever characters the key
     * holds: for a {@code file} lock one of 1,024 stripe files in the lock's
     * {@link DeclaredLock#keyFolder() key folder} (keys on one stripe exclude each other), for an
     * {@code mmap} lock a file of its own there, for a server lock a key of its own in the server.
     *
     * @throws IllegalArgumentException if no lock of that name is declared, or {@code key} is null
     */
    NamedLock lock(String name, String key);
}
