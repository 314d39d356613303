package dev.filelock.bench.handoff;

import dev.filelock.core.FileLock;
import dev.filelock.core.MmapLock;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * One process of a handoff run: after {@code GO} on stdin, takes and releases the lock as fast as it
 * can, first for the warm-up, then for the measured time. Under the lock it reads, from a small
 * shared mapping, which process held the lock last and when that one released it: a different
 * process means a handoff, and now minus that release time is the handoff's latency (both clocks
 * are the system's monotonic clock). Prints {@code RESULT <acquisitions> <handoffs>} and writes the
 * latencies, one per line, to LATENCIES.
 * <p>
 * Arguments: {@code KIND LOCK_FILE DATA_FILE WARMUP_MS MEASURE_MS LATENCIES}, KIND being
 * {@code file-flock} (a {@link FileLock} with the defaults), {@code file-flock-no-metadata} or
 * {@code mmap}. The Python peer {@code handoff_peer.py} does the same.
 */
public final class HandoffChild {

    private static final int MAX_LATENCIES = 2_000_000;

    private HandoffChild() {
    }

    public static void main(String[] args) throws Exception {
        Lock lock = switch (args[0]) {
            case "file-flock" -> FileLock.of(Path.of(args[1]));
            case "file-flock-no-metadata" -> FileLock.of(Path.of(args[1]), FileLock.Options.defaults().withOwnerMetadata(false));
            case "mmap" -> MmapLock.of(Path.of(args[1]), 64, new MmapLock.Options(false));
            default -> throw new IllegalArgumentException("unknown kind " + args[0]
                    + "; use file-flock, file-flock-no-metadata or mmap");
        };
        long warmup = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3]));
        long measure = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[4]));
        MappedByteBuffer shared;
        try (FileChannel channel = FileChannel.open(Path.of(args[2]), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            shared = channel.map(FileChannel.MapMode.READ_WRITE, 0, 16);
        }
        System.out.println("READY");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();

        long me = ProcessHandle.current().pid();
        run(lock, shared, me, warmup, null);
        long[] latencies = new long[MAX_LATENCIES];
        long[] counts = run(lock, shared, me, measure, latencies);
        write(Path.of(args[5]), latencies, (int) Math.min(counts[1], MAX_LATENCIES));
        System.out.println("RESULT " + counts[0] + " " + counts[1]);
    }

    /** @return acquisitions and handoffs in {@code nanos} */
    private static long[] run(Lock lock, MappedByteBuffer shared, long me, long nanos, long[] latencies) {
        long acquisitions = 0;
        long handoffs = 0;
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            lock.lock();
            try {
                long now = System.nanoTime();
                long last = shared.getLong(0);
                if (last != me) {
                    if (last != 0 && latencies != null && handoffs < latencies.length) {
                        latencies[(int) handoffs] = now - shared.getLong(8);
                    }
                    handoffs++;
                    shared.putLong(0, me);
                }
                acquisitions++;
                shared.putLong(8, System.nanoTime());
            } finally {
                lock.unlock();
            }
        }
        return new long[] {acquisitions, handoffs};
    }

    private static void write(Path file, long[] latencies, int count) throws IOException {
        long[] recorded = Arrays.copyOf(latencies, count);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (long latency : recorded) {
                out.write(Long.toString(latency));
                out.newLine();
            }
        }
    }
}
