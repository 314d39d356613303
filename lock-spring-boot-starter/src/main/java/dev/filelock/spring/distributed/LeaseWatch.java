package dev.filelock.spring.distributed;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The one thread that renews the leases of a provider's holds. A renewal is a single round trip, so
 * one thread keeps many leases; a renewal that hangs delays the others, which then run out on this
 * side's clock and are reported lost rather than silently kept.
 */
final class LeaseWatch implements AutoCloseable {

    private static final Log LOG = LogFactory.getLog(LeaseWatch.class);

    private final ScheduledThreadPoolExecutor executor;

    LeaseWatch(String name) {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code renewal} every {@code period}, after each previous run, until cancelled. */
    ScheduledFuture<?> every(Duration period, Runnable renewal) {
        long nanos = Math.max(1, period.toNanos());
        // An exception would end the schedule without a word: the renewals log what they cannot handle.
        return executor.scheduleWithFixedDelay(() -> {
            try {
                renewal.run();
            } catch (RuntimeException e) {
                LOG.error("A lease renewal failed unexpectedly; it is retried at the next period", e);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
