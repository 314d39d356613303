package dev.filelock.core;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code flock(2)} on one descriptor that stays open as long as the lock object lives: the lock
 * that the Python tool, py-filelock, portalocker and {@code flock(1)} take, so they and we exclude
 * each other. A flock belongs to the open file description, so no other descriptor's close can
 * drop it, and the kernel releases it when the process dies.
 * <p>
 * Made {@link #recordLock}, the same on a Linux open file description lock over the whole file
 * ({@code F_OFD_SETLK}, Linux 3.15+): a POSIX record lock, so it excludes what the JDK's
 * {@code FileChannel.lock} takes in other programs (and in this one), but owned by the open file,
 * like a flock, so that a waiter thread can block for it and hand it over (see {@link KernelWait}).
 */
final class FlockFile extends WholeFileLock {

    private final boolean ofd;
    private int fd = -1;

    FlockFile(Path path, boolean recordOwner, LockSharing sharing) {
        this(path, recordOwner, sharing, false);
    }

    private FlockFile(Path path, boolean recordOwner, LockSharing sharing, boolean ofd) {
        super(path, recordOwner, sharing);
        this.ofd = ofd;
    }

    /** The {@code posix} mechanism where open file description locks exist: 64-bit Linux. */
    static FlockFile recordLock(Path path, boolean recordOwner, LockSharing sharing) {
        return new FlockFile(path, recordOwner, sharing, true);
    }

    static boolean hasRecordLocks() {
        return Platform.isLinux() && Platform.is64Bit();
    }

    @Override
    void openFile() {
        fd = LockFiles.open(path, sharing);
    }

    // An open file description lock conflicts with MmapLock's initialisation byte lock; a flock does not.
    @Override
    boolean excludesMmapInitialisation() {
        return ofd;
    }

    @Override
    boolean kernelNamesHolder() {
        return !ofd;
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
        call(open, LibC.LOCK_EX);
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
        return call(fd, operation);
    }

    // operation: flock's LOCK_SH, LOCK_EX (| LOCK_NB) or LOCK_UN, for both kinds. False: taken.
    private boolean call(int open, int operation) throws IOException {
        while (true) {
            try {
                if (ofd) {
                    boolean wait = operation == LibC.LOCK_SH || operation == LibC.LOCK_EX;
                    byte[] lock = (operation & LibC.LOCK_UN) != 0 ? WholeFile.UNLOCK
                            : (operation & LibC.LOCK_SH) != 0 ? WholeFile.READ_LOCK : WholeFile.WRITE_LOCK;
                    LibC.fcntl(open, wait ? LibC.F_OFD_SETLKW : LibC.F_OFD_SETLK, lock);
                } else {
                    LibC.flock(open, operation);
                }
                return true;
            } catch (LastErrorException e) {
                int errno = e.getErrorCode();
                if (errno == LibC.EWOULDBLOCK || (ofd && errno == LibC.EACCES)) {
                    return false;
                }
                if (errno != LibC.EINTR) {
                    throw LibC.error(ofd ? "lock" : "flock", path, e);
                }
            }
        }
    }

    /**
     * Whole-file record locks, made once (setting a lock only reads its struct), in a class of their
     * own so that only a record lock loads the C library: {@link #hasRecordLocks()} runs everywhere.
     */
    private static final class WholeFile {
        static final byte[] WRITE_LOCK = LibC.flockStruct(LibC.F_WRLCK, 0, 0);
        static final byte[] READ_LOCK = LibC.flockStruct(LibC.F_RDLCK, 0, 0);
        static final byte[] UNLOCK = LibC.flockStruct(LibC.F_UNLCK, 0, 0);
    }
}
