package dev.filelock.core;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * {@link RangeLocks} as Linux open file description locks ({@code F_OFD_SETLK}, Linux 3.15+) on a
 * descriptor of its own: they belong to that open file, so no other descriptor's close drops them
 * (unlike POSIX record locks), they conflict with other descriptors of the same process too, and
 * the kernel drops them when the last descriptor closes, that is when the process dies.
 */
final class OfdRangeLocks implements RangeLocks {

    private final Path path;
    private volatile int fd;

    OfdRangeLocks(Path path, LockSharing sharing) {
        this.path = path;
        this.fd = LockFiles.open(path, sharing);
    }

    @Override
    public boolean tryLock(long offset) throws IOException {
        return fcntl(LibC.F_OFD_SETLK, LibC.F_WRLCK, offset, "lock a byte of");
    }

    @Override
    public void lock(long offset) throws IOException {
        while (!fcntl(LibC.F_OFD_SETLKW, LibC.F_WRLCK, offset, "lock a byte of")) {
            // Interrupted by a signal: wait again.
        }
    }

    @Override
    public void unlock(long offset) throws IOException {
        fcntl(LibC.F_OFD_SETLK, LibC.F_UNLCK, offset, "unlock a byte of");
    }

    @Override
    public boolean isLockedByOther(long offset) throws IOException {
        byte[] flock = flock(LibC.F_WRLCK, offset);
        try {
            LibC.fcntl(openFd(), LibC.F_OFD_GETLK, flock);
        } catch (LastErrorException e) {
            throw LibC.error("test a lock on", path, e);
        }
        return ByteBuffer.wrap(flock).order(ByteOrder.nativeOrder()).getShort(0) != LibC.F_UNLCK;
    }

    @Override
    public void allocate(long length) throws IOException {
        // posix_fallocate returns the error number instead of setting errno.
        int error = LibC.posix_fallocate(openFd(), 0, length);
        if (error != 0) {
            throw LibC.error("allocate", path, new LastErrorException(error));
        }
    }

    @Override
    public long size() throws IOException {
        try {
            return LibC.lseek(openFd(), 0, LibC.SEEK_END);
        } catch (LastErrorException e) {
            throw LibC.error("read the size of", path, e);
        }
    }

    @Override
    public synchronized void close() {
        int open = fd;
        if (open >= 0) {
            fd = -1;
            LockFiles.closeQuietly(() -> LibC.close(open));
        }
    }

    // False when the byte is held by someone else (SETLK) or the wait was interrupted (SETLKW).
    private boolean fcntl(int command, short type, long offset, String what) throws IOException {
        try {
            LibC.fcntl(openFd(), command, flock(type, offset));
            return true;
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == LibC.EAGAIN || errno == LibC.EACCES || errno == LibC.EINTR) {
                return false;
            }
            throw LibC.error(what, path, e);
        }
    }

    private static byte[] flock(short type, long offset) {
        return LibC.flockStruct(type, offset, 1);
    }

    private int openFd() throws IOException {
        int open = fd;
        if (open < 0) {
            throw new IOException("mmap lock file " + path + " is closed");
        }
        return open;
    }
}
