package dev.filelock.core;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The child side of the mmap lock's cross-process tests, on a lock with a {@value #LENGTH}-byte
 * region. Usage:
 * <ul>
 * <li>{@code count FILE N}: N times, under the lock, adds one to the {@code long} at offset 0 of
 * the region (read, then write: a lost update shows in the final count); prints {@code DONE}.</li>
 * <li>{@code hold FILE}: takes the lock, prints {@code ACQUIRED gen=G}, releases when a line (or
 * end of input) arrives on stdin, prints {@code RELEASED} (or {@code LOST <message>; held=H}).</li>
 * <li>{@code take FILE MILLIS}: if the lock is busy, prints {@code WAITING} and waits up to MILLIS;
 * prints {@code ACQUIRED recovered=R gen=G} (and releases) or {@code BUSY <holder>}.</li>
 * <li>{@code cut FILE}: takes the lock, truncates the file to nothing, lets {@code state()} notice,
 * then unlocks; prints {@code UNLOCKED <what unlock threw>}, unless touching the mapping killed
 * the process.</li>
 * </ul>
 * A last argument {@code slots=KIND} sets {@link RangeLocks#KIND_PROPERTY} ({@code ofd},
 * {@code channel}) to test the portable fallback on Linux too.
 */
public final class MmapWorker {

    static final int LENGTH = 64;

    private MmapWorker() {
    }

    public static void main(String[] args) throws Exception {
        String last = args[args.length - 1];
        if (last.startsWith("slots=")) {
            System.setProperty(RangeLocks.KIND_PROPERTY, last.substring("slots=".length()));
        }
        MmapLock lock = MmapLock.of(Path.of(args[1]), LENGTH);
        switch (args[0]) {
            case "count" -> {
                int n = Integer.parseInt(args[2]);
                SharedRegion region = lock.region();
                for (int i = 0; i < n; i++) {
                    lock.lock();
                    try {
                        region.putLong(0, region.getLong(0) + 1);
                    } finally {
                        lock.unlock();
                    }
                }
                System.out.println("DONE " + n);
            }
            case "hold" -> {
                lock.lock();
                System.out.println("ACQUIRED gen=" + lock.region().generation());
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                LockWorker.unlockReportingLoss(lock);
            }
            case "take" -> {
                boolean acquired = lock.tryLock();
                if (!acquired) {
                    System.out.println("WAITING");
                    acquired = lock.tryLock(Long.parseLong(args[2]), TimeUnit.MILLISECONDS);
                }
                if (acquired) {
                    SharedRegion region = lock.region();
                    System.out.println("ACQUIRED recovered=" + region.recoveredFromCrash() + " gen=" + region.generation());
                    lock.unlock();
                } else {
                    System.out.println("BUSY " + lock.owner().map(LockOwner::describe).orElse("(free now)"));
                }
            }
            case "cut" -> {
                lock.lock();
                try (FileChannel channel = FileChannel.open(Path.of(args[1]), StandardOpenOption.WRITE)) {
                    channel.truncate(0);
                }
                try {
                    lock.state();
                } catch (LockException noticed) {
                    System.out.println("NOTICED " + noticed.getMessage());
                }
                try {
                    lock.unlock();
                    System.out.println("UNLOCKED without an error");
                } catch (RuntimeException e) {
                    System.out.println("UNLOCKED " + e.getClass().getSimpleName() + ": " + e.getMessage() + "; held="
                            + lock.isHeldByCurrentThread());
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
