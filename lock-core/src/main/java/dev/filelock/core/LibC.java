package dev.filelock.core;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The few libc calls the {@code flock} mechanism and the mmap lock's process slots need, bound with
 * JNA direct mapping (the cheapest JNA call path). Loaded only when a {@link FileLock} uses
 * {@link FileLock.Mechanism#FLOCK} or an {@link MmapLock} runs on Linux.
 */
final class LibC {

    static final int LOCK_SH = 1;
    static final int LOCK_EX = 2;
    static final int LOCK_NB = 4;
    static final int LOCK_UN = 8;
    static final int EINTR = 4;
    static final int EWOULDBLOCK = Platform.isMac() ? 35 : 11;

    static final int EAGAIN = EWOULDBLOCK;
    static final int EACCES = 13;
    static final int ENOENT = 2;
    static final int EEXIST = 17;
    static final int ELOOP = Platform.isMac() ? 62 : 40;

    /** Open file description locks (Linux 3.15+): owned by the open file, not the process. */
    static final int F_OFD_GETLK = 36;
    static final int F_OFD_SETLK = 37;
    static final int F_OFD_SETLKW = 38;
    static final short F_RDLCK = 0;
    static final short F_WRLCK = 1;
    static final short F_UNLCK = 2;
    static final int SEEK_SET = 0;
    static final int SEEK_END = 2;

    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = Platform.isMac() ? 0x200 : 0100;
    static final int O_EXCL = Platform.isMac() ? 0x800 : 0200;
    static final int O_CLOEXEC = Platform.isMac() ? 0x1000000 : 02000000;
    /** Fails with {@link #ELOOP} when the last component is a symbolic link (its value differs on ARM Linux). */
    static final int O_NOFOLLOW = Platform.isMac() ? 0x100 : Platform.isARM() || Platform.isPPC() ? 0100000 : 0400000;
    static final int O_DIRECTORY = Platform.isMac() ? 0x100000 : Platform.isARM() || Platform.isPPC() ? 040000 : 0200000;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    static native int open(String path, int flags, int mode) throws LastErrorException;

    /** {@code openat(2)}: {@code name} looked up in the directory open as {@code dirfd}, not by a path. */
    static native int openat(int dirfd, String name, int flags, int mode) throws LastErrorException;

    static native int fchmod(int fd, int mode) throws LastErrorException;

    /** {@code fchown(2)}; -1 leaves the owner or the group as it is. */
    static native int fchown(int fd, int owner, int group) throws LastErrorException;

    static native int geteuid();

    /** {@code getgrnam(3)}: a {@code struct group}, whose {@code gr_gid} follows two pointers; null when unknown. */
    static native Pointer getgrnam(String name);

    static native int flock(int fd, int operation) throws LastErrorException;

    static native long pread(int fd, byte[] buffer, long count, long offset) throws LastErrorException;

    static native long pwrite(int fd, byte[] buffer, long count, long offset) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** {@code fcntl(fd, cmd, struct flock *)}, the struct made by {@link #flockStruct}. */
    static native int fcntl(int fd, int cmd, byte[] flock) throws LastErrorException;

    /**
     * A {@code struct flock} for a record lock from {@code start}, {@code length} bytes long (0: to
     * the end of the file, however long it grows). On 64-bit Linux (x86-64, aarch64):
     * {@code short l_type} at 0, {@code short l_whence} at 2, {@code off_t l_start} at 8,
     * {@code off_t l_len} at 16, {@code pid_t l_pid} at 24 (must be 0 for open file description
     * locks), 32 bytes in all.
     */
    static byte[] flockStruct(short type, long start, long length) {
        byte[] flock = new byte[32];
        ByteBuffer.wrap(flock).order(ByteOrder.nativeOrder())
                .putShort(0, type)
                .putShort(2, (short) SEEK_SET)
                .putLong(8, start)
                .putLong(16, length);
        return flock;
    }

    static native long lseek(int fd, long offset, int whence) throws LastErrorException;

    /** Returns 0 or an error number (it does not set errno). */
    static native int posix_fallocate(int fd, long offset, long length);

    static native String strerror(int errno);

    /** The failure of a call, for every message: {@code cannot lock /x.lock: No space left on device (errno 28)}. */
    static IOException error(String what, Path path, LastErrorException e) {
        return new IOException("cannot " + what + " " + path + ": " + strerror(e.getErrorCode()) + " (errno "
                + e.getErrorCode() + ")", e);
    }
}
