package dev.filelock.core;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a lock's path names now: the file's identity (device and inode), size and modification
 * time, read by {@link #read()} into fields that the next read overwrites. Every acquisition of a
 * {@link FileLock} reads it, so on Linux it is one {@code statx(2)} into native memory kept from
 * call to call: no allocation, and none of the work that {@link Files#readAttributes} adds, which
 * costs more than the system call itself. Elsewhere it is {@link Files#readAttributes}.
 * <p>
 * Where the platform gives no identity (Windows), device and inode read 0, so every file looks
 * like the one that was opened: a replaced lock file is not detected there.
 * <p>
 * Not thread-safe: one per lock, used under that lock's own guard.
 */
abstract class PathStat {

    final Path path;
    long device;
    long inode;
    long size;
    /** The modification time, in nanoseconds since the epoch. */
    long modified;

    private PathStat(Path path) {
        this.path = path;
    }

    /** The fastest way this platform has to read {@code path}'s attributes. */
    static PathStat of(Path path) {
        return Statx.AVAILABLE ? new StatxPathStat(path) : new NioPathStat(path);
    }

    /**
     * Reads what the path names now into this object's fields.
     *
     * @return false when the path names nothing
     */
    abstract boolean read() throws IOException;

    /** Whether the last {@link #read()} found the file with this device and inode. */
    final boolean isFile(long device, long inode) {
        return this.device == device && this.inode == inode;
    }

    /**
     * What became of the file with this device and inode, once named by the path: "deleted",
     * "replaced by another file", "truncated to N bytes" (when shorter than {@code minSize}), or
     * null when the path still names it whole. One {@link #read()}.
     */
    final String loss(long device, long inode, long minSize) throws IOException {
        if (!read()) {
            return "deleted";
        }
        if (!isFile(device, inode)) {
            return "replaced by another file";
        }
        return size < minSize ? "truncated to " + size + " bytes" : null;
    }

    /** {@code statx(2)} of the path ({@link Statx}). */
    private static final class StatxPathStat extends PathStat {

        private final Memory name;
        private final Statx.Result result = new Statx.Result();

        StatxPathStat(Path path) {
            super(path);
            byte[] bytes = Native.toByteArray(path.toString());
            name = new Memory(bytes.length);
            name.write(0, bytes, 0, bytes.length);
        }

        @Override
        boolean read() throws IOException {
            try {
                Statx.statx(Statx.AT_FDCWD, name, 0, Statx.MASK, result.memory);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Statx.ENOENT || e.getErrorCode() == Statx.ENOTDIR) {
                    return false;
                }
                throw LibC.error("stat", path, e);
            }
            device = result.device();
            inode = result.inode();
            size = result.size();
            modified = result.modified();
            return true;
        }
    }

    /** {@link Files#readAttributes}, with the {@code unix} view's identity where there is one. */
    private static final class NioPathStat extends PathStat {

        private static final boolean UNIX = !Platform.isWindows();

        NioPathStat(Path path) {
            super(path);
        }

        @Override
        boolean read() throws IOException {
            try {
                if (UNIX) {
                    Map<String, Object> now = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime");
                    device = (Long) now.get("dev");
                    inode = (Long) now.get("ino");
                    size = (Long) now.get("size");
                    modified = ((FileTime) now.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
                } else {
                    BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
                    size = now.size();
                    modified = now.lastModifiedTime().to(TimeUnit.NANOSECONDS);
                }
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }
    }
}
