package dev.filelock.core;

import java.time.Duration;

/** Short, human-readable durations for messages: {@code 5s}, {@code 250ms}, {@code 1m30s}. */
final class Durations {

    private Durations() {
    }

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

    /** Rejects a negative timeout with a message that says what to pass instead. */
    static long toNanos(long time, java.util.concurrent.TimeUnit unit) {
        if (unit == null) {
            throw new IllegalArgumentException("timeout unit must not be null");
        }
        if (time < 0) {
            throw new IllegalArgumentException("timeout must not be negative, got " + time + " " + unit
                    .name().toLowerCase() + "; use 0 to try once, or lock() to wait without limit");
        }
        return unit.toNanos(time);
    }
}
