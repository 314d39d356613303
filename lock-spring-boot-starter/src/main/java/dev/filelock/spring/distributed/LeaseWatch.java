package dev.filelock.spring.distributed;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The threads that keep a provider's leases: one timer thread that only schedules (renewal periods,
 * each hold's deadline), and a few threads that make the round trips of renewals and releases. The
 * timer never waits for an engine, so a hold's deadline fires on time however long a renewal is stuck
 * (in a pool's connection wait, on a link that stopped answering), and after a JVM pause the timer's
 * overdue deadlines are what runs first.
 */
final class LeaseWatch implements AutoCloseable {

    private static final Log LOG = LogFactory.getLog(LeaseWatch.class);

    /** Round trips made at once; more renewals queue, and a hold whose renewal waits too long is lost at its deadline. */
    private static final int ROUND_TRIPS = 4;

    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor roundTrips;

    LeaseWatch(String name) {
        timer = new ScheduledThreadPoolExecutor(1, task -> daemon(task, name));
        timer.setRemoveOnCancelPolicy(true);
        roundTrips = new ThreadPoolExecutor(ROUND_TRIPS, ROUND_TRIPS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> daemon(task, name + "-io"));
        roundTrips.allowCoreThreadTimeOut(true);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Runs {@code tick}, which must not block, every {@code period} until cancelled. */
    ScheduledFuture<?> every(Duration period, Runnable tick) {
        long nanos = Math.max(1, period.toNanos());
        // An exception would end the schedule without a word.
        return timer.scheduleWithFixedDelay(() -> {
            try {
                tick.run();
            } catch (RuntimeException e) {
                LOG.error("A lease renewal failed unexpectedly; it is retried at the next period", e);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Runs {@code task}, which must not block, when {@link System#nanoTime()} reaches {@code nanoTime}. */
    ScheduledFuture<?> at(long nanoTime, Runnable task) {
        return timer.schedule(task, Math.max(0, nanoTime - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code roundTrip} on a thread of its own kind, so that the timer never waits for an engine. */
    Future<?> roundTrip(Runnable roundTrip) {
        return roundTrips.submit(roundTrip);
    }

    /** Makes {@code roundTrip} on a thread of its own kind, for a caller that waits for its answer a bounded time. */
    <T> Future<T> roundTrip(Callable<T> roundTrip) {
        return roundTrips.submit(roundTrip);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        roundTrips.shutdownNow();
    }
}
