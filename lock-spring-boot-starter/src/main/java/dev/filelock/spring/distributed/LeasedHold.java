package dev.filelock.spring.distributed;

import java.time.Duration;
import java.util.ConcurrentModificationException;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Lock;

import org.jspecify.annotations.Nullable;

import dev.filelock.core.LockLostException;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.NamedLock;

/**
 * One acquisition of a lock on a server, with its lease watched: renewed every third of the lease
 * while held, and judged lost, never silently, when the engine says it is no longer ours (a renewal
 * or the release finds another holder or none), or when the engine could not be reached to renew it
 * before the lease ran out on this JVM's monotonic clock. The lease is counted from the moment before
 * the request that obtained or renewed it was sent, so this side never believes it longer than the
 * engine does. A successful renewal proves that nobody took the lock meanwhile: only this process
 * writes its client id, and it does not while it holds the lock; so a pause (GC, {@code SIGSTOP}) past
 * the lease is a loss exactly when another process took the lock during it.
 */
final class LeasedHold implements LockHold {

    private final RegistryLock lock;
    private final Lock engineLock;
    private final @Nullable Duration lease;
    private final long leaseNanos;
    private final long requestedAt;
    private @Nullable ScheduledFuture<?> renewal;

    // Guarded by this: the renewal thread and the holder's thread both read and write them.
    private long expiresAt;
    private @Nullable String lostBecause;
    private @Nullable Throwable lostCause;
    private @Nullable RuntimeException renewalFailure;
    private boolean released;
    private @Nullable OptionalLong fencingToken;

    LeasedHold(RegistryLock lock, Lock engineLock, @Nullable Duration lease, long requestedAt) {
        this.lock = lock;
        this.engineLock = engineLock;
        this.lease = lease;
        this.leaseNanos = lease == null ? 0 : lease.toNanos();
        this.requestedAt = requestedAt;
        this.expiresAt = requestedAt + leaseNanos;
    }

    /** Starts renewing every third of the lease; renews right away when the wait ate a third already. */
    void watch(LeaseWatch watch) {
        if (lease == null) {
            return;
        }
        if (System.nanoTime() - requestedAt > leaseNanos / 3) {
            renew();
        }
        renewal = watch.every(lease.dividedBy(3), this::renew);
    }

    /** One renewal; called by the lease watch's thread. */
    void renew() {
        long requestedAt = System.nanoTime();
        synchronized (this) {
            if (released || lostBecause != null || ranOutUnconfirmed(requestedAt)) {
                return;
            }
        }
        boolean renewed;
        try {
            renewed = lock.engine().renew(lock.engineKey(), lease);
        } catch (RuntimeException unreachable) {
            // Retried at the next tick; the lease runs out on our clock before the engine's.
            lock.provider().renewalFailed(lock, unreachable);
            synchronized (this) {
                renewalFailure = unreachable;
            }
            return;
        }
        synchronized (this) {
            if (released) {
                return; // A renewal that raced with the release: the lock is no longer ours to keep.
            }
            if (renewed) {
                expiresAt = requestedAt + leaseNanos;
                renewalFailure = null;
            } else {
                lose(lock.engine().description() + " no longer records it as this process's: its lease of " + lease
                        + " expired or another process took it", null);
            }
        }
    }

    @Override
    public NamedLock lock() {
        return lock;
    }

    /** Asks the engine when the lease ran out on this side's clock: only the engine knows whether someone took it. */
    @Override
    public boolean isLost() {
        boolean ask;
        synchronized (this) {
            ask = lostBecause == null && lease != null && System.nanoTime() - expiresAt >= 0;
        }
        if (ask) {
            renew();
        }
        synchronized (this) {
            return lostBecause != null;
        }
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
                throw lock.provider().lostException(lock, lost.getMessage(), lost);
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
     * @throws LockLostException when the lease was lost at any time while held, or the release could
     *                           not reach the engine (then the lease runs out on the engine)
     */
    @Override
    public void release() {
        String reason;
        Throwable cause;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            if (renewal != null) {
                renewal.cancel(false);
            }
            ranOutUnconfirmed(System.nanoTime());
        }
        try {
            lock.release(engineLock);
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
        synchronized (this) {
            reason = lostBecause;
            cause = lostCause;
        }
        if (reason != null) {
            throw lock.provider().lostException(lock, reason, cause);
        }
    }

    /**
     * Whether the lease ran out at {@code now} while the engine could not be reached to renew it; records
     * the loss when it did. A lease that ran out during a pause is not lost by itself: the next renewal
     * or the release asks the engine, which says whether someone else took it. Holds this.
     */
    private boolean ranOutUnconfirmed(long now) {
        if (lostBecause != null) {
            return true;
        }
        if (lease == null || renewalFailure == null || now - expiresAt < 0) {
            return false;
        }
        lose("its lease of " + lease + " ran out while " + lock.engine().description()
                + " could not be reached to renew it (" + renewalFailure + ")", renewalFailure);
        return true;
    }

    /** Records the first loss and reports it at once. Holds this. */
    private void lose(String reason, @Nullable Throwable cause) {
        if (lostBecause != null) {
            return;
        }
        lostBecause = reason;
        lostCause = cause;
        lock.provider().reportLoss(lock, reason, cause);
    }
}
