package dev.filelock.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Linux's table of the file locks held now ({@code /proc/locks}): which process holds an exclusive
 * lock on a file. It lets a reader tell whether an owner record is the current holder's or a
 * previous holder's, so that a holder needs no write to blank its record on release. The pids are
 * as this process's PID namespace sees them: a holder in another namespace does not match.
 */
final class KernelLockTable {

    private static final Path TABLE = Path.of("/proc/locks");

    /** Whether this system has the table. */
    static final boolean AVAILABLE = Files.isReadable(TABLE);

    private KernelLockTable() {
    }

    /**
     * Whether process {@code pid} holds an exclusive {@code flock} or POSIX lock on the file whose
     * {@code stat} device and inode numbers are {@code dev} and {@code ino}.
     */
    static boolean holdsExclusively(long pid, long dev, long ino) throws IOException {
        // The kernel prints the device as major:minor in hex; st_dev encodes them as glibc does.
        String file = String.format("%02x:%02x:%d", (dev >>> 8 & 0xfff) | (dev >>> 32 & ~0xfffL),
                (dev & 0xff) | (dev >>> 12 & ~0xffL), ino);
        String holder = Long.toString(pid);
        for (String line : Files.readAllLines(TABLE)) {
            // "1: FLOCK  ADVISORY  WRITE 4242 fe:00:2146455 0 EOF"; waiters' lines have "->" second.
            List<String> f = List.of(line.trim().split("\\s+"));
            if (f.size() >= 6 && !f.get(1).equals("->") && (f.get(1).equals("FLOCK") || f.get(1).equals("POSIX"))
                    && f.get(3).equals("WRITE") && f.get(4).equals(holder) && f.get(5).equals(file)) {
                return true;
            }
        }
        return false;
    }
}
