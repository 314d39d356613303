package dev.filelock.core;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Whether the file a region lock maps is still the one its path names, whole: a file deleted,
 * replaced or truncated while processes use it splits them, since whoever opens the path afterwards
 * maps another file. A check is one {@code stat} ({@link PathStat}), which costs far more than such a
 * lock's uncontended hold, so a release checks only when no check was made for
 * {@value #PERIOD_MILLIS} ms: every hold that lasts that long is checked when it ends, and a loss
 * during shorter holds is reported by a release within that time. Once the file is lost, the lock
 * can no longer be used ({@link #requireUsable()}), and its {@code of(...)} makes a new one.
 * <p>
 * {@link #loss()}, {@link #isUsable()} and {@link #markUnusable} may be called by any thread; the
 * rest by the holding thread only, whose uses the JVM-wide lock orders.
 */
final class MappedFileWatch {

    static final long PERIOD_MILLIS = 1;
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);

    private final PathStat stat;
    private final long device;
    private final long inode;
    private final long minSize;
    private final String kind;
    private final Class<?> maker;
    /** Why the lock can no longer be used, or null while it can. */
    private volatile String unusable;

    // The holding thread's.
    private long checkedAt = System.nanoTime();
    private String lostWhileHeld;

    /**
     * @param mapped  what the path named when the file was opened and mapped
     * @param minSize the size below which the file counts as truncated
     * @param kind    how messages name the file, e.g. "Mmap lock file"
     * @param maker   the lock's class, whose {@code of} makes a new lock for the path
     */
    MappedFileWatch(PathStat mapped, long minSize, String kind, Class<?> maker) {
        this.stat = mapped;
        this.device = mapped.device;
        this.inode = mapped.inode;
        this.minSize = minSize;
        this.kind = kind;
        this.maker = maker;
    }

    /** What became of the file ("deleted", "replaced by another file", "truncated to N bytes"), or null. */
    String loss() throws IOException {
        synchronized (stat) {
            return stat.loss(device, inode, minSize);
        }
    }

    /**
     * For a release: the loss that {@link #ensureValid()} found during this hold, else what a check
     * finds now if one is due, else null.
     */
    String lossAtRelease() throws IOException {
        String loss = lostWhileHeld;
        lostWhileHeld = null;
        if (loss == null) {
            long now = System.nanoTime();
            if (now - checkedAt >= PERIOD_NANOS) {
                checkedAt = now;
                loss = loss();
            }
        }
        return loss;
    }

    /**
     * For the holder: throws {@link LockLostException} if the file was lost, and keeps it for the
     * release to report.
     */
    void ensureValid() throws IOException {
        String loss = loss();
        if (loss != null) {
            lostWhileHeld = loss;
            throw lost(loss, false);
        }
    }

    /** The report of a hold lost because its file was {@code what}. */
    LockLostException lost(String what, boolean released) {
        return LockFiles.lost(stat.path, what, null, released);
    }

    /** Ends the lock's use because its file was {@code what}; returns why, for a message. */
    String markLost(String what) {
        return markUnusable(LockFiles.unusable(kind, stat.path, what, maker));
    }

    /** Ends the lock's use for {@code reason}, unless it has ended already; returns the reason that stands. */
    synchronized String markUnusable(String reason) {
        if (unusable == null) {
            unusable = reason;
        }
        return unusable;
    }

    boolean isUsable() {
        return unusable == null;
    }

    /** @throws LockException saying why, if the lock can no longer be used */
    void requireUsable() {
        String reason = unusable;
        if (reason != null) {
            throw new LockException(reason);
        }
    }
}
