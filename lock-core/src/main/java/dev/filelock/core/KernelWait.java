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
 */
final class KernelWait implements ProcessLevelLock {

    /** How long the waiter thread stays for the next wait: under contention it is reused. */
    private static final long IDLE = TimeUnit.SECONDS.toNanos(1);

    private final Path path;
    private final ProcessLevelLock os;

    // Guarded by this.
    private Thread waiter;
    private boolean blocked;
    private boolean granted;
    private Thread requester;
    private IOException failure;
    private boolean closed;

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
        os.release();
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
