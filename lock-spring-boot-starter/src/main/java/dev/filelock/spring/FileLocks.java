package dev.filelock.spring;

import java.util.Collection;
import java.util.Optional;

import dev.filelock.core.InterProcessLock;

/**
 * The locks declared under {@code file-lock.locks}, for code that locks by hand rather than with
 * {@link FileLocked}:
 * <pre>{@code
 * try (var held = fileLocks.lock("orders", order.id()).acquire(Duration.ofSeconds(5))) { ... }
 * }</pre>
 * An {@code mmap} lock is returned as a {@link dev.filelock.core.MmapLock}.
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
    InterProcessLock lock(String name);

    /**
     * The lock for one {@code key} of the lock named {@code name}: a file of its own in the lock's
     * {@link DeclaredLock#keyFolder() key folder}, whatever characters the key holds.
     *
     * @throws IllegalArgumentException if no lock of that name is declared, or {@code key} is null
     */
    InterProcessLock lock(String name, String key);
}
