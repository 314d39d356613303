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
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The cross-process half of the benchmarks, which JMH cannot do (it forks one JVM at a time): for
 * each kind and process count, starts that many processes on one lock ({@link HandoffChild} JVMs
 * with {@code java} from {@code java.home}, or Python {@code fcntl.flock} peers), lets them warm up,
 * measures, and writes every run to a JSON file.
 * Then, unless {@code --waits false}, the {@link WaitRuns} (a waiter among Python peers, the CPU of
 * an idle wait), written to {@code waits.json} beside the output.
 * <pre>
 * HandoffMain [--out results/handoff.json] [--kinds file-flock,file-flock-no-metadata,mmap,python-flock]
 *             [--processes 2,4] [--warmup-ms 1000] [--measure-ms 3000] [--waits true]
 * </pre>
 * A kind that fails (e.g. not implemented yet) is reported and skipped; the exit code is then 1.
 */
public final class HandoffMain {

    private static final long WAIT_SECONDS = 120;

    private HandoffMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("handoff.json");
        List<String> kinds = List.of("file-flock", "file-flock-no-metadata", "mmap", "python-flock");
        List<Integer> processCounts = List.of(2, 4);
        long warmupMs = 1000;
        long measureMs = 3000;
        boolean waits = true;
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
                case "--waits" -> waits = Boolean.parseBoolean(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --out, --kinds, "
                        + "--processes, --warmup-ms, --measure-ms, --waits");
            }
        }
        Path dir = Files.createTempDirectory("handoff");
        Path peer = script(dir, "handoff_peer.py");
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
        Files.writeString(out, array(runs.stream().map(HandoffRun::toJson).toList()));
        if (waits) {
            try {
                Files.writeString(out.resolveSibling("waits.json"), array(WaitRuns.run(dir, warmupMs, measureMs)));
            } catch (RuntimeException | IOException e) {
                System.out.println("waits: FAILED: " + e.getMessage());
                failed = true;
            }
        }
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
                List<String> command = kind.equals("python-flock") ? new ArrayList<>(List.of("python3", peer.toString()))
                        : java(HandoffChild.class, kind);
                command.addAll(List.of(lockFile.toString(), data.toString(), Long.toString(warmupMs),
                        Long.toString(measureMs), dir.resolve("latencies-" + i + ".txt").toString()));
                children.add(start(command));
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process child : children) {
                BufferedReader output = output(child);
                expect(output, "READY", child);
                outputs.add(output);
            }
            for (Process child : children) {
                send(child, "GO");
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
            long[] latencies = sorted(IntStream.range(0, processes).mapToObj(i -> dir.resolve("latencies-" + i + ".txt")));
            return new HandoffRun(kind, processes, measureMs / 1000.0, acquisitions, handoffs,
                    percentile(latencies, 0.5), percentile(latencies, 0.9));
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    private static String array(List<String> json) {
        return json.stream().collect(Collectors.joining(",\n  ", "[\n  ", "\n]\n"));
    }

    /** The command that runs {@code main} in a JVM like this one, with its class path. */
    static List<String> java(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return command;
    }

    static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    static BufferedReader output(Process child) {
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    static void send(Process child, String line) throws IOException {
        OutputStream in = child.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Copies a resource of this module (a Python peer) into {@code dir}. */
    static Path script(Path dir, String name) throws IOException {
        Path script = dir.resolve(name);
        try (InputStream in = HandoffMain.class.getResourceAsStream("/" + name)) {
            Files.copy(in, script);
        }
        return script;
    }

    // Reads lines until one starts with prefix; the child's own lines (errors) go into the failure.
    static String expect(BufferedReader output, String prefix, Process child) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = output.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("process " + child.pid() + " ended without printing " + prefix + ":\n" + seen);
    }

    /** The numbers in these files, one a line, sorted. */
    static long[] sorted(Stream<Path> files) throws IOException {
        List<Long> all = new ArrayList<>();
        for (Path file : (Iterable<Path>) files::iterator) {
            try (var lines = Files.lines(file)) {
                lines.filter(line -> !line.isBlank()).map(Long::valueOf).forEach(all::add);
            }
        }
        return all.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
