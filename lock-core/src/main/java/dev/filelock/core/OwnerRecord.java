package dev.filelock.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The owner metadata a holder writes at the start of a lock file: a few {@code key=value} lines,
 * readable with {@code cat}, padded with spaces to a fixed {@link #SIZE} so that a shorter record
 * never leaves the tail of a longer one behind and one positional write replaces it whole. A blank
 * record means "not held by a process that records its owner".
 */
final class OwnerRecord {

    static final int SIZE = 256;
    private static final byte[] BLANK = blankRecord();

    private OwnerRecord() {
    }

    static byte[] blank() {
        return BLANK.clone();
    }

    static byte[] encode(LockOwner owner) {
        String thread = owner.thread() == null ? "" : owner.thread().replace('\r', ' ').replace('\n', ' ');
        String text = "pid=" + owner.pid() + "\nhost=" + owner.host() + "\nsince=" + owner.since()
                + "\nthread=" + thread;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] record = blankRecord();
        // A very long thread name is cut, never the fields before it.
        System.arraycopy(bytes, 0, record, 0, Math.min(bytes.length, SIZE - 1));
        return record;
    }

    /** The owner in {@code bytes}, or {@link LockOwner#unknown()} if they hold no valid record. */
    static LockOwner decode(byte[] bytes, int length) {
        String text = new String(bytes, 0, Math.max(length, 0), StandardCharsets.UTF_8);
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

    private static byte[] blankRecord() {
        byte[] record = new byte[SIZE];
        Arrays.fill(record, (byte) ' ');
        record[SIZE - 1] = '\n';
        return record;
    }
}
