package dev.filelock.bench.handoff;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * How a waiter fares beside Python processes, a Java waiter ({@link WaitChild}, a {@code FileLock}
 * with the defaults, taken with a timeout) against a Python waiter ({@code wait_peer.py}, a
 * blocking {@code fcntl.flock}) in the same run:
 * <ul>
 * <li><b>under peers</b>: two Python processes re-acquire the lock in a loop, holding it 0.2–1 ms
 * each time; the waiter asks every 2 ms and notes how long it waited. A waiter that polls rarely
 * hits the gap between two peers' turns; one blocked in the kernel is woken at the release.</li>
 * <li><b>idle</b>: another process holds the lock for {@link #IDLE_HOLD_MILLIS}; the CPU time the
 * waiter's process spends while waiting, against (Java) the same process sleeping as long.</li>
 * </ul>
 */
final class WaitRuns {

    static final int PEERS = 2;
    static final long IDLE_HOLD_MILLIS = 2500;
    private static final List<String> WAITERS = List.of("java", "python");

    /** The waits of one waiter under peers: how many, median and 90th percentile. */
    record UnderPeers(String waiter, int peers, long waits, long medianNanos, long p90Nanos) {
        String toJson() {
            return String.format(Locale.ROOT, "{\"measure\": \"wait-under-peers\", \"waiter\": \"%s\", \"peers\": %d, "
                    + "\"waits\": %d, \"waitMedianNanos\": %d, \"waitP90Nanos\": %d}", waiter, peers, waits, medianNanos, p90Nanos);
        }

        String summary() {
            return String.format(Locale.ROOT, "%-6s waiter under %d Python peers: %,6d waits, median %,9.1f µs, p90 %,9.1f µs",
                    waiter, peers, waits, medianNanos / 1e3, p90Nanos / 1e3);
        }
    }

    /** One idle wait: how long, and the CPU time of the waiter's process meanwhile and while sleeping as long. */
    record Idle(String waiter, long waitedNanos, long cpuNanos, long sleepCpuNanos) {
        String toJson() {
            return String.format(Locale.ROOT, "{\"measure\": \"idle-wait\", \"waiter\": \"%s\", \"waitedNanos\": %d, "
                    + "\"cpuNanos\": %d, \"sleepCpuNanos\": %d}", waiter, waitedNanos, cpuNanos, sleepCpuNanos);
        }

        String summary() {
            return String.format(Locale.ROOT, "%-6s idle wait of %,.1f s: %,.1f ms of CPU (%,.1f ms while sleeping as long)",
                    waiter, waitedNanos / 1e9, cpuNanos / 1e6, sleepCpuNanos / 1e6);
        }
    }

    private WaitRuns() {
    }

    /** Runs both measures for both waiters; prints each result and returns them as JSON objects. */
    static List<String> run(Path dir, long warmupMs, long measureMs) throws IOException, InterruptedException {
        Path peer = HandoffMain.script(dir, "wait_peer.py");
        List<String> json = new ArrayList<>();
        for (String waiter : WAITERS) {
            UnderPeers run = underPeers(waiter, dir.resolve("peers-" + waiter), peer, warmupMs, measureMs);
            System.out.println(run.summary());
            json.add(run.toJson());
        }
        for (String waiter : WAITERS) {
            Idle run = idle(waiter, dir.resolve("idle-" + waiter), peer);
            System.out.println(run.summary());
            json.add(run.toJson());
        }
        return json;
    }

    private static UnderPeers underPeers(String waiter, Path dir, Path peer, long warmupMs, long measureMs)
            throws IOException {
        Files.createDirectories(dir);
        Path lock = dir.resolve("wait.lock");
        Path waits = dir.resolve("waits.txt");
        List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < PEERS; i++) {
                Process churn = HandoffMain.start(List.of("python3", peer.toString(), "churn", lock.toString()));
                children.add(churn);
                HandoffMain.expect(HandoffMain.output(churn), "READY", churn);
            }
            String[] args = {"wait", lock.toString(), Long.toString(warmupMs), Long.toString(measureMs), waits.toString()};
            Process child = HandoffMain.start(command(waiter, peer, args));
            children.add(child);
            BufferedReader output = HandoffMain.output(child);
            HandoffMain.expect(output, "READY", child);
            HandoffMain.send(child, "GO");
            HandoffMain.expect(output, "RESULT", child);
            long[] sorted = HandoffMain.sorted(Stream.of(waits));
            return new UnderPeers(waiter, PEERS, sorted.length, HandoffMain.percentile(sorted, 0.5),
                    HandoffMain.percentile(sorted, 0.9));
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    private static Idle idle(String waiter, Path dir, Path peer) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path lock = dir.resolve("idle.lock");
        List<Process> children = new ArrayList<>();
        try {
            Process child = HandoffMain.start(command(waiter, peer, "idle", lock.toString(), Long.toString(IDLE_HOLD_MILLIS)));
            children.add(child);
            BufferedReader output = HandoffMain.output(child);
            HandoffMain.expect(output, "READY", child);
            Process holder = HandoffMain.start(List.of("python3", peer.toString(), "hold", lock.toString()));
            children.add(holder);
            HandoffMain.expect(HandoffMain.output(holder), "ACQUIRED", holder);
            HandoffMain.send(child, "GO");
            Thread.sleep(IDLE_HOLD_MILLIS);
            HandoffMain.send(holder, "release");
            String[] result = HandoffMain.expect(output, "RESULT", child).split(" ");
            return new Idle(waiter, Long.parseLong(result[3]), Long.parseLong(result[1]), Long.parseLong(result[2]));
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    // Python ignores the hold time an idle Java waiter needs for its sleeping baseline.
    private static List<String> command(String waiter, Path peer, String... args) {
        if (waiter.equals("java")) {
            return HandoffMain.java(WaitChild.class, args);
        }
        List<String> command = new ArrayList<>(List.of("python3", peer.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
