package dev.filelock.spring;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The {@link LockContext} of the innermost locked call running on each thread; read it with
 * {@link LockContext#current()}. The starter binds a call's context for as long as its method runs
 * (hooks included) and restores the enclosing call's when it ends, as Spring's
 * {@code TransactionSynchronizationManager} binds a transaction to a thread. {@link #bind} and
 * {@link #restore} are for the code that runs locked calls (the starter's invoker, or a lock type's
 * own); applications only read.
 */
public final class LockContextHolder {

    private static final ThreadLocal<LockContext> CURRENT = new ThreadLocal<>();

    private LockContextHolder() {
    }

    /** The context bound to this thread, if a locked call runs on it. */
    public static Optional<LockContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Binds {@code context} to this thread for the call that holds its lock.
     *
     * @return the context it replaces (an enclosing call's), to give to {@link #restore}
     */
    public static @Nullable LockContext bind(LockContext context) {
        LockContext outer = CURRENT.get();
        CURRENT.set(context);
        return outer;
    }

    /** Ends the binding made by {@link #bind}: {@code outer} is the context it returned. */
    public static void restore(@Nullable LockContext outer) {
        if (outer == null) {
            // Pooled threads keep no entry once the last locked call on them ended.
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
