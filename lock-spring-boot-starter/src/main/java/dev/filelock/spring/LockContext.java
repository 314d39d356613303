package dev.filelock.spring;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import dev.filelock.core.SharedRegion;

/**
 * What a {@link LockHook} sees of the call it runs in. Valid only while the hook runs, on the
 * thread that holds the lock.
 */
public interface LockContext {

    /** The lock's name, as declared under {@code file-lock.locks}. */
    String lockName();

    /** The value of the annotation's {@code key} for this call; empty when the lock has no key. */
    Optional<String> key();

    /** The kind of the lock. */
    LockType type();

    /**
     * The lock's file (for a lock split by key, the key's file).
     *
     * @throws IllegalStateException for a lock type that lives in no file
     */
    Path file();

    /** The annotated method (on the user's class, not on a proxy). */
    Method method();

    /** The call's arguments; changing the array's elements does not change the call. */
    Object[] arguments();

    /** The bean whose method is called. */
    Object target();

    /**
     * The shared region of an {@code mmap} lock.
     *
     * @throws IllegalStateException for a {@code file} lock, which has no region (declared hooks
     *                               that use it are refused at start-up)
     */
    SharedRegion region();

    /**
     * Whether this hold took an {@code mmap} lock over from a process that died holding it: the
     * region may be half-written. Always {@code false} for a {@code file} lock, whose OS lock
     * carries no state.
     */
    boolean recoveredFromCrash();

    /**
     * The {@code mmap} lock's generation, a fencing token that grows with every acquisition;
     * {@code 0} for a {@code file} lock.
     */
    long generation();

    /**
     * A number that grows with every acquisition of the lock, for the lock types that have one
     * (an {@code mmap} lock's generation); empty for a {@code file} lock. Pass it to the resource
     * the lock protects: one that remembers the highest token it has seen and refuses lower ones
     * cannot be changed by a holder that lost the lock meanwhile.
     */
    OptionalLong fencingToken();
}
