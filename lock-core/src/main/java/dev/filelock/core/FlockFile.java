package dev.filelock.core;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code flock(2)} on one descriptor that stays open as long as the lock object lives: the lock
 * that the Python tool, py-filelock, portalocker and {@code flock(1)} take, so they and we exclude
 * each other. A flock belongs to the open file description, so no other descriptor's close can
 * drop it, and the kernel releases it when the process dies.
 */
final class FlockFile extends WholeFileLock {

    private int fd = -1;

    FlockFile(Path path, boolean recordOwner) {
        super(path, recordOwner);
    }

    @Override
    void openFile() throws IOException {
        try {
            fd = LibC.open(path.toString(), LibC.O_RDWR | LibC.O_CREAT | LibC.O_CLOEXEC, 0666);
        } catch (LastErrorException e) {
            throw LibC.error("open", path, e);
        }
    }

    @Override
    boolean excludesMmapInitialisation() {
        return false;
    }

    @Override
    boolean lockFile(boolean shared) throws IOException {
        return flock((shared ? LibC.LOCK_SH : LibC.LOCK_EX) | LibC.LOCK_NB);
    }

    @Override
    void unlockFile() throws IOException {
        flock(LibC.LOCK_UN);
    }

    @Override
    int read(byte[] buffer, long position) throws IOException {
        try {
            return (int) LibC.pread(fd, buffer, buffer.length, position);
        } catch (LastErrorException e) {
            throw LibC.error("read", path, e);
        }
    }

    @Override
    int write(byte[] bytes, long position) throws IOException {
        try {
            return (int) LibC.pwrite(fd, bytes, bytes.length, position);
        } catch (LastErrorException e) {
            throw LibC.error("write to", path, e);
        }
    }

    @Override
    void closeFile() {
        if (fd >= 0) {
            int open = fd;
            fd = -1;
            LockFiles.closeQuietly(() -> LibC.close(open));
        }
    }

    private boolean flock(int operation) throws IOException {
        while (true) {
            try {
                LibC.flock(fd, operation);
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EWOULDBLOCK) {
                    return false;
                }
                if (e.getErrorCode() != LibC.EINTR) {
                    throw LibC.error("flock", path, e);
                }
            }
        }
    }
}
