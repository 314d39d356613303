package dev.filelock.core;

import java.util.concurrent.TimeUnit;

/**
 * When a release of a lock whose hold costs less than a {@code stat} checks its file: only when no
 * check was made for {@value #PERIOD_MILLIS} ms. Every hold that lasts that long is checked when it
 * ends, and a loss during shorter holds is reported by a release within that time, while a thread
 * re-acquiring in a loop pays for one {@code stat} per period instead of one per hold. Used by the
 * holding thread only (the JVM-wide lock orders its uses).
 */
final class ReleaseCheck {

    static final long PERIOD_MILLIS = 1;
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);

    private long checkedAt = System.nanoTime();

    /** Whether this release should check; if so, counts it as made now. */
    boolean due() {
        long now = System.nanoTime();
        if (now - checkedAt < PERIOD_NANOS) {
            return false;
        }
        checkedAt = now;
        return true;
    }
}
