package dev.filelock.core;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The process-level half of a {@link PythonMmapLock}: the exclusion is a {@link FileLock} on
 * {@code <file>.lock} (the {@code flock(2)} that py-filelock takes), the region is a plain shared
 * mapping of {@code <file>}, and the state flag is the byte at offset 0, as the Python tool keeps
 * them.
 */
final class PythonRegionFile implements ProcessLevelLock, HoldFacts {

    static final byte HELD = '1';
    static final byte FREE = '0';
    private static final int FILL_CHUNK = 64 * 1024;

    private final Path path;
    private final int length;
    private final boolean stateFlag;
    private final FileLock exclusion;
    /** Kept for the file's size: unlike a FileChannel's, its calls are not undone by an interrupt. */
    private final RangeLocks locks;
    private final MappedByteBuffer mapping;
    private final MappedFileWatch watch;
    private volatile boolean closed;

    // Used only by the holding thread.
    private boolean recovered;

    private PythonRegionFile(Path path, int length, boolean stateFlag, FileLock exclusion, RangeLocks locks,
            MappedByteBuffer mapping, PathStat stat) {
        this.path = path;
        this.length = length;
        this.stateFlag = stateFlag;
        this.exclusion = exclusion;
        this.locks = locks;
        this.mapping = mapping;
        this.watch = new MappedFileWatch(stat, length, "Python-protocol mmap file", PythonMmapLock.class);
    }

    /**
     * The file that excludes: {@code <file>.lock}, the name the Python tool gives py-filelock. Also
     * how an {@link MmapLock} recognises a Python-protocol region that is still all zeros.
     */
    static Path exclusionFile(Path dataFile) {
        return dataFile.resolveSibling(dataFile.getFileName() + ".lock");
    }

    /**
     * Checks and maps {@code path}; an empty file (just created) is first filled with
     * {@code length} zeros, under the exclusion, so that no Python peer maps it half-filled. The
     * check runs under the byte lock with which an {@link MmapLock} serialises its initialisation,
     * so a native and a Python-protocol lock starting on one file at once cannot both claim it:
     * {@code exclusion} exists before the check, and a native lock that sees it refuses the file.
     *
     * @throws LockException if the file has another length, is a native mmap lock file, or cannot
     *                       be opened, filled or mapped
     */
    static PythonRegionFile open(Path path, int length, boolean stateFlag, FileLock exclusion, LockSharing sharing) {
        RangeLocks locks = null;
        PathStat stat = PathStat.of(path);
        try {
            // The identity kept must be the mapped file's: the path names it before and after the open.
            boolean before = stat.read();
            long beforeDevice = stat.device;
            long beforeInode = stat.inode;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                locks = RangeLocks.open(path, sharing);
                locks.lock(MmapLayout.INIT_LOCK_AT);
                try {
                    if (!before || !stat.read() || !stat.isFile(beforeDevice, beforeInode)) {
                        throw new LockException("Python-protocol mmap file " + path + " was deleted or replaced while "
                                + "it was being opened; try again, and never delete or replace it while processes use it.");
                    }
                    if (channel.size() != length) {
                        settle(channel, length, exclusion);
                    }
                    check(channel.size(), head(channel), length, path);
                    // The mapping outlives the channel.
                    MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
                    return new PythonRegionFile(path, length, stateFlag, exclusion, locks, mapping, stat);
                } finally {
                    locks.unlock(MmapLayout.INIT_LOCK_AT);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (locks != null) {
                locks.close();
            }
            if (e instanceof LockException le) {
                throw le;
            }
            throw new LockException("Cannot open Python-protocol mmap file " + path + ": " + e.getMessage(), e);
        }
    }

    // Under the exclusion, as a Python peer creates the file: an empty file (just created) is
    // filled, and one a peer is filling is seen only once it has its length. Written, not just
    // extended, so that the blocks are allocated now: a region on a full disk fails here with an
    // error, not later in a page fault (SIGBUS) inside a hold.
    private static void settle(FileChannel channel, int length, FileLock exclusion) throws IOException {
        exclusion.lock();
        try {
            if (channel.size() != 0) {
                return;
            }
            ByteBuffer zeros = ByteBuffer.allocate(Math.min(length, FILL_CHUNK));
            for (long at = 0; at < length; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), length - at));
                at += channel.write(zeros, at);
            }
            channel.force(true);
        } finally {
            exclusion.unlock();
        }
    }

    /**
     * Refuses the region file {@code path} (already made by {@link LockFiles#prepare}) before its
     * {@code .lock} is made next to it: a native mmap lock file, or a file of another length than
     * {@code length} that is not empty. Read through a descriptor opened without following links.
     *
     * @throws LockException saying what the file is and what to do
     */
    static void accept(Path path, int length, LockSharing sharing) {
        if (!SafeOpen.AVAILABLE) {
            return;
        }
        int fd = LockFiles.open(path, sharing);
        try {
            long size = LibC.lseek(fd, 0, LibC.SEEK_END);
            byte[] head = new byte[Long.BYTES];
            long read = size < Long.BYTES ? 0 : LibC.pread(fd, head, head.length, 0);
            if (size != 0) {
                check(size, read == Long.BYTES ? ByteBuffer.wrap(head).order(ByteOrder.nativeOrder()) : null, length, path);
            }
        } catch (LastErrorException e) {
            throw new LockException("Cannot read Python-protocol mmap file " + path + ": " + LibC.strerror(e.getErrorCode()),
                    e);
        } finally {
            LockFiles.closeQuietly(() -> LibC.close(fd));
        }
    }

    // The first eight bytes, or null when the file is shorter.
    private static ByteBuffer head(FileChannel channel) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder());
        while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
            // A positional read may return fewer bytes than asked for.
        }
        return head.position() == Long.BYTES ? head : null;
    }

    private static void check(long size, ByteBuffer head, int length, Path path) {
        if (head != null && head.getLong(0) == MmapLayout.MAGIC) {
            throw new LockException("File " + path + " is a native mmap lock file (it starts with the magic "
                    + "\"FLCKMMAP\"), not a Python-protocol region; declare it with protocol native (MmapLock), "
                    + "or give the Python-protocol lock a file of its own. It is left untouched.");
        }
        if (size != length) {
            throw new LockException("Python-protocol mmap file " + path + " has " + size + " bytes, not the declared "
                    + "length " + length + ": every process must declare the length the file has. Declare length "
                    + size + ", or use another file; it is never truncated or extended.");
        }
    }

    @Override
    public boolean tryAcquire(int attempt) throws IOException {
        if (closed) {
            throw new LockException("Python-protocol mmap lock " + path + " is closed");
        }
        watch.requireUsable();
        return exclusion.tryLock() && checkedWhole();
    }

    // The exclusion is a FileLock, which waits in the kernel: so does this lock, at flock speed.
    @Override
    public boolean waitsItself() {
        return true;
    }

    @Override
    public boolean await(long deadline, boolean forever, boolean interruptible)
            throws IOException, InterruptedException {
        if (!forever) {
            long left = deadline - System.nanoTime();
            return left > 0 && exclusion.tryLock(left, TimeUnit.NANOSECONDS) && checkedWhole();
        }
        if (interruptible) {
            exclusion.lockInterruptibly();
        } else {
            exclusion.lock();
        }
        return checkedWhole();
    }

    // Called holding the exclusion, which it releases if it throws.
    private boolean checkedWhole() throws IOException {
        try {
            // A Python peer that opens the file "w+" truncates it, and a page the file no longer
            // covers kills this process (SIGBUS) when touched: refuse the hold instead.
            long size = locks.size();
            if (size < length) {
                throw new LockException("Python-protocol mmap file " + path + " was shortened to " + size + " bytes "
                        + "(its region has " + length + "): a Python process opened it \"w+\", which truncates. "
                        + "Python peers must open the region \"r+\"; restore its length before using the lock again.");
            }
        } catch (IOException | RuntimeException e) {
            exclusion.unlock();
            throw e;
        }
        return true;
    }

    /** Right after acquiring: remembers what the flag said and sets it, as the Python class does. */
    void beginHold() {
        if (stateFlag) {
            recovered = mapping.get(0) == HELD;
            mapping.put(0, HELD);
        }
    }

    /** Right before releasing, after the suffix: clears the flag, then writes the region out if asked. */
    void endHold(boolean force) {
        if (stateFlag) {
            mapping.put(0, FREE);
        }
        if (force) {
            mapping.force();
        }
    }

    @Override
    public void release() throws IOException {
        String loss = watch.lossAtRelease();
        try {
            exclusion.unlock();
        } finally {
            if (loss != null) {
                watch.markLost(loss);
            }
        }
        if (loss != null) {
            throw watch.lost(loss, true);
        }
    }

    // Two files make the lock: the exclusion file other processes lock, and the region they map.
    @Override
    public void ensureValid() throws IOException {
        exclusion.ensureValid();
        watch.ensureValid();
    }

    @Override
    public boolean isUsable() {
        return watch.isUsable();
    }

    @Override
    public Optional<LockOwner> owner() {
        return exclusion.owner();
    }

    @Override
    public int spinAttempts() {
        return 0;
    }

    @Override
    public boolean recoveredFromCrash() {
        return recovered;
    }

    @Override
    public long generation() {
        throw new UnsupportedOperationException("Python-protocol mmap lock " + path + " has no generation: the "
                + "Python tool's layout keeps no counter of acquisitions. Keep one in the region if you need it.");
    }

    /** The region: the whole mapping, little-endian. */
    ByteBuffer region() {
        return mapping.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The state flag byte as it is now, read without the lock. */
    byte flag() {
        return mapping.get(0);
    }

    @Override
    public void close() {
        // The exclusion is a FileLock of its own, closed by the registry once unreachable.
        closed = true;
        locks.close();
    }
}
