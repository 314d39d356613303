package dev.filelock.core;

import static dev.filelock.core.MmapLayout.GENERATION_AT;
import static dev.filelock.core.MmapLayout.HEADER_LENGTH;
import static dev.filelock.core.MmapLayout.LOCK_WORD_AT;
import static dev.filelock.core.MmapLayout.SINCE_AT;
import static dev.filelock.core.MmapLayout.SLOT_COUNT;
import static dev.filelock.core.MmapLayout.STATE_FLAG_AT;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The process-level half of an {@link MmapLock}: a compare-and-set on a lock word in a shared
 * mapping of the file (no system call when the lock is free), with crash recovery through the
 * process slots ({@link ProcessSlots}).
 * <p>
 * A waiter that finds the lock held checks now and then (on its first attempt, then every
 * {@value #CHECK_EVERY}th attempt once it has stopped spinning) whether the holder is alive. Only
 * if the kernel says the holder's process is gone does it take the lock over, with one
 * compare-and-set from the exact lock word it checked, so of several waiters exactly one wins. A
 * live holder is never robbed, however long it holds and even while stopped.
 * <p>
 * "since" costs a clock read, which would double an uncontended acquisition, so the holder only
 * clears it: the first to observe the hold (a waiter's check, {@code owner()}, {@code state()})
 * stamps the time it saw it. For a hold that someone waits for, that is within microseconds of the
 * acquisition, since a waiter checks on its first attempt.
 * <p>
 * Whether the path still names the mapped file, whole, costs a {@code stat}: a hundred uncontended
 * acquisitions. So it is checked where it costs nothing in comparison: by a waiter (its first
 * attempt, then now and then), by {@link #ensureValid()}, and at a release when the
 * {@link MappedFileWatch} says one is due.
 */
final class MmapFile implements ProcessLevelLock, HoldFacts {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int SPIN_ATTEMPTS = 1000;
    private static final int CHECK_EVERY = 4;
    private static final int OWNER_READ_ATTEMPTS = 100;

    private static final int MAX_OPENS = 10;

    private final Path path;
    private final int userLength;
    private final MappedFileWatch watch;
    private final FileChannel channel;
    private final RangeLocks locks;
    private final MappedByteBuffer mapping;
    private final ProcessSlots slots;
    private final int slot;
    private final long incarnation;
    private final long word;
    private boolean closed;

    // Used only by the thread that holds the JVM-wide lock, one after another.
    private Thread threadRecorded;
    private String nameRecorded;
    private boolean recovered;
    private long generation;

    private MmapFile(Path path, int userLength, PathStat stat, FileChannel channel, RangeLocks locks,
            MappedByteBuffer mapping) {
        this.path = path;
        this.userLength = userLength;
        this.watch = new MappedFileWatch(stat, MmapLayout.fileLength(userLength), "Mmap lock file", MmapLock.class);
        this.channel = channel;
        this.locks = locks;
        this.mapping = mapping;
        this.slots = new ProcessSlots(mapping, locks, path);
        try {
            this.slot = slots.claim();
        } catch (IOException e) {
            throw new LockException("Cannot claim a process slot in mmap lock file " + path + ": " + e.getMessage(), e);
        }
        this.incarnation = slots.incarnation(slot);
        this.word = MmapLayout.word(slot, incarnation);
    }

    /**
     * Opens, checks (or, when new, allocates and initialises) and maps {@code path}, and claims a
     * process slot. Serialised between processes by a lock on the file's first byte, so two
     * processes creating the file at once do not race. The file is opened between two
     * {@code stat}s of the path that must agree, so that the identity kept is the open file's.
     *
     * @throws LockException if the file is not an mmap lock file for a region of {@code userLength}
     *                       bytes, or cannot be opened, allocated or mapped
     */
    static MmapFile open(Path path, int userLength, LockSharing sharing) {
        for (int attempt = 1; ; attempt++) {
            try {
                MmapFile opened = openOnce(path, userLength, sharing);
                if (opened != null) {
                    return opened;
                }
            } catch (IOException e) {
                throw new LockException("Cannot open mmap lock file " + path + ": " + e.getMessage(), e);
            }
            if (attempt == MAX_OPENS) {
                throw new LockException("Cannot open mmap lock file " + path + ": it is deleted or replaced as fast "
                        + "as it is opened");
            }
        }
    }

    // Null when the path changed while it was opened.
    private static MmapFile openOnce(Path path, int userLength, LockSharing sharing) throws IOException {
        LockFiles.createMissing(path, sharing);
        PathStat stat = PathStat.of(path);
        boolean before = stat.read();
        long beforeDevice = stat.device;
        long beforeInode = stat.inode;
        RangeLocks locks = null;
        FileChannel channel = null;
        try {
            locks = RangeLocks.open(path, sharing);
            // Kept open for the file's life: closing it would drop record locks on some platforms.
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            locks.lock(MmapLayout.INIT_LOCK_AT);
            try {
                if (!before || !stat.read() || !stat.isFile(beforeDevice, beforeInode)) {
                    locks.close();
                    LockFiles.closeQuietly(channel);
                    return null;
                }
                long size = locks.size();
                ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, MmapLayout.CHECKED_BYTES));
                while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
                    // A positional read may return fewer bytes than asked for.
                }
                head.flip();
                MmapLayout.Found found = MmapLayout.check(head, size, userLength, path);
                long length = MmapLayout.fileLength(userLength);
                if (found == MmapLayout.Found.UNINITIALISED) {
                    allocate(locks, length, path);
                }
                MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
                mapping.order(ByteOrder.nativeOrder());
                if (found == MmapLayout.Found.UNINITIALISED) {
                    MmapLayout.initialise(mapping, userLength);
                    mapping.force();
                }
                return new MmapFile(path, userLength, stat, channel, locks, mapping);
            } finally {
                locks.unlock(MmapLayout.INIT_LOCK_AT);
            }
        } catch (IOException | RuntimeException e) {
            if (locks != null) {
                locks.close();
            }
            LockFiles.closeQuietly(channel);
            throw e;
        }
    }

    // A sparse file would fail only when a page is first touched, with SIGBUS inside someone's
    // hook if the disk is full by then: reserve every block now, where a failure is a clear error.
    private static void allocate(RangeLocks locks, long length, Path path) throws IOException {
        try {
            locks.allocate(length);
        } catch (IOException e) {
            throw new LockException("Cannot allocate the " + length + " bytes of mmap lock file " + path + ": "
                    + e.getMessage() + ". Free space on its file system, or choose another directory; an mmap lock "
                    + "file is allocated whole when it is created, so that a full disk shows here and never later "
                    + "inside a hook.", e);
        }
    }

    @Override
    public boolean tryAcquire(int attempt) throws IOException {
        watch.requireUsable();
        boolean check = attempt == 0 || attempt >= SPIN_ATTEMPTS && attempt % CHECK_EVERY == 0;
        if (attempt != 0 && check) {
            checkIntact();
        }
        recordThread();
        // Read before writing: spinning waiters must not keep stealing the holder's cache line.
        long witness = (long) LONGS.getVolatile(mapping, LOCK_WORD_AT);
        if (witness == 0) {
            witness = (long) LONGS.compareAndExchange(mapping, LOCK_WORD_AT, 0L, word);
        }
        if (witness == 0) {
            acquired(false);
            return true;
        }
        if (!check) {
            return false;
        }
        if (attempt == 0) {
            checkIntact();
        }
        stampSince();
        if (holderIsGone(witness) && LONGS.compareAndSet(mapping, LOCK_WORD_AT, witness, word)) {
            acquired(true);
            return true;
        }
        return false;
    }

    @Override
    public void release() throws IOException {
        String loss = watch.lossAtRelease();
        if (loss != null && isTruncated()) {
            // The header's page may no longer be backed by the file: touching it would fault.
            watch.markLost(loss);
            throw watch.lost(loss, true);
        }
        watch.requireUsable();
        if ((long) LONGS.getVolatile(mapping, LOCK_WORD_AT) != word) {
            throw new LockException("Mmap lock " + path + " was no longer held by this process on release: the file "
                    + "was replaced or rewritten by someone else while held");
        }
        clearHold();
        if (loss != null) {
            // Our mapping keeps the old file alive, so the release above was safe; nobody else uses it.
            watch.markLost(loss);
            throw watch.lost(loss, true);
        }
    }

    @Override
    public void ensureValid() throws IOException {
        watch.ensureValid();
    }

    @Override
    public boolean isUsable() {
        return watch.isUsable();
    }

    // Holder only: the flag goes with the lock word, and the release store publishes the region.
    private void clearHold() {
        mapping.put(STATE_FLAG_AT, MmapLayout.FREE);
        LONGS.setOpaque(mapping, SINCE_AT, 0L);
        LONGS.setRelease(mapping, LOCK_WORD_AT, 0L);
    }

    @Override
    public Optional<LockOwner> owner() throws IOException {
        checkIntact();
        for (int i = 0; i < OWNER_READ_ATTEMPTS; i++) {
            long held = (long) LONGS.getVolatile(mapping, LOCK_WORD_AT);
            if (held == 0) {
                return Optional.empty();
            }
            int holder = checkedSlot(held);
            ProcessSlots.Entry entry = slots.read(holder);
            long since = stampSince();
            if ((long) LONGS.getVolatile(mapping, LOCK_WORD_AT) != held) {
                continue;
            }
            if (entry == null || entry.incarnation() != MmapLayout.incarnationOf(held)) {
                // Its process died mid-write, or died and another process has claimed the slot since.
                return Optional.of(LockOwner.unknown());
            }
            return Optional.of(new LockOwner(entry.pid(), entry.host(), entry.thread(),
                    since == 0 ? null : Instant.ofEpochMilli(since)));
        }
        return Optional.of(LockOwner.unknown());
    }

    /** The state flag, generation and owner, read without taking the lock. */
    MmapLockState state() throws IOException {
        Optional<LockOwner> owner = owner();
        return new MmapLockState(mapping.get(STATE_FLAG_AT) == MmapLayout.HELD,
                (long) LONGS.getVolatile(mapping, GENERATION_AT), owner);
    }

    @Override
    public int spinAttempts() {
        return SPIN_ATTEMPTS;
    }

    /** Whether the current hold was taken over from a holder that died holding it. Holder only. */
    @Override
    public boolean recoveredFromCrash() {
        return recovered;
    }

    /** The generation of the current hold. Holder only. */
    @Override
    public long generation() {
        return generation;
    }

    /** The user's region: a view of the mapping after the header, little-endian. */
    ByteBuffer userRegion() {
        return mapping.slice(HEADER_LENGTH, userLength).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes the user's region to the storage device, unless the file was truncated under it. */
    void force() {
        try {
            if (!isTruncated()) {
                mapping.force(HEADER_LENGTH, userLength);
            }
        } catch (IOException e) {
            throw new LockException("Cannot write the region of mmap lock " + path + " to storage: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (watch.isUsable()) {
            watch.markUnusable("Mmap lock " + path + " is closed");
            // Release a hold left behind, before our slot lock goes and others would call it a crash.
            // No one else changes a word that names us while we live, so the check cannot go stale.
            if ((long) LONGS.getVolatile(mapping, LOCK_WORD_AT) == word) {
                clearHold();
            }
        }
        locks.close();
        LockFiles.closeQuietly(channel);
    }

    private void acquired(boolean fromDeadHolder) {
        generation = (long) LONGS.getVolatile(mapping, GENERATION_AT) + 1;
        LONGS.setRelease(mapping, GENERATION_AT, generation);
        // Dropped even though a release zeroes it: the dead holder never did, and an observer that
        // saw the last hold may have stamped it just after that release.
        LONGS.setOpaque(mapping, SINCE_AT, 0L);
        mapping.put(STATE_FLAG_AT, MmapLayout.HELD);
        recovered = fromDeadHolder;
    }

    // Written before the lock word names us, so a reader never pairs our slot with a stale name.
    private void recordThread() {
        Thread current = Thread.currentThread();
        String name = current.getName();
        if (current != threadRecorded || name != nameRecorded) {
            slots.writeThread(slot, name);
            threadRecorded = current;
            nameRecorded = name;
        }
    }

    private boolean holderIsGone(long held) throws IOException {
        int holder = checkedSlot(held);
        long heldIncarnation = MmapLayout.incarnationOf(held);
        if (holder == slot) {
            // Our own slot: either an earlier process that had it (gone), or us (never, the JVM-wide
            // lock lets one thread at a time get here).
            return heldIncarnation != incarnation;
        }
        return !slots.isAlive(holder, heldIncarnation);
    }

    private int checkedSlot(long held) {
        int holder = MmapLayout.slotOf(held);
        if (holder >= SLOT_COUNT || MmapLayout.incarnationOf(held) == 0) {
            throw new LockException("Mmap lock file " + path + " has a corrupt lock word 0x" + Long.toHexString(held)
                    + "; someone wrote into its header. Delete the file when no process uses it.");
        }
        return holder;
    }

    private long stampSince() {
        long since = (long) LONGS.getVolatile(mapping, SINCE_AT);
        if (since == 0 && (long) LONGS.getVolatile(mapping, LOCK_WORD_AT) != 0) {
            long now = System.currentTimeMillis();
            since = LONGS.compareAndSet(mapping, SINCE_AT, 0L, now) ? now : (long) LONGS.getVolatile(mapping, SINCE_AT);
        }
        return since;
    }

    // A page of a mapping that the file no longer covers faults (SIGBUS) when touched, and a file
    // that the path no longer names is not the one other processes lock: check before going on.
    private void checkIntact() throws IOException {
        String loss = watch.loss();
        if (loss != null) {
            throw new LockException(watch.markLost(loss));
        }
    }

    private boolean isTruncated() throws IOException {
        return locks.size() < MmapLayout.fileLength(userLength);
    }
}
