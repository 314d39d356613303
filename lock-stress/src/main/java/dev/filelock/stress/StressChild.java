package dev.filelock.stress;

import dev.filelock.core.InterProcessLock;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * One hammering JVM, started by {@link StressVerifier}: acquires the lock over and over, reporting
 * each acquisition right after it and each release right before it, and waiting for the verifier's
 * answer each time. Exits non-zero on anything unexpected, which the verifier counts as a failure.
 * <p>
 * Arguments: {@code PORT SLOT KIND LOCK_FILE ACQUISITIONS INTERRUPTS SEED}. With INTERRUPTS
 * {@code true}, a second thread interrupts the hammering thread at random moments while it waits.
 */
public final class StressChild {

    private static final long MAX_INTERRUPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Lock lock;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final Object waitGate = new Object();
    private boolean waiting;
    private int interruptedWaits;

    private StressChild(Lock lock, Socket socket) throws IOException {
        this.lock = lock;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            throw new IllegalArgumentException("usage: StressChild PORT SLOT KIND LOCK_FILE ACQUISITIONS INTERRUPTS SEED");
        }
        int port = Integer.parseInt(args[0]);
        int slot = Integer.parseInt(args[1]);
        Lock lock = LockKind.parse(args[2]).open(Path.of(args[3]));
        int acquisitions = Integer.parseInt(args[4]);
        boolean interrupts = Boolean.parseBoolean(args[5]);
        long seed = Long.parseLong(args[6]);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            StressChild child = new StressChild(lock, socket);
            if (interrupts) {
                child.startInterrupter(Thread.currentThread(), seed);
            }
            child.hammer(slot, acquisitions);
        }
    }

    private void hammer(int slot, int acquisitions) throws IOException {
        out.writeByte(Protocol.HELLO);
        out.writeInt(slot);
        out.flush();
        expectAck();
        for (int done = 0; done < acquisitions; ) {
            if (!acquire()) {
                continue;
            }
            roundTrip(Protocol.ACQUIRED);
            roundTrip(Protocol.RELEASING);
            lock.unlock();
            if (lock instanceof InterProcessLock ipl && ipl.holdCount() != 0) {
                throw new IllegalStateException("still holding " + ipl + " after unlock: hold count " + ipl.holdCount());
            }
            done++;
        }
        out.writeByte(Protocol.DONE);
        out.writeInt(interruptedWaits);
        out.flush();
        expectAck();
    }

    /** Waits for the lock, interruptibly; false when an interrupt ended the wait. */
    private boolean acquire() {
        synchronized (waitGate) {
            waiting = true;
        }
        boolean acquired = false;
        try {
            lock.lockInterruptibly();
            acquired = true;
        } catch (InterruptedException e) {
            interruptedWaits++;
            if (lock instanceof InterProcessLock ipl && ipl.isHeldByCurrentThread()) {
                throw new IllegalStateException("an interrupted wait left " + ipl + " held", e);
            }
        } finally {
            synchronized (waitGate) {
                waiting = false;
            }
            // An interrupt aimed at the wait may land just after it ended; it must not leak into the socket I/O.
            Thread.interrupted();
        }
        return acquired;
    }

    private void roundTrip(int message) throws IOException {
        out.writeByte(message);
        out.flush();
        expectAck();
    }

    private void expectAck() throws IOException {
        int answer = in.read();
        if (answer < 0) {
            throw new EOFException("the verifier closed the connection");
        }
        if (answer != Protocol.ACK) {
            throw new IOException("unexpected answer from the verifier: " + answer);
        }
    }

    private void startInterrupter(Thread hammering, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Thread interrupter = new Thread(() -> {
            while (true) {
                LockSupport.parkNanos(random.nextLong(MAX_INTERRUPT_PAUSE_NANOS));
                synchronized (waitGate) {
                    if (waiting) {
                        hammering.interrupt();
                    }
                }
            }
        }, "interrupter");
        interrupter.setDaemon(true);
        interrupter.start();
    }
}
