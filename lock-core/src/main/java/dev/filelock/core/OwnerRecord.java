package dev.filelock.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The owner record a {@link FileLock} holder writes at the start of its lock file, readable with
 * {@code cat}: a marker line naming the format and its version, then a few {@code key=value}
 * lines, padded with spaces to a fixed {@link #SIZE} so that one positional write replaces a
 * record whole and a shorter one never leaves the tail of a longer one behind:
 * <pre>
 * FLCKFILE 1
 * pid=4242
 * host=build-7
 * since=2026-11-30T12:01:03Z
 * thread=worker-1
 * (spaces up to byte 255, a newline)
 * </pre>
 * A record without {@code pid} (the {@link #free()} record) only claims the file for file locks.
 * The record is the last holder's: whether that holder still holds the lock is for the reader to
 * check (see {@link WholeFileLock#owner()}).
 */
final class OwnerRecord {

    static final int SIZE = 256;
    static final int VERSION = 1;
    private static final String MARKER = "FLCKFILE ";
    private static final byte[] MMAP_MARKER = MmapLayout.MAGIC_TEXT.getBytes(StandardCharsets.US_ASCII);

    /** What a file holds, as far as a lock file's owner record is concerned. */
    enum Contents {
        /** Nothing: a file lock may claim it. */
        EMPTY,
        /** A record of this format (or of the unversioned one before it): a file lock may write it. */
        RECORD,
        /** An {@link MmapLock}'s file. */
        MMAP,
        /** Anything else: someone's data, or a record of another version. Locked, never written. */
        OTHER
    }

    private OwnerRecord() {
    }

    /** The record of a file claimed by a file lock, naming no owner. */
    static byte[] free() {
        return record(MARKER + VERSION + "\n");
    }

    static byte[] encode(LockOwner owner) {
        String thread = owner.thread() == null ? "" : owner.thread().replace('\r', ' ').replace('\n', ' ');
        return record(MARKER + VERSION + "\npid=" + owner.pid() + "\nhost=" + owner.host() + "\nsince="
                + owner.since() + "\nthread=" + thread);
    }

    /** What the first {@code length} bytes of a file of {@code size} bytes say it is. */
    static Contents classify(byte[] head, int length, long size) {
        if (size == 0) {
            return Contents.EMPTY;
        }
        if (startsWith(head, length, MMAP_MARKER)) {
            return Contents.MMAP;
        }
        String text = new String(head, 0, Math.max(length, 0), StandardCharsets.ISO_8859_1);
        if (text.startsWith(MARKER)) {
            int end = text.indexOf('\n');
            return end > 0 && text.substring(MARKER.length(), end).equals(Integer.toString(VERSION))
                    ? Contents.RECORD : Contents.OTHER;
        }
        // The unversioned record of earlier releases: 256 bytes, a pid line or blanks, a newline last.
        boolean unversioned = size == SIZE && length == SIZE && head[SIZE - 1] == '\n'
                && (text.startsWith("pid=") || text.isBlank());
        return unversioned ? Contents.RECORD : Contents.OTHER;
    }

    /** The owner in a record, or {@link LockOwner#unknown()} if it names none or is not a record. */
    static LockOwner decode(byte[] bytes, int length) {
        String text = new String(bytes, 0, Math.max(length, 0), StandardCharsets.UTF_8);
        if (!text.startsWith(MARKER + VERSION + "\n")) {
            return LockOwner.unknown();
        }
        long pid = -1;
        String host = null;
        String thread = null;
        Instant since = null;
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = line.substring(eq + 1).trim();
            try {
                switch (line.substring(0, eq).trim()) {
                    case "pid" -> pid = Long.parseLong(value);
                    case "host" -> host = value;
                    case "thread" -> thread = value;
                    case "since" -> since = Instant.parse(value);
                    default -> { }
                }
            } catch (RuntimeException malformed) {
                return LockOwner.unknown();
            }
        }
        return pid < 0 ? LockOwner.unknown() : new LockOwner(pid, host, thread, since);
    }

    private static byte[] record(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] record = new byte[SIZE];
        Arrays.fill(record, (byte) ' ');
        record[SIZE - 1] = '\n';
        // A very long thread name is cut, never the fields before it.
        System.arraycopy(bytes, 0, record, 0, Math.min(bytes.length, SIZE - 1));
        return record;
    }

    private static boolean startsWith(byte[] head, int length, byte[] prefix) {
        return length >= prefix.length && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
    }
}
