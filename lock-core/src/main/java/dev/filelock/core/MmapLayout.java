package dev.filelock.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where everything lives in an mmap lock file. The lock's own state sits in a versioned header in
 * front of the user's region, so it never overlaps user data:
 * <pre>
 * offset  size  field
 *      0     8  magic "FLCKMMAP"
 *      8     4  layout version (1)
 *     12     4  header length: where the user's region starts (16512)
 *     16     4  user length: the region's length as declared by MmapLock.of
 *     20     4  slot count (128)
 *     24     4  slot size (128)
 *     64     8  lock word: 0 when free, else slot | incarnation &lt;&lt; 8 of the holder
 *     72     8  generation: +1 with every acquisition
 *     80     8  since: epoch millis the current hold was first observed, 0 when not yet
 *     88     1  state flag: ASCII '1' held, '0' free
 *    128   128 × 128  process slots, one per process that has the file open:
 *                 +0 incarnation, +8 sequence (even when stable), +16 pid, +24 process start
 *                 (epoch millis), +32 host, +80 holding thread (each a length byte and 47 bytes of
 *                 UTF-8)
 *  16512  user  the user's region
 * </pre>
 * Header numbers are in native byte order (the atomic words must be), the user's region is
 * little-endian; 8-byte fields are 8-byte aligned, and the mapping starts on a page boundary.
 */
final class MmapLayout {

    /** The file's first 8 bytes. */
    static final String MAGIC_TEXT = "FLCKMMAP";
    static final long MAGIC = ByteBuffer.wrap(MAGIC_TEXT.getBytes(StandardCharsets.US_ASCII))
            .order(ByteOrder.nativeOrder()).getLong(0);
    static final int VERSION = 1;
    static final int SLOT_COUNT = 128;
    static final int SLOT_SIZE = 128;

    static final int MAGIC_AT = 0;
    static final int VERSION_AT = 8;
    static final int HEADER_LENGTH_AT = 12;
    static final int USER_LENGTH_AT = 16;
    static final int SLOT_COUNT_AT = 20;
    static final int SLOT_SIZE_AT = 24;
    static final int LOCK_WORD_AT = 64;
    static final int GENERATION_AT = 72;
    static final int SINCE_AT = 80;
    static final int STATE_FLAG_AT = 88;
    static final int SLOTS_AT = 128;

    static final int SLOT_INCARNATION = 0;
    static final int SLOT_SEQUENCE = 8;
    static final int SLOT_PID = 16;
    static final int SLOT_START = 24;
    static final int SLOT_HOST = 32;
    static final int SLOT_THREAD = 80;
    static final int TEXT_ZONE = 48;

    /** The byte whose {@link RangeLocks} lock serialises creating and checking the header. */
    static final long INIT_LOCK_AT = 0;

    static final int HEADER_LENGTH = SLOTS_AT + SLOT_COUNT * SLOT_SIZE;
    static final int MAX_USER_LENGTH = Integer.MAX_VALUE - HEADER_LENGTH;
    /** How many leading bytes {@link #check} needs to see. */
    static final int CHECKED_BYTES = 32;

    static final byte HELD = '1';
    static final byte FREE = '0';

    private MmapLayout() {
    }

    static int slotAt(int slot) {
        return SLOTS_AT + slot * SLOT_SIZE;
    }

    static long fileLength(int userLength) {
        return (long) HEADER_LENGTH + userLength;
    }

    /** The lock word naming a holder: never 0, since incarnations start at 1. */
    static long word(int slot, long incarnation) {
        return incarnation << 8 | slot;
    }

    static int slotOf(long word) {
        return (int) (word & 0xFF);
    }

    static long incarnationOf(long word) {
        return word >>> 8;
    }

    /** What {@link #check} found. */
    enum Found {
        /** An empty file, or one whose initialisation never finished (all zeros): initialise it. */
        UNINITIALISED,
        /** A header of this layout for this length, in a file long enough. */
        VALID
    }

    /**
     * Checks a file's header before it is mapped.
     *
     * @param head the file's first {@code min(size, CHECKED_BYTES)} bytes
     * @throws LockException if the file is not an mmap lock file of this layout and length; the
     *                       file is left untouched
     */
    static Found check(ByteBuffer head, long size, int userLength, Path path) {
        head = head.duplicate().order(ByteOrder.nativeOrder());
        String refuse = " MmapLock never overwrites a file it did not create.";
        // All zeros up to at most our length: our own initialisation, interrupted by a crash.
        if (size == 0 || isAllZero(head) && size <= fileLength(userLength)) {
            // Unless it is a Python-protocol region, still zeros: those always have <file>.lock,
            // made before their file is filled (see PythonRegionFile.open).
            Path exclusion = PythonRegionFile.exclusionFile(path);
            if (Files.exists(exclusion)) {
                throw new LockException("File " + path + " has no mmap lock header and " + exclusion + " exists: it "
                        + "is a Python-protocol region (the Python tool's layout). Declare it with protocol python "
                        + "(PythonMmapLock), or give MmapLock a file of its own." + refuse);
            }
            return Found.UNINITIALISED;
        }
        byte[] bytes = new byte[head.limit()];
        head.get(0, bytes);
        if (OwnerRecord.classify(bytes, bytes.length, size) == OwnerRecord.Contents.RECORD) {
            throw new LockException("File " + path + " is a FileLock's lock file (it starts with a FileLock owner "
                    + "record): one file cannot back both a FileLock and an MmapLock. Give the MmapLock a file of its "
                    + "own, or declare the lock as a file lock everywhere." + refuse);
        }
        if (head.limit() < CHECKED_BYTES || head.getLong(MAGIC_AT) != MAGIC) {
            throw new LockException("File " + path + " is not an mmap lock file (it does not start with the magic "
                    + "\"FLCKMMAP\"); it may be another tool's file, such as a Python-protocol region (declare that "
                    + "with protocol python, PythonMmapLock). Give MmapLock a file of its own." + refuse);
        }
        int version = head.getInt(VERSION_AT);
        if (version != VERSION) {
            throw new LockException("Mmap lock file " + path + " has layout version " + version + ", this library reads "
                    + "version " + VERSION + ". Use the same file-lock version in every process that shares it, or "
                    + "another file." + refuse);
        }
        int headerLength = head.getInt(HEADER_LENGTH_AT);
        int slots = head.getInt(SLOT_COUNT_AT);
        int slotSize = head.getInt(SLOT_SIZE_AT);
        if (headerLength != HEADER_LENGTH || slots != SLOT_COUNT || slotSize != SLOT_SIZE) {
            throw new LockException("Mmap lock file " + path + " has a header of " + headerLength + " bytes with "
                    + slots + " slots of " + slotSize + ", expected " + HEADER_LENGTH + " bytes with " + SLOT_COUNT
                    + " slots of " + SLOT_SIZE + "; the header is corrupt." + refuse);
        }
        int declared = head.getInt(USER_LENGTH_AT);
        if (declared != userLength) {
            throw new LockException("Mmap lock file " + path + " holds a region of " + declared + " bytes, not "
                    + userLength + ": every process must declare the same length for one file. Use length "
                    + declared + ", or another file for a region of " + userLength + " bytes." + refuse);
        }
        if (size < fileLength(userLength)) {
            throw truncated(path, size, userLength);
        }
        return Found.VALID;
    }

    static LockException truncated(Path path, long size, int userLength) {
        return new LockException("Mmap lock file " + path + " is truncated: it has " + size + " bytes, a lock with a "
                + userLength + "-byte region needs " + fileLength(userLength) + ". Someone shortened or replaced it; "
                + "never truncate an mmap lock file while it may be in use. Delete it when no process uses it.");
    }

    /** Writes a fresh header into a zeroed mapping, the magic last, and flushes it. */
    static void initialise(ByteBuffer mapping, int userLength) {
        ByteBuffer header = mapping.duplicate().order(ByteOrder.nativeOrder());
        header.putInt(VERSION_AT, VERSION)
                .putInt(HEADER_LENGTH_AT, HEADER_LENGTH)
                .putInt(USER_LENGTH_AT, userLength)
                .putInt(SLOT_COUNT_AT, SLOT_COUNT)
                .putInt(SLOT_SIZE_AT, SLOT_SIZE)
                .put(STATE_FLAG_AT, FREE);
        // Written last: a crash half-way leaves a zero magic, which the next opener initialises again.
        header.putLong(MAGIC_AT, MAGIC);
    }

    private static boolean isAllZero(ByteBuffer head) {
        for (int i = 0; i < head.limit(); i++) {
            if (head.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
