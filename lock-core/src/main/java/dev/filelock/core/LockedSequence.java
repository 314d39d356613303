package dev.filelock.core;

/**
 * The one sequence every locked call runs once its lock is held: {@code prefix → body → suffix},
 * then the release. {@link MmapLock#call} and the Spring starter (synchronous and asynchronous
 * calls alike) use it, so the rules are written once:
 * <ul>
 * <li>a prefix that throws stops the call: neither the body nor the suffix runs;</li>
 * <li>once the prefix has completed, the suffix runs even when the body throws, and what the
 * suffix throws then is added to the body's exception as suppressed;</li>
 * <li>the release always runs; what it throws (a {@link LockLostException}, say) is added as
 * suppressed to an exception already thrown, and thrown itself only when everything before it
 * succeeded;</li>
 * <li>the first exception is rethrown as it was, never wrapped.</li>
 * </ul>
 */
public final class LockedSequence {

    /** A step of the sequence: a hook, or the release. */
    @FunctionalInterface
    public interface Step {
        void run() throws Throwable;
    }

    /** The guarded work. */
    @FunctionalInterface
    public interface Body<T> {
        T call() throws Throwable;
    }

    /**
     * The guarded work as a function of its argument, so that a caller can pass a method reference
     * that captures nothing (such as {@code MethodInvocation::proceed}).
     */
    @FunctionalInterface
    public interface Work<C, T> {
        T call(C argument) throws Throwable;
    }

    /** The release as a function of the hold, for the same reason (such as {@code LockHold::release}). */
    @FunctionalInterface
    public interface Release<H> {
        void release(H hold) throws Throwable;
    }

    private LockedSequence() {
    }

    /**
     * Runs the sequence with the lock already held by the caller.
     *
     * @param prefix  run first; may be null for none
     * @param body    the guarded work
     * @param suffix  run after the body; may be null for none
     * @param release releases the lock; always run
     * @return what {@code body} returned
     * @throws Throwable the first of: the prefix's, the body's, the suffix's or the release's
     *                   exception, with any later one suppressed in it
     */
    public static <T> T run(Step prefix, Body<T> body, Step suffix, Step release) throws Throwable {
        if (body == null || release == null) {
            throw new IllegalArgumentException("body and release must not be null");
        }
        Throwable failure = null;
        try {
            if (prefix != null) {
                prefix.run();
            }
            T result;
            try {
                result = body.call();
            } catch (Throwable bodyFailure) {
                runAfter(suffix, bodyFailure);
                throw bodyFailure;
            }
            if (suffix != null) {
                suffix.run();
            }
            return result;
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            if (failure == null) {
                release.run();
            } else {
                runAfter(release, failure);
            }
        }
    }

    /**
     * The sequence without hooks, with the lock already held by the caller: {@code body} on
     * {@code argument}, then {@code release} of {@code hold}, by the same rules as
     * {@link #run(Step, Body, Step, Step)}. Given function objects that capture nothing, a call
     * allocates nothing: the path a locked method without hooks takes on every call.
     *
     * @return what {@code body} returned
     * @throws Throwable the body's exception, with the release's suppressed in it, or the release's
     */
    public static <C, H, T> T run(C argument, Work<C, T> body, H hold, Release<H> release) throws Throwable {
        T result;
        try {
            result = body.call(argument);
        } catch (Throwable failure) {
            try {
                release.release(hold);
            } catch (Throwable later) {
                suppress(failure, later);
            }
            throw failure;
        }
        release.release(hold);
        return result;
    }

    /** Runs {@code step} after {@code failure}: what it throws is kept as suppressed, never thrown. */
    private static void runAfter(Step step, Throwable failure) {
        if (step == null) {
            return;
        }
        try {
            step.run();
        } catch (Throwable later) {
            suppress(failure, later);
        }
    }

    // A step may rethrow the very exception it was given (a release reporting the body's failure):
    // adding it to itself would throw, and hide it.
    private static void suppress(Throwable failure, Throwable later) {
        if (later != failure) {
            failure.addSuppressed(later);
        }
    }
}
