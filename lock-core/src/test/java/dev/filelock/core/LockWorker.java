package dev.filelock.core;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The child side of the cross-process tests. Usage:
 * <ul>
 * <li>{@code count KIND LOCK COUNTER N}: N times, under the lock, reads the number in COUNTER and
 * writes it back plus one (a lost update shows in the final count); prints {@code DONE}.</li>
 * <li>{@code hold KIND LOCK}: takes the lock, prints {@code ACQUIRED}, releases when a line (or
 * end of input) arrives on stdin, prints {@code RELEASED}, or {@code LOST <message>; held=H} when
 * the release said the lock was lost.</li>
 * <li>{@code try KIND LOCK MILLIS}: tries for MILLIS; prints {@code ACQUIRED} (and releases) or
 * {@code BUSY <holder>}.</li>
 * </ul>
 * KIND is {@code flock} or {@code posix} (a {@link FileLock} with that mechanism). Without a
 * {@code FileLock}, as another Java program would: {@code channel-hold LOCK} (as {@code hold}) and
 * {@code channel-try LOCK} (prints {@code ACQUIRED} or {@code BUSY}) with {@code FileChannel.lock}.
 */
public final class LockWorker {

    private LockWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].startsWith("channel-")) {
            channel(args[0], Path.of(args[1]));
            return;
        }
        InterProcessLock lock = open(args[1], Path.of(args[2]));
        switch (args[0]) {
            case "count" -> {
                Path counter = Path.of(args[3]);
                int n = Integer.parseInt(args[4]);
                for (int i = 0; i < n; i++) {
                    lock.lock();
                    try {
                        increment(counter);
                    } finally {
                        lock.unlock();
                    }
                }
                System.out.println("DONE " + n);
            }
            case "hold" -> {
                lock.lock();
                System.out.println("ACQUIRED");
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                unlockReportingLoss(lock);
            }
            case "try" -> {
                if (lock.tryLock(Long.parseLong(args[3]), TimeUnit.MILLISECONDS)) {
                    System.out.println("ACQUIRED");
                    lock.unlock();
                } else {
                    System.out.println("BUSY " + lock.owner().map(LockOwner::describe).orElse("(free now)"));
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** Unlocks; prints {@code RELEASED}, or {@code LOST <message>; held=H} for a lost lock. */
    static void unlockReportingLoss(InterProcessLock lock) {
        try {
            lock.unlock();
            System.out.println("RELEASED");
        } catch (LockLostException e) {
            System.out.println("LOST " + e.getMessage() + "; held=" + lock.isHeldByCurrentThread());
        }
    }

    // What another Java program does with the JDK alone: a classic POSIX record lock over the file.
    private static void channel(String mode, Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (mode.equals("channel-hold")) {
                java.nio.channels.FileLock held = channel.lock();
                System.out.println("ACQUIRED");
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                held.release();
                System.out.println("RELEASED");
            } else {
                java.nio.channels.FileLock taken = channel.tryLock();
                System.out.println(taken == null ? "BUSY" : "ACQUIRED");
            }
        }
    }

    static InterProcessLock open(String kind, Path file) {
        return switch (kind) {
            case "flock" -> FileLock.of(file, FileLock.Options.defaults().withMechanism(FileLock.Mechanism.FLOCK));
            case "posix" -> FileLock.of(file, FileLock.Options.defaults().withMechanism(FileLock.Mechanism.POSIX));
            default -> throw new IllegalArgumentException("unknown lock kind " + kind);
        };
    }

    /** Read, then write back plus one: without mutual exclusion, concurrent callers lose updates. */
    static void increment(Path counter) throws Exception {
        String text = Files.readString(counter).trim();
        long value = text.isEmpty() ? 0 : Long.parseLong(text);
        Files.writeString(counter, Long.toString(value + 1));
    }
}
