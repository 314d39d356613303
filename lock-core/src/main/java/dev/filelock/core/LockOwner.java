package dev.filelock.core;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Who holds a lock, as far as can be known: the process id, the host, the thread name and when it
 * took the lock. A lock held by a tool that records nothing (the Python tool, {@code flock(1)}) has
 * an owner whose fields are all unknown.
 *
 * @param pid    the holder's process id, or {@code -1} when unknown
 * @param host   the holder's host name, or {@code null} when unknown
 * @param thread the holder's thread name, or {@code null} when unknown
 * @param since  when the holder took the lock, or {@code null} when unknown
 */
public record LockOwner(long pid, String host, String thread, Instant since) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /** An owner about whom nothing was recorded. */
    public static LockOwner unknown() {
        return new LockOwner(-1, null, null, null);
    }

    /** The current thread of this process, from now. */
    public static LockOwner currentThread() {
        return new LockOwner(ProcessInfo.PID, ProcessInfo.HOST, Thread.currentThread().getName(), Instant.now());
    }

    public boolean isKnown() {
        return pid >= 0;
    }

    public Optional<Instant> sinceInstant() {
        return Optional.ofNullable(since);
    }

    /** For messages: {@code pid 4242 (thread worker-1) since 12:01:03}. */
    public String describe() {
        if (!isKnown()) {
            return "a process that recorded no owner (another tool, e.g. flock(1) or Python)";
        }
        StringBuilder b = new StringBuilder("pid ").append(pid);
        if (thread != null) {
            b.append(" (thread ").append(thread).append(')');
        }
        if (host != null && !host.equals(ProcessInfo.HOST)) {
            b.append(" on ").append(host);
        }
        if (since != null) {
            b.append(" since ").append(TIME.format(since));
        }
        return b.toString();
    }
}
