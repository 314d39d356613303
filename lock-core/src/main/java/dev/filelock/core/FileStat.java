package dev.filelock.core;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What an open descriptor refers to, as {@code fstat(2)} tells it: the file itself, whatever its
 * path names meanwhile. {@link #read} fills the fields (one {@code statx(fd, "", AT_EMPTY_PATH)},
 * into native memory kept from call to call: no allocation), and the next read overwrites them, so
 * one object serves a lock's every check; {@link #of} makes one for a single look.
 * <p>
 * Linux only ({@link #AVAILABLE}); elsewhere a caller falls back to {@link PathStat}. Not
 * thread-safe.
 */
final class FileStat {

    /** Whether descriptors can be read here: Linux with {@code statx}. */
    static final boolean AVAILABLE = Statx.AVAILABLE;

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final Memory EMPTY_PATH = emptyPath();

    private final Statx.Result result = new Statx.Result();
    long device;
    long inode;
    /** The number of names the file has: 0 once the last one is removed (the file lives on while open). */
    int links;
    /** {@code st_mode}: the type bits and the permission bits. */
    int mode;
    int uid;
    int gid;
    long size;
    /** The modification time, in nanoseconds since the epoch. */
    long modified;

    /** The attributes of {@code fd}, read once; {@code path} names the file in an error. */
    static FileStat of(int fd, Path path) throws IOException {
        return new FileStat().read(fd, path);
    }

    /**
     * Reads what {@code fd} refers to into this object's fields.
     *
     * @param path what an error message calls the file
     * @return this
     * @throws IOException if the descriptor cannot be read (not open, for one)
     */
    FileStat read(int fd, Path path) throws IOException {
        try {
            Statx.statx(fd, EMPTY_PATH, Statx.AT_EMPTY_PATH, Statx.MASK, result.memory);
        } catch (LastErrorException e) {
            throw LibC.error("stat", path, e);
        }
        device = result.device();
        inode = result.inode();
        links = result.links();
        mode = result.mode();
        uid = result.uid();
        gid = result.gid();
        size = result.size();
        modified = result.modified();
        return this;
    }

    /** Whether the file has no name left: deleted, or renamed over, and this descriptor its last user. */
    boolean isDeleted() {
        return links == 0;
    }

    boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    boolean isSymbolicLink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    /** The permission bits, sticky, set-user-ID and set-group-ID included: {@code 0600}, {@code 01777}. */
    int permissions() {
        return mode & 07777;
    }

    private static Memory emptyPath() {
        Memory empty = new Memory(1);
        empty.setByte(0, (byte) 0);
        return empty;
    }
}
