package dev.filelock.core;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The other identities' side of {@link HostileNeighbourTest}, run as another user. Usage:
 * {@code MODE KIND LOCK GROUP}: KIND is {@code flock}, {@code posix}, {@code mmap} or
 * {@code python}; GROUP the sharing group's number, or {@code -} for a private lock. MODE
 * {@code hold} takes the lock, prints {@code ACQUIRED}, releases when a line arrives on stdin and
 * prints {@code RELEASED}; {@code try} prints {@code ACQUIRED} or {@code BUSY} after one attempt.
 * A lock that cannot be made prints {@code REFUSED <exception>: <message>}.
 */
public final class NeighbourWorker {

    private NeighbourWorker() {
    }

    public static void main(String[] args) throws Exception {
        InterProcessLock lock;
        try {
            lock = open(args[1], Path.of(args[2]), args[3].equals("-") ? LockSharing.PRIVATE : LockSharing.group(args[3]));
        } catch (LockException e) {
            System.out.println("REFUSED " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        if (args[0].equals("try")) {
            boolean acquired = lock.tryLock(0, TimeUnit.MILLISECONDS);
            System.out.println(acquired ? "ACQUIRED" : "BUSY");
            if (acquired) {
                lock.unlock();
            }
            return;
        }
        lock.lock();
        System.out.println("ACQUIRED");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        lock.unlock();
        System.out.println("RELEASED");
    }

    static InterProcessLock open(String kind, Path file, LockSharing sharing) {
        return switch (kind) {
            case "flock" -> FileLock.of(file, FileLock.Options.defaults().withMechanism(FileLock.Mechanism.FLOCK)
                    .withSharing(sharing));
            case "posix" -> FileLock.of(file, FileLock.Options.defaults().withMechanism(FileLock.Mechanism.POSIX)
                    .withSharing(sharing));
            case "mmap" -> MmapLock.of(file, 64, MmapLock.Options.defaults().withSharing(sharing));
            case "python" -> PythonMmapLock.of(file, 64, PythonMmapLock.Options.defaults().withSharing(sharing));
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }
}
