package dev.filelock.spring.distributed;

import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.OptionalLong;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.filelock.core.LockLostException;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.NamedLock;

/**
 * One acquisition of a lock on a server, judged by this JVM's monotonic clock: it is valid until the
 * start of the last request that obtained or renewed it plus the lease, less a margin
 * ({@link #validity}). A renewal is started every third of the lease, on the lease watch's round-trip
 * threads; a timer fires at the end of the validity whatever the renewal is doing (failed, stuck in a
 * connection pool, never run because the JVM was paused) and the hold is lost at that moment: told to
 * the listener of {@link #onLost}, thrown by the release. The engine's answers add their own losses: a
 * renewal, token or release that finds the lock no longer this process's.
 */
final class LeasedHold implements LockHold {

    private final RegistryLock lock;
    private final Lock engineLock;
    private final @Nullable Duration lease;
    private final long validNanos;
    private final long requestedAt;
    private final HoldLoss loss;
    private @Nullable LeaseWatch watch;

    // Guarded by this: the timer, the round-trip threads and the holder's thread read and write them.
    private long validUntil;
    private @Nullable ScheduledFuture<?> ticks;
    private @Nullable ScheduledFuture<?> deadline;
    private @Nullable Future<?> renewing;
    private @Nullable RuntimeException renewalFailure;
    private boolean released;
    private @Nullable OptionalLong fencingToken;

    LeasedHold(RegistryLock lock, Lock engineLock, @Nullable Duration lease, long requestedAt) {
        this.lock = lock;
        this.engineLock = engineLock;
        this.lease = lease;
        this.validNanos = lease == null ? 0 : validity(lease).toNanos();
        this.requestedAt = requestedAt;
        this.validUntil = requestedAt + validNanos;
        this.loss = new HoldLoss(lock);
    }

    /**
     * How long after the start of a successful request this side counts on the lease: the lease less
     * a tenth, so that the holder stops believing before the engine lets another in, whatever the
     * rounding of its expiry and the drift of the two clocks.
     */
    static Duration validity(Duration lease) {
        return lease.minus(lease.dividedBy(10));
    }

    /**
     * Arms the deadline and renews every third of the lease. An acquisition that itself took more
     * than a third of the lease (a cold connection, a slow server) is confirmed first by a renewal on
     * the acquiring thread, before the method starts: the hold is counted from that renewal.
     */
    void watch(LeaseWatch watch) {
        if (lease == null) {
            return;
        }
        synchronized (this) {
            this.watch = watch;
        }
        if (System.nanoTime() - requestedAt > lease.toNanos() / 3) {
            renew(true);
        }
        synchronized (this) {
            if (!loss.isLost()) {
                armDeadline();
                ticks = watch.every(lease.dividedBy(3), this::tick);
            }
        }
    }

    /** (Re)schedules the deadline at the end of the validity. Holds this. */
    private void armDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
        deadline = watch.at(validUntil, this::deadlinePassed);
    }

    /** Starts a renewal unless one is under way; on the timer's thread, so it never waits for the engine. */
    private synchronized void tick() {
        if (released || ranOut(System.nanoTime()) || renewing != null && !renewing.isDone()) {
            return;
        }
        renewing = watch.roundTrip(() -> renew(false));
    }

    private synchronized void deadlinePassed() {
        if (!released) {
            ranOut(System.nanoTime());
        }
    }

    /**
     * One renewal, on a round-trip thread: a success moves the deadline, a refusal is a loss.
     *
     * @param confirming whether it confirms a slow acquisition, whose first validity may have run out
     *                   already: its success counts from when it was sent all the same
     */
    private void renew(boolean confirming) {
        long sentAt = System.nanoTime();
        boolean renewed;
        try {
            renewed = lock.engine().renew(lock.engineKey(), lease);
        } catch (RuntimeException unreachable) {
            synchronized (this) {
                if (released || loss.isLost()) {
                    return;
                }
                renewalFailure = unreachable;
            }
            // Retried at the next tick, until the deadline.
            lock.provider().renewalFailed(lock, unreachable);
            return;
        }
        synchronized (this) {
            // A renewal that raced with the release or with the deadline: the answer came too late to count.
            if (released || !confirming && ranOut(System.nanoTime())) {
                return;
            }
            if (!renewed) {
                lose(lock.engine().description() + " no longer records it as this process's: its lease of " + lease
                        + " expired or another process took it", null);
                return;
            }
            validUntil = sentAt + validNanos;
            renewalFailure = null;
            armDeadline();
        }
    }

    @Override
    public NamedLock lock() {
        return lock;
    }

    /** Judged on this JVM's clock, without a round trip: lost once found lost, or once the validity ran out. */
    @Override
    public synchronized boolean isLost() {
        return ranOut(System.nanoTime());
    }

    @Override
    public void onLost(Consumer<? super LockLostException> listener) {
        loss.listen(listener);
    }

    /** Issued on first use while the engine still records this hold as the lock's holder, then kept. */
    @Override
    public OptionalLong fencingToken() {
        OptionalLong token;
        synchronized (this) {
            token = fencingToken;
        }
        if (token == null) {
            try {
                token = lock.engine().fencingToken(lock.engineKey(), lease);
            } catch (LockLostException lost) {
                synchronized (this) {
                    lose(lost.getMessage(), lost);
                }
                loss.throwIfLost();
            }
            synchronized (this) {
                fencingToken = token;
            }
        }
        return token;
    }

    /**
     * Stops renewing and releases the lock on the engine.
     *
     * @throws LockLostException when the hold was lost at any time while held, or the release could
     *                           not reach the engine (then the lease runs out on the engine)
     */
    @Override
    public void release() {
        long deadline;
        LeaseWatch bound;
        synchronized (this) {
            if (released) {
                return;
            }
            bound = watch;
            deadline = ranOut(System.nanoTime()) ? System.nanoTime() : validUntil;
            released = true;
            stopWatching();
        }
        try {
            // The engine's part waits no longer than the validity left: none once lost.
            ReleaseBound.within(bound, deadline, () -> lock.release(engineLock));
        } catch (ConcurrentModificationException expired) {
            synchronized (this) {
                lose(lock.engine().description() + " had already released it when its lease of " + lease
                        + " expired, so another process may have held it meanwhile", expired);
            }
        } catch (RuntimeException unreachable) {
            synchronized (this) {
                lose("it could not be released at " + lock.engine().description() + " (" + unreachable
                        + "), so the engine keeps it until its lease runs out", unreachable);
            }
        }
        loss.throwIfLost();
    }

    /**
     * Whether the hold is lost at {@code now}: found lost already, or its validity ran out, which is
     * recorded as the loss then. Holds this.
     */
    private boolean ranOut(long now) {
        if (loss.isLost()) {
            return true;
        }
        if (lease == null || now - validUntil < 0) {
            return false;
        }
        String why = renewalFailure != null
                ? "while " + lock.engine().description() + " could not be reached to renew it (" + renewalFailure + ")"
                : renewing != null && !renewing.isDone()
                        ? "while its renewal still waited for " + lock.engine().description()
                                + " (in a connection pool, or on a link that does not answer)"
                        : "before a renewal could run: this process was not running (a pause: GC, SIGSTOP, a suspended VM)";
        long confirmedAgo = TimeUnit.NANOSECONDS.toMillis(now - (validUntil - validNanos));
        lose("its lease of " + lease + " ran out on this JVM's clock (" + confirmedAgo + " ms after the start of the "
                + "last request the engine confirmed; counted on for " + validNanos / 1_000_000 + " ms) " + why,
                renewalFailure);
        return true;
    }

    /** Records the loss, tells it now, and stops renewing. Holds this. */
    private void lose(String reason, @Nullable Throwable cause) {
        loss.lose(reason, cause);
        stopWatching();
    }

    /** Holds this. */
    private void stopWatching() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (renewing != null) {
            // A renewal stuck in a pool's wait gives its thread back.
            renewing.cancel(true);
        }
    }
}
