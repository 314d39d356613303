package dev.filelock.core;

import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Exclusive one-byte locks on an mmap lock file that live as long as this process keeps the file
 * open and that the kernel drops when the process dies, {@code kill -9} included. An
 * {@link MmapLock} uses one as a sign of life for each process that uses the file (its slot) and
 * one to serialise the file's initialisation. The kernel, not a pid, answers whether a byte is
 * locked, so the answer is right across PID namespaces (containers sharing a volume).
 * <p>
 * Also the cheap way to learn the file's current size, to notice a truncation before touching a
 * page that is no longer backed by the file.
 */
interface RangeLocks extends AutoCloseable {

    /**
     * The system property that chooses the kind: {@code ofd} (Linux only), {@code channel}, or
     * {@code auto} (the default): open file description locks on 64-bit Linux, the JDK's file
     * locks elsewhere. Both kinds exclude each other on Linux, so processes may mix them.
     */
    String KIND_PROPERTY = "dev.filelock.mmap.slotLocks";

    /**
     * Opens the existing lock file {@code file}, never through a link, checked as {@code sharing}
     * says ({@link LockFiles#open}).
     */
    static RangeLocks open(Path file, LockSharing sharing) throws IOException {
        String kind = System.getProperty(KIND_PROPERTY, "auto");
        return switch (kind) {
            case "ofd" -> new OfdRangeLocks(file, sharing);
            case "channel" -> new ChannelRangeLocks(file);
            case "auto" -> Platform.isLinux() && Platform.is64Bit() ? new OfdRangeLocks(file, sharing)
                    : new ChannelRangeLocks(file);
            default -> throw new LockException("System property " + KIND_PROPERTY + " is '" + kind
                    + "'; use auto (the default), ofd or channel");
        };
    }

    /** Takes the byte at {@code offset} if no one else holds it, without waiting. */
    boolean tryLock(long offset) throws IOException;

    /** Takes the byte at {@code offset}, waiting as long as someone else holds it. */
    void lock(long offset) throws IOException;

    void unlock(long offset) throws IOException;

    /**
     * Whether someone other than this object holds the byte at {@code offset}. Asked only about
     * bytes this object does not hold.
     */
    boolean isLockedByOther(long offset) throws IOException;

    /**
     * Reserves the blocks of the file's first {@code length} bytes, extending it if shorter, so
     * that a mapping of them never faults for want of space. Only for a file that is all zeros.
     */
    void allocate(long length) throws IOException;

    /** The file's current size in bytes. */
    long size() throws IOException;

    /** Closes the file, which drops every byte this object holds. Idempotent. */
    @Override
    void close();
}
