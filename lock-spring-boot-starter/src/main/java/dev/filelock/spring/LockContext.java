package dev.filelock.spring;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

import dev.filelock.core.SharedRegion;

/**
 * What a {@link LockHook} and the locked method see of the call they run in: the lock, its key, the
 * hold. Valid while the call holds the lock, on the thread that runs it; the method itself gets it
 * with {@link #current()}.
 */
public interface LockContext {

    /**
     * The context of the innermost {@link FileLocked} call running on this thread, bound for as long
     * as its method runs (hooks included) and restored to the enclosing call's when it ends; empty
     * outside locked methods. The binding is the thread's: work the method hands to another thread (an
     * executor, a {@code CompletableFuture}, a reactive pipeline) must be given the context. An
     * asynchronous locked method ({@code CompletionStage}, {@code suspend}, {@code Mono}/{@code Flux})
     * runs its work after the call returned, on other threads: take its context in a prefix hook.
     */
    static Optional<LockContext> current() {
        return LockContextHolder.current();
    }

    /**
     * Whether this call still holds its lock: {@code false} once the lock was found lost while held
     * (a lease that ran out on this JVM's monotonic clock, a server that no longer records the hold,
     * a lock file deleted or replaced), so that another holder may be running. Cheap: a server lock
     * answers from what its lease watch knows, without a round trip; a file lock checks its file with
     * a system call. A long method can ask between steps and stop early; see also
     * {@link OnLost#INTERRUPT}.
     */
    boolean isHeld();

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
