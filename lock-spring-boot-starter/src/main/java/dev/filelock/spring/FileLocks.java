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
     * The lock for one {@code key} of the lock named {@code name}: for {@code file} and
     * {@code mmap} locks, a file of its own in the lock's {@link DeclaredLock#keyFolder() key
     * folder}, whatever characters the key holds.
     *
     * @throws IllegalArgumentException if no lock of that name is declared, or {@code key} is null
     */
    NamedLock lock(String name, String key);
}
