package dev.filelock.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits for an OS lock in the kernel, as Python's blocking {@code fcntl.flock} does, so that the
 * waiter is woken at the release instead of polling into the gaps between other processes' holds,
 * and costs no CPU while it waits; yet keeps what a blocked system call cannot: timeouts and
 * interrupts. One daemon thread per lock, started by the first wait and ended after a second
 * without one, blocks in the kernel on the lock's own open file and hands the OS lock to the JVM
 * thread that waits for it, which then records itself as the owner; when that thread has given up
 * (timed out, interrupted) the waiter thread releases the lock at once. It never touches the lock
 * object, so an unused lock is still collected; its {@link #close()} then ends the thread, at once
 * when it is idle, else as soon as the blocked call returns (the descriptor is closed only then, so
 * that no reused descriptor number is ever unlocked). docs/file-lock.md, "Waiting", says why.
 * <p>
 * The JVM-wide lock in front of it lets only one thread at a time call {@link #tryAcquire},
 * {@link #await} and {@link #release}; the waiter thread is the only other thread that locks, and
 * while its call is pending nobody else uses the descriptor to lock, probe or unlock.
 * <p>
 * <b>Taking turns.</b> The kernel wakes a blocked process at a release but does not hand it the
 * lock: a holder that asks again at once takes it back before the woken process runs, and can keep
 * it from that process for as long as it loops. So {@link #giveWay} lets a known waiter in: a
 * waiting acquisition that comes within {@value #AT_ONCE_MICROS} µs of this process's own release
 * asks whether another process waits ({@link ProcessLevelLock#othersWait()}), and if one does, lets
 * it take the lock (for up to {@value #GRACE_MILLIS} ms) before it asks itself, in the kernel,
 * behind it. It asks at most once per {@value #TURN_MICROS} µs of such holds while processes take
 * turns (a process that got the lock by waiting has that long before it asks), and once per
 * {@value #QUIET_LOOK_MILLIS} ms after it found nobody waiting. One that does not ask again at once
 * never asks: the uncontended path pays a clock read per acquisition and a system call per
 * millisecond of back-to-back holds.
 */
final class KernelWait implements ProcessLevelLock {

    /** How long the waiter thread stays for the next wait: under contention it is reused. */
    private static final long IDLE = TimeUnit.SECONDS.toNanos(1);
    /** An acquisition this soon after this process's release may keep a woken waiter out. */
    static final long AT_ONCE_MICROS = 50;
    /** How long back-to-back holds keep the lock before they look for a waiter again. */
    static final long TURN_MICROS = 100;
    /** How long after finding nobody waiting a process looks again. */
    static final long QUIET_LOOK_MILLIS = 1;
    /** How long a re-acquisition lets a known waiter take the lock, at most. */
    static final long GRACE_MILLIS = 1;
    static final long AT_ONCE = TimeUnit.MICROSECONDS.toNanos(AT_ONCE_MICROS);
    private static final long TURN = TimeUnit.MICROSECONDS.toNanos(TURN_MICROS);
    private static final long GRACE = TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
    private static final long QUIET_LOOK = TimeUnit.MILLISECONDS.toNanos(QUIET_LOOK_MILLIS);
    /** After waiters that did not come, the next look is 2, 4, ... up to this many turns later. */
    private static final int MAX_TURNS_AFTER_MISSES = 1024;

    private final Path path;
    private final ProcessLevelLock os;

    // Guarded by this.
    private Thread waiter;
    private boolean blocked;
    private boolean granted;
    private Thread requester;
    private IOException failure;
    private boolean closed;

    // The JVM-wide lock's holder's: when this process last released, and when it looks for a
    // waiter next.
    private long releasedAt = System.nanoTime() - 2 * AT_ONCE;
    private long nextLookAt = releasedAt;
    private int turnsAfterMisses = 1;

    KernelWait(Path path, ProcessLevelLock os) {
        this.path = path;
        this.os = os;
    }

    /** The name of the waiter thread of the lock on {@code path}, as thread dumps show it. */
    static String threadName(Path path) {
        return "file-lock waiter " + path;
    }

    @Override
    public synchronized boolean tryAcquire(int attempt) throws IOException {
        // A pending blocking call means the lock is taken (or being handed to a waiter this very
        // moment); locking the same open file meanwhile would merge with that call's lock.
        return !blocked && os.tryAcquire(attempt);
    }

    @Override
    public boolean waitsItself() {
        return true;
    }

    /** Waits, after a failed {@link #tryAcquire}, until the waiter thread hands over the OS lock. */
    @Override
    public boolean await(long deadline, boolean forever, boolean interruptible) throws IOException, InterruptedException {
        while (true) {
            Boolean handed = forever && !interruptible ? blockHere() : null;
            if (handed == null) {
                handed = awaitHandOver(deadline, forever, interruptible);
            }
            if (!handed) {
                return false;
            }
            if (os.adopt()) {
                nextLookAt = System.nanoTime() + TURN;
                return true;
            }
            // The file waited for was deleted or replaced meanwhile: wait for the one there now.
        }
    }

    // Whether the waiter thread handed the OS lock over before the deadline.
    private boolean awaitHandOver(long deadline, boolean forever, boolean interruptible)
            throws IOException, InterruptedException {
        Thread me = Thread.currentThread();
        synchronized (this) {
            requester = me;
            if (waiter == null) {
                waiter = new Thread(this::serve, threadName(path));
                waiter.setDaemon(true);
                waiter.start();
            } else {
                notifyAll();
            }
        }
        boolean interrupted = false;
        try {
            while (true) {
                synchronized (this) {
                    if (granted || failure != null) {
                        break;
                    }
                    boolean timedOut = !forever && deadline - System.nanoTime() <= 0;
                    if (timedOut || (interruptible && me.isInterrupted())) {
                        requester = null;
                        if (timedOut) {
                            return false;
                        }
                        Thread.interrupted();
                        throw new InterruptedException("Interrupted while waiting for lock " + path);
                    }
                }
                if (forever) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, deadline - System.nanoTime());
                }
                if (!interruptible && Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                me.interrupt();
            }
        }
        IOException failed;
        synchronized (this) {
            requester = null;
            failed = failure;
            failure = null;
            granted = false;
        }
        if (failed != null) {
            throw failed;
        }
        return true;
    }

    // A wait that neither ends nor can be interrupted needs no waiter thread: the caller blocks in
    // the kernel itself, which saves the hand-over (two thread wake-ups) at every release.
    // True once it holds the OS lock; null when the waiter thread is busy and must be used instead.
    private Boolean blockHere() throws IOException {
        synchronized (this) {
            if (blocked) {
                return null;
            }
            blocked = true;
        }
        try {
            os.lockBlocking();
        } finally {
            synchronized (this) {
                blocked = false;
            }
        }
        return true;
    }

    @Override
    public void release() throws IOException {
        try {
            os.release();
        } finally {
            releasedAt = System.nanoTime();
        }
    }

    @Override
    public void giveWay(long maxNanos) throws IOException {
        long now = System.nanoTime();
        if (now - releasedAt > AT_ONCE || now - nextLookAt < 0) {
            return;
        }
        if (!os.othersWait()) {
            nextLookAt = now + QUIET_LOOK;
            return;
        }
        // The waiter was woken by our release: it withdraws its announcement once it holds the lock.
        // Yield meanwhile, so that it runs even where it shares this CPU; then ask, behind it.
        // A waiter that does not come (stopped, or starved of CPU) makes us look less often, so
        // that it costs a steady run of holds little; one that comes resets that.
        long until = now + Math.min(GRACE, maxNanos);
        do {
            if (System.nanoTime() - until >= 0) {
                turnsAfterMisses = Math.min(2 * turnsAfterMisses, MAX_TURNS_AFTER_MISSES);
                nextLookAt = now + turnsAfterMisses * TURN;
                return;
            }
            Thread.yield();
        } while (os.othersWait());
        // It took the lock; this acquisition waits for it in the kernel, and gets a turn after it.
        turnsAfterMisses = 1;
    }

    @Override
    public void ensureValid() throws IOException {
        os.ensureValid();
    }

    @Override
    public boolean isUsable() {
        return os.isUsable();
    }

    @Override
    public Optional<LockOwner> owner() throws IOException {
        synchronized (this) {
            // A probe with the open file that a pending call is locking could convert and then
            // drop the lock that call gets; then someone holds the lock, and the record says who.
            return blocked || granted ? Optional.of(os.recordedOwner()) : os.owner();
        }
    }

    @Override
    public int spinAttempts() {
        return os.spinAttempts();
    }

    @Override
    public boolean blocks() {
        return true;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
            if (blocked) {
                return;
            }
        }
        os.close();
    }

    // The waiter thread: waits for a requester, blocks in the kernel, hands the lock over or drops it.
    private void serve() {
        while (true) {
            synchronized (this) {
                long idleSince = System.nanoTime();
                while (!closed && (requester == null || granted || failure != null)) {
                    long left = IDLE - (System.nanoTime() - idleSince);
                    if (left <= 0) {
                        waiter = null;
                        return;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        // Nobody but this class knows the thread; keep serving.
                    }
                }
                if (closed) {
                    waiter = null;
                    return;
                }
                blocked = true;
            }
            IOException failed = null;
            try {
                os.lockBlocking();
            } catch (IOException e) {
                failed = e;
            } catch (RuntimeException e) {
                failed = new IOException(e.getMessage(), e);
            }
            synchronized (this) {
                blocked = false;
                if (closed) {
                    waiter = null;
                    os.close();
                    return;
                }
                if (requester == null) {
                    if (failed == null) {
                        os.abandon();
                    }
                } else {
                    failure = failed;
                    granted = failed == null;
                    LockSupport.unpark(requester);
                }
            }
        }
    }
}
