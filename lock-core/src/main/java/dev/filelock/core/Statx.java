package dev.filelock.core;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The binding of {@code statx(2)} (Linux 4.11, glibc 2.28), whose result has one layout on every
 * architecture, and a reusable result buffer read without allocating: {@link PathStat} reads a
 * path with it, {@link FileStat} an open descriptor. In a class of its own: a C library without
 * {@code statx} leaves it {@linkplain #AVAILABLE unavailable} and loads nothing else.
 */
final class Statx {

    static final int AT_FDCWD = -100;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int ENOENT = 2;
    static final int ENOTDIR = 20;
    /** STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_UID | STATX_GID | STATX_MTIME | STATX_INO | STATX_SIZE. */
    static final int MASK = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x40 | 0x100 | 0x200;

    static final boolean AVAILABLE = register();

    private Statx() {
    }

    private static boolean register() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            Native.register(Statx.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (LinkageError noStatx) {
            return false;
        }
    }

    static native int statx(int dirfd, Pointer path, int flags, int mask, Pointer result) throws LastErrorException;

    /** One {@code struct statx}, in native memory kept from call to call. Not thread-safe. */
    static final class Result {

        private static final int SIZE = 256;
        private static final int NLINK_AT = 16;
        private static final int UID_AT = 20;
        private static final int GID_AT = 24;
        private static final int MODE_AT = 28;
        private static final int INO_AT = 32;
        private static final int SIZE_AT = 40;
        private static final int MTIME_AT = 112;
        private static final int DEV_MAJOR_AT = 136;
        private static final int DEV_MINOR_AT = 140;

        final Memory memory = new Memory(SIZE);
        // Read through a buffer: Memory's getters are one JNI call each.
        private final ByteBuffer fields = memory.getByteBuffer(0, SIZE).order(ByteOrder.nativeOrder());

        long device() {
            // The st_dev that glibc's makedev makes of the major and minor numbers.
            long major = Integer.toUnsignedLong(fields.getInt(DEV_MAJOR_AT));
            long minor = Integer.toUnsignedLong(fields.getInt(DEV_MINOR_AT));
            return (major & 0xfffff000L) << 32 | (major & 0xfffL) << 8 | (minor & 0xffffff00L) << 12 | minor & 0xffL;
        }

        long inode() {
            return fields.getLong(INO_AT);
        }

        int links() {
            return fields.getInt(NLINK_AT);
        }

        int mode() {
            return Short.toUnsignedInt(fields.getShort(MODE_AT));
        }

        int uid() {
            return fields.getInt(UID_AT);
        }

        int gid() {
            return fields.getInt(GID_AT);
        }

        long size() {
            return fields.getLong(SIZE_AT);
        }

        /** The modification time, in nanoseconds since the epoch. */
        long modified() {
            return TimeUnit.SECONDS.toNanos(fields.getLong(MTIME_AT)) + Integer.toUnsignedLong(fields.getInt(MTIME_AT + 8));
        }
    }
}
