package dev.filelock.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The JDK's own file lock: POSIX record locks ({@code fcntl}) on Linux and macOS, {@code LockFileEx}
 * on Windows. It does not exclude {@code flock(2)} users on Linux and macOS.
 * <p>
 * It uses an {@link AsynchronousFileChannel}, which, unlike {@code FileChannel}, is not closed when
 * a thread using it is interrupted: closing it would drop every lock this JVM holds on the file.
 * The descriptor stays open as long as the lock object lives, because closing any descriptor of a
 * file releases the process's POSIX locks on it. The channel's I/O runs on the calling thread (see
 * {@link CallerRunsExecutor}): the default pool would cost two thread hand-offs per hold.
 */
final class ChannelFile implements ProcessLevelLock {

    private static final Set<StandardOpenOption> OPTIONS = EnumSet.of(StandardOpenOption.READ,
            StandardOpenOption.WRITE, StandardOpenOption.CREATE);

    private final Path path;
    private final boolean recordOwner;
    private AsynchronousFileChannel channel;
    private FileLock osLock;
    private LockOwner holder;

    ChannelFile(Path path, boolean recordOwner) {
        this.path = path;
        this.recordOwner = recordOwner;
    }

    @Override
    public synchronized boolean tryAcquire(int attempt) throws IOException {
        FileLock taken = tryLock(false);
        if (taken == null) {
            return false;
        }
        osLock = taken;
        LockOwner me = LockOwner.currentThread();
        holder = me;
        if (recordOwner) {
            try {
                write(OwnerRecord.encode(me));
            } catch (IOException | RuntimeException e) {
                releaseOsLock();
                throw e;
            }
        }
        return true;
    }

    @Override
    public synchronized void release() throws IOException {
        try {
            if (recordOwner) {
                write(OwnerRecord.blank());
            }
        } finally {
            releaseOsLock();
        }
    }

    @Override
    public synchronized Optional<LockOwner> owner() throws IOException {
        if (holder != null) {
            return Optional.of(holder);
        }
        FileLock probe = tryLock(true);
        if (probe != null) {
            probe.release();
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.allocate(OwnerRecord.SIZE);
        int n = await(channel.read(buffer, 0));
        return Optional.of(OwnerRecord.decode(buffer.array(), n));
    }

    @Override
    public int spinAttempts() {
        return 0;
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closed either way.
            }
            channel = null;
            osLock = null;
            holder = null;
        }
    }

    private FileLock tryLock(boolean shared) throws IOException {
        if (channel == null) {
            channel = AsynchronousFileChannel.open(path, OPTIONS, CallerRunsExecutor.INSTANCE);
        }
        try {
            return channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            throw new IOException("other code in this JVM holds a java.nio lock on " + path
                    + " outside file-lock; use one FileLock for the file instead of FileChannel.lock", e);
        }
    }

    private void releaseOsLock() throws IOException {
        holder = null;
        FileLock held = osLock;
        osLock = null;
        if (held != null && held.isValid()) {
            try {
                held.release();
            } catch (IOException e) {
                close();
                throw e;
            }
        }
    }

    private void write(byte[] record) throws IOException {
        int n = await(channel.write(ByteBuffer.wrap(record), 0));
        if (n != record.length) {
            throw new IOException("short write of owner metadata to " + path + " (" + n + " of " + record.length
                    + " bytes); is the disk full?");
        }
    }

    // Where the platform runs the I/O elsewhere (Windows' completion ports), an interrupt of the
    // caller must not abandon it half-way.
    private static int await(Future<Integer> io) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return io.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io2 ? io2 : new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
