package dev.filelock.bench.handoff;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The cross-process half of the benchmarks, which JMH cannot do (it forks one JVM at a time): for
 * each kind and process count, starts that many processes on one lock ({@link HandoffChild} JVMs
 * with {@code java} from {@code java.home}, or Python {@code fcntl.flock} peers), lets them warm up,
 * measures, and writes every run to a JSON file.
 * <pre>
 * HandoffMain [--out results/handoff.json] [--kinds file-flock,mmap,python-flock] [--processes 2,4]
 *             [--warmup-ms 1000] [--measure-ms 3000]
 * </pre>
 * A kind that fails (e.g. not implemented yet) is reported and skipped; the exit code is then 1.
 */
public final class HandoffMain {

    private static final long WAIT_SECONDS = 120;

    private HandoffMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("handoff.json");
        List<String> kinds = List.of("file-flock", "mmap", "python-flock");
        List<Integer> processCounts = List.of(2, 4);
        long warmupMs = 1000;
        long measureMs = 3000;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--out" -> out = Path.of(value);
                case "--kinds" -> kinds = List.of(value.split(","));
                case "--processes" -> processCounts = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
                case "--warmup-ms" -> warmupMs = Long.parseLong(value);
                case "--measure-ms" -> measureMs = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --out, --kinds, "
                        + "--processes, --warmup-ms, --measure-ms");
            }
        }
        Path dir = Files.createTempDirectory("handoff");
        Path peer = dir.resolve("handoff_peer.py");
        try (InputStream script = HandoffMain.class.getResourceAsStream("/handoff_peer.py")) {
            Files.copy(script, peer);
        }
        List<HandoffRun> runs = new ArrayList<>();
        boolean failed = false;
        for (String kind : kinds) {
            for (int processes : processCounts) {
                try {
                    HandoffRun run = run(kind, processes, warmupMs, measureMs, dir.resolve(kind + "-" + processes), peer);
                    System.out.println(run.summary());
                    runs.add(run);
                } catch (RuntimeException | IOException e) {
                    System.out.println(kind + " " + processes + " processes: FAILED: " + e.getMessage());
                    failed = true;
                }
            }
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, runs.stream().map(HandoffRun::toJson)
                .collect(Collectors.joining(",\n  ", "[\n  ", "\n]\n")));
        System.exit(failed ? 1 : 0);
    }

    private static HandoffRun run(String kind, int processes, long warmupMs, long measureMs, Path dir, Path peer)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path lockFile = dir.resolve("handoff.lock");
        Path data = dir.resolve("handoff.dat");
        Files.write(data, new byte[16]);
        List<Process> children = new ArrayList<>();
        try {
            for (int i = 0; i < processes; i++) {
                List<String> command = new ArrayList<>();
                if (kind.equals("python-flock")) {
                    command.addAll(List.of("python3", peer.toString()));
                } else {
                    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-Xmx128m", "-cp", System.getProperty("java.class.path"), HandoffChild.class.getName(), kind));
                }
                command.addAll(List.of(lockFile.toString(), data.toString(), Long.toString(warmupMs),
                        Long.toString(measureMs), dir.resolve("latencies-" + i + ".txt").toString()));
                children.add(new ProcessBuilder(command).redirectErrorStream(true).start());
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process child : children) {
                BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                expect(output, "READY", child);
                outputs.add(output);
            }
            for (Process child : children) {
                OutputStream in = child.getOutputStream();
                in.write("GO\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            long acquisitions = 0;
            long handoffs = 0;
            for (int i = 0; i < processes; i++) {
                String[] result = expect(outputs.get(i), "RESULT", children.get(i)).split(" ");
                acquisitions += Long.parseLong(result[1]);
                handoffs += Long.parseLong(result[2]);
                if (!children.get(i).waitFor(WAIT_SECONDS, TimeUnit.SECONDS) || children.get(i).exitValue() != 0) {
                    throw new IllegalStateException(kind + " process " + i + " did not exit cleanly");
                }
            }
            long[] latencies = latencies(dir, processes);
            return new HandoffRun(kind, processes, measureMs / 1000.0, acquisitions, handoffs,
                    percentile(latencies, 0.5), percentile(latencies, 0.9));
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    // Reads lines until one starts with prefix; the child's own lines (errors) go into the failure.
    private static String expect(BufferedReader output, String prefix, Process child) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = output.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("process " + child.pid() + " ended without printing " + prefix + ":\n" + seen);
    }

    private static long[] latencies(Path dir, int processes) throws IOException {
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            try (var lines = Files.lines(dir.resolve("latencies-" + i + ".txt"))) {
                lines.filter(line -> !line.isBlank()).map(Long::valueOf).forEach(all::add);
            }
        }
        return all.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
