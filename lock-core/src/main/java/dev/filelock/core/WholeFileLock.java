package dev.filelock.core;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A whole-file OS lock on one open file that stays open as long as the lock object lives, with the
 * owner record in the file: the steps every such lock takes, in one place. The subclasses
 * ({@link FlockFile}, {@link ChannelFile}) supply only the OS-specific calls: open, lock without
 * waiting, unlock, positional read and write, close; and, if they can wait in the kernel
 * ({@link #blocks()}), the blocking lock that {@link KernelWait} calls.
 * <p>
 * <b>The file's identity.</b> The file is opened between two {@code stat}s of the path that must
 * agree, so the identity (device and inode, read by {@link PathStat}) remembered is the open
 * file's. Every release checks, before it unlocks, that the file is still the one the path names,
 * and reports a change while held as {@link LockLostException}; every acquisition checks it after
 * taking the OS lock and before reporting success ({@link #adopt()}): a file deleted or replaced
 * while no thread here held it is dropped, and the file there now (created again if missing) is
 * locked instead. An acquisition that comes at once after this lock's own release (within
 * {@value KernelWait#AT_ONCE_MICROS} µs of its check) relies on that check. A hold costs the
 * system calls it needs and no more, so a check is the cheapest that answers: the open
 * descriptor's link count ({@link FileStat}, where the subclass has a {@link #descriptor()}),
 * which drops to 0 when the file's last name is deleted or renamed over; the path itself
 * ({@link PathStat}) when it was not looked up for {@value MappedFileWatch#PERIOD_MILLIS} ms (which
 * also finds a file renamed away, or replaced while a hard link keeps it), when the link count is 0
 * (to tell "deleted" from "replaced"), and where no descriptor can be read. A loss that only the
 * path shows and that a later look-up finds may have happened during a hold since the last one: the
 * next release reports it. {@link #ensureValid()} always looks the path up. docs/file-lock.md, "A
 * lock that was lost", says what each check finds, and when.
 * <p>
 * <b>What is written.</b> Only into a file that is empty or carries an {@link OwnerRecord} (the
 * {@code stat} of each acquisition gives its size, so that costs no read): the holder's record,
 * best effort. A release writes nothing where the kernel's lock table tells a reader whether the
 * record's process holds the lock ({@link KernelLockTable}, {@link #kernelNamesHolder()});
 * elsewhere it blanks the record. Where a release writes nothing, an acquisition does not write
 * either when the file still holds, unchanged since that release, the very record it would write:
 * the same thread re-acquiring within the same second (the record's precision). "Unchanged" is the
 * modification time and size that the release's {@code stat} saw; a reader checks a record
 * against the kernel's lock table anyway, so a record left over where timestamps are too coarse
 * to tell reads as an unknown owner, never as a wrong one. A file with other content is locked but
 * never written; an {@link MmapLock}'s file is refused.
 */
abstract class WholeFileLock implements ProcessLevelLock {

    private static final System.Logger LOG = System.getLogger(FileLock.class.getName());
    private static final int MAX_OPENS = 10;
    private static final long NEVER = Long.MIN_VALUE;
    private static final long CHECK_PERIOD = TimeUnit.MILLISECONDS.toNanos(MappedFileWatch.PERIOD_MILLIS);

    final Path path;
    /** Who may use the file: the mode and group it is created with, and the owners accepted. */
    final LockSharing sharing;
    private final boolean recordOwner;
    private final PathStat stat;
    /** The open file as its descriptor shows it, where descriptors can be read. */
    private final FileStat held = FileStat.AVAILABLE ? new FileStat() : null;
    private LockOwner holder;
    private boolean opened;
    /** The open file's device and inode (0 where the platform has none). */
    private long device;
    private long inode;
    private OwnerRecord.Contents contents;
    private boolean writeFailureLogged;

    /** The size and modification time of the open file, as the last check read them. */
    private long size;
    private long modified;
    /** When the path was last looked up ({@link System#nanoTime()}). */
    private long pathCheckedAt;
    /** Whether the last release's check found the file, and when ({@link System#nanoTime()}). */
    private boolean releaseChecked;
    private long releaseCheckedAt;
    /**
     * Whether a hold ended with a check of the link count alone since the path was last found to
     * name the file, and the holder of the last such hold.
     */
    private boolean heldSinceLookUp;
    private LockOwner lastHeldSinceLookUp;
    /** A loss the next release must report, and the holder it happened to. */
    private String unreported;
    private LockOwner unreportedHolder;

    /** The owner that the current thread would record now, and its record: remade when either changes. */
    private LockOwner owner;
    private byte[] ownerRecord;
    /** The record this lock wrote last, and the file's modification time when a release saw only it there. */
    private byte[] written;
    private long writtenUnchangedAt = NEVER;

    WholeFileLock(Path path, boolean recordOwner, LockSharing sharing) {
        this.path = path;
        this.sharing = sharing;
        this.recordOwner = recordOwner;
        this.stat = PathStat.of(path);
    }

    /**
     * Opens the file now rather than at the first acquisition, so that a file of another kind is
     * refused when the lock is made.
     *
     * @return this
     * @throws LockException if the file is an {@link MmapLock}'s file
     */
    final synchronized WholeFileLock openNow() throws IOException {
        open();
        return this;
    }

    /**
     * Opens the existing file at {@link #path} for reading and writing, never through a link, and
     * checks it ({@link LockFiles#open}).
     */
    abstract void openFile() throws IOException;

    /** The open file's descriptor, or -1 where this kind has none to give (a JDK channel). */
    abstract int descriptor();

    /**
     * Takes the OS lock on the open file without waiting.
     *
     * @return false if another process (or open file) holds it
     */
    abstract boolean lockFile(boolean shared) throws IOException;

    /** Drops the OS lock this object holds. */
    abstract void unlockFile() throws IOException;

    /** Reads up to {@code buffer.length} bytes at {@code position}; the count read. */
    abstract int read(byte[] buffer, long position) throws IOException;

    /** Writes {@code bytes} at {@code position}; the count written. */
    abstract int write(byte[] bytes, long position) throws IOException;

    /** Closes the file, which drops the OS lock; idempotent. */
    abstract void closeFile();

    /**
     * Whether holding this lock keeps an {@link MmapLock} from initialising the file: true for
     * POSIX record locks, which conflict with its initialisation's byte lock.
     */
    abstract boolean excludesMmapInitialisation();

    /**
     * Whether {@code /proc/locks} names the process that holds this kind of lock (true for
     * {@code flock} and classic POSIX locks; open file description locks show no pid there).
     */
    abstract boolean kernelNamesHolder();

    /** Opens the file if it is not open: for a subclass about to lock it. */
    final synchronized void ensureOpen() throws IOException {
        if (!opened) {
            open();
        }
    }

    @Override
    public final synchronized boolean tryAcquire(int attempt) throws IOException {
        for (int reopened = 0; ; reopened++) {
            ensureOpen();
            if (!lockFile(false)) {
                return false;
            }
            if (adopt(attempt == 0)) {
                return true;
            }
            if (reopened == MAX_OPENS) {
                throw new IOException("lock file " + path + " is deleted or replaced as fast as it is locked");
            }
        }
    }

    @Override
    public final synchronized boolean adopt() throws IOException {
        return adopt(false);
    }

    // atOnce: the lock was taken without waiting, so if this lock's release checked the file a
    // moment ago, nobody held it since and that check stands.
    private boolean adopt(boolean atOnce) throws IOException {
        long now = System.nanoTime();
        boolean checked = atOnce && releaseChecked && now - releaseCheckedAt < KernelWait.AT_ONCE;
        String loss = checked ? null : check(now);
        if (loss != null) {
            // Deleted or replaced while no thread here held it (the last release checked): whoever
            // opens the path now gets the file there, so that one is the lock. Closing drops ours; the
            // next open follows the path. A loss that only the path shows may have happened during a
            // hold whose release looked at the link count alone: the next release says so.
            if (heldSinceLookUp && unreported == null && !isDeleted()) {
                unreported = loss;
                unreportedHolder = lastHeldSinceLookUp;
            }
            close();
            return false;
        }
        LockOwner me = currentOwner();
        try {
            claim(me);
        } catch (IOException | RuntimeException e) {
            // Closed, not just unlocked: the next attempt opens and looks at the file again.
            close();
            throw e;
        }
        holder = me;
        return true;
    }

    @Override
    public final synchronized void abandon() {
        holder = null;
        unlockOrClose();
    }

    @Override
    public final synchronized void release() throws IOException {
        LockOwner was = holder;
        holder = null;
        String loss = unreported;
        LockOwner lostBy = loss == null ? was : unreportedHolder;
        unreported = null;
        unreportedHolder = null;
        try {
            long now = System.nanoTime();
            boolean lookUp = isLookUpDue(now);
            String found = check(now);
            if (loss == null) {
                loss = found;
            }
            releaseChecked = found == null;
            releaseCheckedAt = now;
            if (found == null && !lookUp) {
                heldSinceLookUp = true;
                lastHeldSinceLookUp = was;
            }
            if (loss == null && recordOwner && !kernelTellsHolder() && contents == OwnerRecord.Contents.RECORD) {
                writeBestEffort(OwnerRecord.free());
            }
        } finally {
            unlockOrClose();
        }
        if (loss != null) {
            close();
            throw LockFiles.lost(path, loss, lostBy, true);
        }
    }

    @Override
    public final synchronized void ensureValid() throws IOException {
        String loss = loss();
        if (loss != null) {
            // Kept for the release, which may come before its own check is due.
            unreported = loss;
            unreportedHolder = holder;
            throw LockFiles.lost(path, loss, holder, false);
        }
    }

    @Override
    public final synchronized Optional<LockOwner> owner() throws IOException {
        if (holder != null) {
            return Optional.of(holder);
        }
        if (!opened || loss() != null) {
            close();
            open();
        }
        // Probing with our own open file is safe only because no thread of ours holds it now
        // (checked above, under this monitor): a flock on a held description would convert it.
        if (lockFile(true)) {
            unlockOrClose();
            return Optional.empty();
        }
        return Optional.of(recordedOwner());
    }

    /**
     * The owner the file records, if it is the one that holds the lock now as far as can be told;
     * else {@link LockOwner#unknown()}. Read without probing the lock, which a caller knows is held.
     */
    @Override
    public final synchronized LockOwner recordedOwner() throws IOException {
        // Another process may have claimed or emptied the file since we looked.
        classify(stat.read() ? stat.size : 0);
        if (contents != OwnerRecord.Contents.RECORD) {
            return LockOwner.unknown();
        }
        byte[] buffer = new byte[OwnerRecord.SIZE];
        LockOwner recorded = OwnerRecord.decode(buffer, read(buffer, 0));
        return recorded.isKnown() && isHolding(recorded) ? recorded : LockOwner.unknown();
    }

    @Override
    public int spinAttempts() {
        return 0;
    }

    @Override
    public final synchronized void close() {
        holder = null;
        opened = false;
        releaseChecked = false;
        closeFile();
    }

    private void open() throws IOException {
        for (int attempt = 1; ; attempt++) {
            LockFiles.createMissing(path, sharing);
            boolean before = stat.read();
            long beforeDevice = stat.device;
            long beforeInode = stat.inode;
            openFile();
            if (before && stat.read() && stat.isFile(beforeDevice, beforeInode)) {
                opened = true;
                device = stat.device;
                inode = stat.inode;
                // The open is a look-up of the path that found this file.
                pathCheckedAt = System.nanoTime();
                heldSinceLookUp = false;
                size = stat.size;
                modified = stat.modified;
                contents = OwnerRecord.Contents.EMPTY;
                written = null;
                try {
                    classify(stat.size);
                } catch (IOException | RuntimeException e) {
                    close();
                    throw e;
                }
                return;
            }
            closeFile();
            if (attempt == MAX_OPENS) {
                throw new IOException("lock file " + path + " is deleted or replaced as fast as it is opened");
            }
        }
    }

    /**
     * Writes this hold's record if the file may be written: one positional write, or none when
     * owner metadata is off and the file is already claimed, or when the file still holds this very
     * record. Decides from the file's size (the acquisition's check) whether it must look at the
     * contents again.
     */
    private void claim(LockOwner me) throws IOException {
        if (size == 0) {
            contents = OwnerRecord.Contents.EMPTY;
        } else if (contents == OwnerRecord.Contents.EMPTY
                || contents == OwnerRecord.Contents.RECORD && size != OwnerRecord.SIZE) {
            classify(size);
        }
        boolean record = contents == OwnerRecord.Contents.RECORD && recordOwner;
        if (record && written == ownerRecord && size == OwnerRecord.SIZE && modified == writtenUnchangedAt) {
            return;
        }
        written = null;
        if (contents == OwnerRecord.Contents.EMPTY) {
            // Even without owner metadata, an empty file is claimed, so that an MmapLock refuses it.
            claimEmpty(recordOwner ? ownerRecord : OwnerRecord.free());
        } else if (record) {
            writeBestEffort(ownerRecord);
        }
        if (written == ownerRecord && kernelTellsHolder()) {
            // A release keeps this record: the next hold finds it unchanged if the file's time is
            // still the one our write gave it. Read now, under the lock; writes are rare (a new
            // holder, a new second), so this costs a steady run of holds nothing.
            writtenUnchangedAt = modifiedNow();
        }
    }

    // The same objects for as long as the thread's name and the second stay the same (the record
    // holds nothing else), so a thread re-acquiring in a loop makes no garbage and finds its record
    // already written.
    private LockOwner currentOwner() {
        String name = Thread.currentThread().getName();
        long second = System.currentTimeMillis() / 1000;
        if (owner == null || second != owner.since().getEpochSecond() || name != owner.thread()) {
            owner = new LockOwner(ProcessInfo.PID, ProcessInfo.HOST, name, Instant.ofEpochSecond(second));
            ownerRecord = OwnerRecord.encode(owner);
        }
        return owner;
    }

    // An MmapLock initialises an empty file under a lock on its first byte: take the same lock,
    // unless our own lock already excludes it, so that the two never write one file at once.
    // Without waiting: whoever else holds that byte (an initialisation, or a POSIX lock on the
    // whole file) must not hold up this acquisition; the claim is simply made at a later hold.
    private void claimEmpty(byte[] record) throws IOException {
        if (excludesMmapInitialisation()) {
            writeBestEffort(record);
        } else {
            try (RangeLocks init = RangeLocks.open(path, sharing)) {
                if (!init.tryLock(MmapLayout.INIT_LOCK_AT)) {
                    return;
                }
                long size = init.size();
                if (size != 0) {
                    classify(size);
                    return;
                }
                writeBestEffort(record);
            }
        }
        contents = OwnerRecord.Contents.RECORD;
    }

    private void classify(long size) throws IOException {
        byte[] head = new byte[OwnerRecord.SIZE];
        contents = OwnerRecord.classify(head, size == 0 ? 0 : read(head, 0), size);
        if (contents == OwnerRecord.Contents.MMAP) {
            throw new LockException("File " + path + " is an mmap lock file (it starts with \"" + MmapLayout.MAGIC_TEXT
                    + "\"): one file cannot back both an MmapLock and a FileLock. Give the FileLock a file of its own, "
                    + "or declare the lock as an mmap lock everywhere. A FileLock never writes into it.");
        }
    }

    /** Whether the process that {@code recorded} names holds the OS lock now, as far as can be told. */
    private boolean isHolding(LockOwner recorded) throws IOException {
        if (!kernelTellsHolder()) {
            return true;
        }
        return stat.read() && stat.isFile(device, inode)
                && KernelLockTable.holdsExclusively(recorded.pid(), device, inode);
    }

    // Where it cannot, a release blanks the record instead, so a record in a held file is current.
    private boolean kernelTellsHolder() {
        return KernelLockTable.AVAILABLE && kernelNamesHolder();
    }

    /** What happened to the open file's name: null when the path still names it. */
    private String loss() throws IOException {
        return stat.loss(device, inode, 0);
    }

    /**
     * The check (see the class comment): what became of the open file ("deleted", "replaced by
     * another file"), or null when the path still names it; then {@link #size} and
     * {@link #modified} are the file's.
     */
    private String check(long now) throws IOException {
        if (!isLookUpDue(now)) {
            held.read(descriptor(), path);
            if (!held.isDeleted()) {
                size = held.size;
                modified = held.modified;
                return null;
            }
        }
        pathCheckedAt = now;
        String loss = loss();
        if (loss == null) {
            size = stat.size;
            modified = stat.modified;
            heldSinceLookUp = false;
        }
        return loss;
    }

    // Whether a check must look the path up: due, or no descriptor to ask.
    private boolean isLookUpDue(long now) {
        return held == null || descriptor() < 0 || now - pathCheckedAt >= CHECK_PERIOD;
    }

    // Whether the open file has no name left, as far as its descriptor tells.
    private boolean isDeleted() throws IOException {
        return held != null && descriptor() >= 0 && held.read(descriptor(), path).isDeleted();
    }

    // The open file's modification time now.
    private long modifiedNow() throws IOException {
        int fd = held == null ? -1 : descriptor();
        if (fd >= 0) {
            return held.read(fd, path).modified;
        }
        return stat.read() ? stat.modified : NEVER;
    }

    // Owner metadata must never cost exclusion: a failed write (a full disk) is logged once.
    private void writeBestEffort(byte[] record) {
        written = null;
        try {
            int n = write(record, 0);
            if (n != record.length) {
                throw new IOException("short write (" + n + " of " + record.length + " bytes)");
            }
            written = record;
        } catch (IOException e) {
            if (!writeFailureLogged) {
                writeFailureLogged = true;
                LOG.log(Level.WARNING, "Cannot write the owner record into lock file " + path + ": " + e.getMessage()
                        + ". The lock works all the same; other processes see its holder as unknown. Is the disk "
                        + "full? (Logged once per lock.)", e);
            }
        }
    }

    // Closing the file is the one release that cannot fail.
    private void unlockOrClose() {
        try {
            unlockFile();
        } catch (IOException | RuntimeException e) {
            close();
        }
    }
}
