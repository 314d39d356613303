package dev.filelock.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
final class ChannelFile extends WholeFileLock {

    // Never through a link; created (private, or as shared) by WholeFileLock, except where there
    // are no POSIX owners and modes to check.
    private static final Set<OpenOption> OPTIONS = SafeOpen.AVAILABLE
            ? Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)
            : Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);

    private AsynchronousFileChannel channel;
    private FileLock osLock;

    ChannelFile(Path path, boolean recordOwner, LockSharing sharing) {
        super(path, recordOwner, sharing);
    }

    @Override
    void openFile() throws IOException {
        channel = AsynchronousFileChannel.open(path, OPTIONS, CallerRunsExecutor.INSTANCE);
    }

    @Override
    int descriptor() {
        return -1;
    }

    @Override
    boolean excludesMmapInitialisation() {
        return true;
    }

    @Override
    boolean kernelNamesHolder() {
        return true;
    }

    @Override
    boolean lockFile(boolean shared) throws IOException {
        try {
            osLock = channel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            throw new IOException("other code in this JVM holds a java.nio lock on " + path
                    + " outside file-lock; use one FileLock for the file instead of FileChannel.lock", e);
        }
        return osLock != null;
    }

    @Override
    void unlockFile() throws IOException {
        FileLock held = osLock;
        osLock = null;
        if (held != null && held.isValid()) {
            held.release();
        }
    }

    @Override
    int read(byte[] buffer, long position) throws IOException {
        return await(channel.read(ByteBuffer.wrap(buffer), position));
    }

    @Override
    int write(byte[] bytes, long position) throws IOException {
        return await(channel.write(ByteBuffer.wrap(bytes), position));
    }

    @Override
    void closeFile() {
        if (channel != null) {
            LockFiles.closeQuietly(channel);
            channel = null;
            osLock = null;
        }
    }

    /**
     * The result of an asynchronous channel operation. Where the platform runs the I/O elsewhere
     * (Windows' completion ports), an interrupt of the caller must not abandon it half-way, nor
     * may a lock be requested again while the first request is pending: so it waits to the end,
     * and sets the interrupt status again.
     */
    static <T> T await(Future<T> io) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return io.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException cause ? cause : new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
