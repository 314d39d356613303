package dev.filelock.core;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code flock(2)} on one descriptor that stays open as long as the lock object lives: the lock
 * that the Python tool, py-filelock, portalocker and {@code flock(1)} take, so they and we exclude
 * each other. A flock belongs to the open file description, so no other descriptor's close can
 * drop it, and the kernel releases it when the process dies.
 */
final class FlockFile implements ProcessLevelLock {

    private final Path path;
    private final boolean recordOwner;
    private int fd = -1;
    private LockOwner holder;

    FlockFile(Path path, boolean recordOwner) {
        this.path = path;
        this.recordOwner = recordOwner;
    }

    @Override
    public synchronized boolean tryAcquire(int attempt) throws IOException {
        if (!flock(LibC.LOCK_EX | LibC.LOCK_NB)) {
            return false;
        }
        adopt();
        return true;
    }

    @Override
    public synchronized void adopt() throws IOException {
        LockOwner me = LockOwner.currentThread();
        holder = me;
        if (recordOwner) {
            try {
                write(OwnerRecord.encode(me));
            } catch (IOException | RuntimeException e) {
                abandon();
                throw e;
            }
        }
    }

    @Override
    public boolean blocks() {
        return true;
    }

    @Override
    public void lockBlocking() throws IOException {
        int open;
        synchronized (this) {
            ensureOpen();
            open = fd;
        }
        // Not under the monitor: owner() and close() must not wait for another process's release.
        while (true) {
            try {
                LibC.flock(open, LibC.LOCK_EX);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != LibC.EINTR) {
                    throw error("flock", e);
                }
            }
        }
    }

    @Override
    public synchronized void abandon() {
        holder = null;
        if (!unlockQuietly()) {
            close();
        }
    }

    @Override
    public synchronized LockOwner recordedOwner() throws IOException {
        byte[] buffer = new byte[OwnerRecord.SIZE];
        long n = call("read owner of", () -> LibC.pread(fd, buffer, buffer.length, 0));
        return OwnerRecord.decode(buffer, (int) n);
    }

    @Override
    public synchronized void release() throws IOException {
        holder = null;
        try {
            if (recordOwner) {
                write(OwnerRecord.blank());
            }
        } finally {
            if (!unlockQuietly()) {
                // Closing the descriptor is the one release that cannot fail.
                close();
            }
        }
    }

    @Override
    public synchronized Optional<LockOwner> owner() throws IOException {
        if (holder != null) {
            return Optional.of(holder);
        }
        // Probing with our own descriptor is safe only because no thread of ours holds it now
        // (checked above, under this monitor): flock on a held description would convert the lock.
        if (flock(LibC.LOCK_SH | LibC.LOCK_NB)) {
            unlockQuietly();
            return Optional.empty();
        }
        return Optional.of(recordedOwner());
    }

    @Override
    public int spinAttempts() {
        return 0;
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            try {
                LibC.close(fd);
            } catch (LastErrorException ignored) {
                // The descriptor is gone either way.
            }
            fd = -1;
            holder = null;
        }
    }

    private boolean flock(int operation) throws IOException {
        ensureOpen();
        while (true) {
            try {
                LibC.flock(fd, operation);
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EWOULDBLOCK) {
                    return false;
                }
                if (e.getErrorCode() != LibC.EINTR) {
                    throw error("flock", e);
                }
            }
        }
    }

    private boolean unlockQuietly() {
        try {
            return flock(LibC.LOCK_UN);
        } catch (IOException e) {
            return false;
        }
    }

    private void write(byte[] record) throws IOException {
        long n = call("write owner to", () -> LibC.pwrite(fd, record, record.length, 0));
        if (n != record.length) {
            throw new IOException("short write of owner metadata to " + path + " (" + n + " of " + record.length
                    + " bytes); is the disk full?");
        }
    }

    private void ensureOpen() throws IOException {
        if (fd < 0) {
            fd = (int) call("open", () -> LibC.open(path.toString(), LibC.O_RDWR | LibC.O_CREAT | LibC.O_CLOEXEC, 0666));
        }
    }

    private long call(String what, NativeCall call) throws IOException {
        try {
            return call.run();
        } catch (LastErrorException e) {
            throw error(what, e);
        }
    }

    private IOException error(String what, LastErrorException e) {
        return new IOException(what + " " + path + " failed: " + LibC.strerror(e.getErrorCode()) + " (errno "
                + e.getErrorCode() + ")", e);
    }

    @FunctionalInterface
    private interface NativeCall {
        long run() throws LastErrorException;
    }
}
