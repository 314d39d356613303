package dev.filelock.core;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Timeouts: validated, converted without overflow, and printed short for messages. */
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

    /** The timeout in nanoseconds, saturated; a negative one is refused with what to pass instead. */
    static long toNanos(Duration timeout) {
        if (timeout.isNegative()) {
            throw negative(timeout.toString());
        }
        return timeout.compareTo(Duration.ofNanos(FOREVER_NANOS)) > 0 ? Long.MAX_VALUE : timeout.toNanos();
    }

    static long toNanos(long time, TimeUnit unit) {
        if (unit == null) {
            throw new IllegalArgumentException("timeout unit must not be null");
        }
        if (time < 0) {
            throw negative(time + " " + unit.name().toLowerCase());
        }
        return unit.toNanos(time);
    }

    private static IllegalArgumentException negative(String got) {
        return new IllegalArgumentException("timeout must not be negative, got " + got
                + "; use 0 to try once, or lock() to wait without limit");
    }
}
