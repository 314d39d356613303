package dev.filelock.bench.handoff;

import com.sun.management.OperatingSystemMXBean;
import dev.filelock.core.FileLock;
import dev.filelock.core.HeldLock;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Java side of the waiting benchmarks ({@link WaitRuns}); {@code wait_peer.py} is the Python
 * side. A {@link FileLock} with the defaults, taken with a timeout as {@code @FileLocked} does.
 * <ul>
 * <li>{@code wait LOCK WARMUP_MS MEASURE_MS OUT}: at {@code GO} on stdin, every 2 ms, waits for the
 * lock, notes how long it waited, releases; for the warm-up, then for the measured time; writes the
 * waits (ns) to OUT and prints {@code RESULT <count>}.</li>
 * <li>{@code idle LOCK MILLIS}: warms up, measures the process's CPU time (all its threads, in
 * clock ticks of 10 ms on Linux) over a sleep of MILLIS,
 * prints {@code READY}; at {@code GO}, waits once for the lock (which another process holds for
 * about MILLIS); prints {@code RESULT <cpu ns of the wait> <cpu ns of the sleep> <waited ns>}.</li>
 * </ul>
 */
public final class WaitChild {

    static final long PAUSE_MILLIS = 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private WaitChild() {
    }

    public static void main(String[] args) throws Exception {
        FileLock lock = FileLock.of(Path.of(args[1]));
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        switch (args[0]) {
            case "wait" -> {
                System.out.println("READY");
                stdin.readLine();
                waits(lock, Long.parseLong(args[2]));
                List<Long> measured = waits(lock, Long.parseLong(args[3]));
                try (BufferedWriter out = Files.newBufferedWriter(Path.of(args[4]))) {
                    for (long wait : measured) {
                        out.write(Long.toString(wait));
                        out.newLine();
                    }
                }
                System.out.println("RESULT " + measured.size());
            }
            case "idle" -> {
                long millis = Long.parseLong(args[2]);
                for (int i = 0; i < 10_000; i++) {
                    lock.acquire(TIMEOUT).close();
                }
                // Lets the JIT finish what the warm-up gave it, which would be counted as the sleep's.
                Thread.sleep(millis);
                long cpu = cpuNanos();
                Thread.sleep(millis);
                long sleepCpu = cpuNanos() - cpu;
                System.out.println("READY");
                stdin.readLine();
                cpu = cpuNanos();
                long start = System.nanoTime();
                lock.acquire(TIMEOUT).close();
                long waited = System.nanoTime() - start;
                System.out.println("RESULT " + (cpuNanos() - cpu) + " " + sleepCpu + " " + waited);
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0] + "; use wait or idle");
        }
    }

    private static List<Long> waits(FileLock lock, long millis) throws InterruptedException {
        List<Long> waits = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            Thread.sleep(PAUSE_MILLIS);
            long start = System.nanoTime();
            try (HeldLock held = lock.acquire(TIMEOUT)) {
                waits.add(System.nanoTime() - start);
            }
        }
        return waits;
    }

    // All threads of this process, the waiter thread, JIT and GC included.
    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
