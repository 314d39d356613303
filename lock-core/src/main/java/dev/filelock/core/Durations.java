package dev.filelock.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Timeouts: converted without overflow, and printed short for messages. */
final class Durations {

    /** Waits longer than this (about 146 years) are waits for ever; it keeps deadlines from overflowing. */
    static final long FOREVER_NANOS = Long.MAX_VALUE / 2;

    private Durations() {
    }

    /** Short and human-readable: {@code 5s}, {@code 250ms}, {@code 1.5s}, {@code 2m30s}. */
    static String format(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return "0s";
        }
        if (d.toMillis() < 1) {
            return d.toNanos() / 1_000 + "µs";
        }
        if (d.toSeconds() < 1) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        long ms = d.toMillisPart();
        String secs = ms == 0 ? s % 60 + "s" : String.format("%d.%03ds", s % 60, ms).replaceAll("0+s$", "s");
        return s < 60 ? secs : s / 60 + "m" + secs;
    }

    /**
     * The timeout of {@link InterProcessLock#acquire(java.time.Duration)} in nanoseconds: a
     * negative one, or one longer than {@link #FOREVER_NANOS}, waits for ever ({@code -1}), as the
     * starter's {@code timeout: -1} and the Python tool's {@code timeout=-1} do.
     */
    static long toNanos(Duration timeout) {
        if (timeout.isNegative() || timeout.compareTo(Duration.ofNanos(FOREVER_NANOS)) > 0) {
            return -1;
        }
        return timeout.toNanos();
    }

    /**
     * The time of {@link java.util.concurrent.locks.Lock#tryLock(long, TimeUnit)} in nanoseconds:
     * as that contract says, a time of zero or less does not wait, which keeps a caller that passes
     * what is left of its own deadline from waiting for ever once it has run out.
     */
    static long toNanos(long time, TimeUnit unit) {
        if (unit == null) {
            throw new IllegalArgumentException("timeout unit must not be null");
        }
        return Math.max(0, unit.toNanos(time));
    }
}
