package dev.filelock.spring.distributed;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

/**
 * How long the release of a hold may wait for its engine: no longer than the hold's remaining
 * validity, which is zero once the hold is lost. The registries release on the holding thread (their
 * locks are the thread's), so the bound travels with that thread while {@link LeasedHold} releases,
 * and the engines' round trips ask it ({@link #call}).
 */
final class ReleaseBound {

    private static final ThreadLocal<ReleaseBound> CURRENT = new ThreadLocal<>();

    private final LeaseWatch watch;
    private final long deadline;

    private ReleaseBound(LeaseWatch watch, long deadline) {
        this.watch = watch;
        this.deadline = deadline;
    }

    /** Runs {@code release} on this thread, its round trips bounded by {@code deadline} ({@link System#nanoTime()}). */
    static void within(@Nullable LeaseWatch watch, long deadline, Runnable release) {
        if (watch == null) {
            release.run();
            return;
        }
        CURRENT.set(new ReleaseBound(watch, deadline));
        try {
            release.run();
        } finally {
            CURRENT.remove();
        }
    }

    /**
     * Makes a release's round trip: on a thread of the lease watch, waited for until the bound, then
     * interrupted; on this thread when no bound is set.
     *
     * @throws IllegalStateException when the engine did not answer in time, or the round trip failed
     *                               with a checked exception
     */
    static <T> T call(Callable<T> roundTrip, String what) {
        ReleaseBound bound = CURRENT.get();
        if (bound == null) {
            return unchecked(roundTrip);
        }
        Future<T> answer = bound.watch.roundTrip(roundTrip);
        long left = Math.max(0, bound.deadline - System.nanoTime());
        try {
            return answer.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            answer.cancel(true);
            throw new IllegalStateException(what + " did not answer within the hold's remaining validity ("
                    + TimeUnit.NANOSECONDS.toMillis(left) + " ms)");
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(what + " failed: " + failed.getCause(), failed.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + what, e);
        }
    }

    private static <T> T unchecked(Callable<T> call) {
        try {
            return call.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
