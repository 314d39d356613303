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

    /** Runs {@code step} after {@code failure}: what it throws is kept as suppressed, never thrown. */
    private static void runAfter(Step step, Throwable failure) {
        if (step == null) {
            return;
        }
        try {
            step.run();
        } catch (Throwable later) {
            if (later != failure) {
                failure.addSuppressed(later);
            }
        }
    }
}
