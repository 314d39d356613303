package dev.filelock.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@link RangeLocks} where open file description locks do not exist (macOS, Windows): the JDK's
 * file locks on an {@link AsynchronousFileChannel} (POSIX record locks, or {@code LockFileEx} on
 * Windows), which the OS also drops when the process dies. POSIX record locks belong to the
 * process, so the channel must stay open while any byte is held: closing any descriptor of the file
 * drops them all. An asynchronous channel, unlike a {@code FileChannel}, is not closed when a
 * thread using it is interrupted.
 */
final class ChannelRangeLocks implements RangeLocks {

    private final Path path;
    private final AsynchronousFileChannel channel;
    private final Map<Long, FileLock> held = new HashMap<>();

    ChannelRangeLocks(Path path) throws IOException {
        this.path = path;
        this.channel = AsynchronousFileChannel.open(path, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), null);
    }

    @Override
    public synchronized boolean tryLock(long offset) throws IOException {
        FileLock lock = channel.tryLock(offset, 1, false);
        if (lock != null) {
            held.put(offset, lock);
        }
        return lock != null;
    }

    @Override
    public void lock(long offset) throws IOException {
        FileLock lock = ChannelFile.await(channel.lock(offset, 1, false));
        synchronized (this) {
            held.put(offset, lock);
        }
    }

    @Override
    public synchronized void unlock(long offset) throws IOException {
        FileLock lock = held.remove(offset);
        if (lock != null && lock.isValid()) {
            lock.release();
        }
    }

    // Synchronized: two probes of one byte at once would see each other's probe as "ours".
    @Override
    public synchronized boolean isLockedByOther(long offset) throws IOException {
        try {
            FileLock probe = channel.tryLock(offset, 1, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException ours) {
            return false;
        }
    }

    // Where posix_fallocate cannot be called, writing the zeros allocates the blocks just the same.
    @Override
    public void allocate(long length) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
        for (long at = 0; at < length; at += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), length - at));
            while (zeros.hasRemaining()) {
                ChannelFile.await(channel.write(zeros, at + zeros.position()));
            }
        }
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public synchronized void close() {
        held.clear();
        LockFiles.closeQuietly(channel);
    }
}
