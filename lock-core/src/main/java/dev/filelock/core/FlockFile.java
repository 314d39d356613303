package dev.filelock.core;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * <p>
 * <b>Waiting, announced.</b> The kernel hands a released flock to nobody: the processes blocked for
 * it are woken and race for it, and a holder that asks again at once wins before they run. So a
 * flock waiter announces itself while it is blocked, with an open file description read lock on the
 * file's last byte ({@link #WAITING_AT}, which no lock of the file's users covers: the JDK's
 * {@code FileChannel.lock()} ends one byte before, a flock has no bytes), and {@link #othersWait()}
 * tells a process about to ask again whether any process waits. Locks write nothing into the file
 * and end with the process. Only for {@code flock}: a whole-file record lock covers that byte.
 */
final class FlockFile extends WholeFileLock {

    /** The byte a waiter read-locks while it is blocked: the last one a lock can cover. */
    static final long WAITING_AT = Long.MAX_VALUE;

    private final boolean ofd;
    private int fd = -1;
    /** {@link #othersWait()}'s question, which the kernel overwrites with its answer. */
    private final byte[] probe = new byte[Announcement.PROBE.length];

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
    int descriptor() {
        return fd;
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
        boolean announced = announces() && fcntl(open, LibC.F_OFD_SETLK, Announcement.WAITING);
        try {
            call(open, LibC.LOCK_EX);
        } finally {
            if (announced) {
                fcntl(open, LibC.F_OFD_SETLK, Announcement.DONE);
            }
        }
    }

    /**
     * Whether another process waits for this flock, as far as it said so (a process of this
     * library, blocked in the kernel); false where waiters cannot announce themselves.
     */
    @Override
    public synchronized boolean othersWait() {
        if (!announces() || fd < 0) {
            return false;
        }
        System.arraycopy(Announcement.PROBE, 0, probe, 0, probe.length);
        return fcntl(fd, LibC.F_OFD_GETLK, probe) && Announcement.isLocked(probe);
    }

    private boolean announces() {
        return !ofd && hasRecordLocks();
    }

    // A record lock call whose failure only means "no announcement": never fails the lock itself.
    private static boolean fcntl(int open, int command, byte[] lock) {
        try {
            LibC.fcntl(open, command, lock);
            return true;
        } catch (LastErrorException e) {
            return false;
        }
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

    /** The record locks of a waiter's announcement on {@link #WAITING_AT}, made once. */
    private static final class Announcement {
        static final byte[] WAITING = LibC.flockStruct(LibC.F_RDLCK, WAITING_AT, 1);
        static final byte[] DONE = LibC.flockStruct(LibC.F_UNLCK, WAITING_AT, 1);
        /** A write lock's test: any announcement conflicts with it. */
        static final byte[] PROBE = LibC.flockStruct(LibC.F_WRLCK, WAITING_AT, 1);

        static boolean isLocked(byte[] answer) {
            return ByteBuffer.wrap(answer).order(ByteOrder.nativeOrder()).getShort(0) != LibC.F_UNLCK;
        }
    }
}
