package dev.filelock.stress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stress verifier from the command line: runs each lock kind in turn and prints one summary
 * line per kind; exits with 1 when any run failed, 2 on bad arguments.
 * <pre>
 * StressMain [--kinds file-flock,file-posix,mmap] [--processes 8] [--acquisitions 10000]
 *            [--kills 25] [--interrupts] [--seed 1] [--dir DIR] [--timeout PT30M]
 * </pre>
 */
public final class StressMain {

    private StressMain() {
    }

    public static void main(String[] args) throws Exception {
        List<LockKind> kinds = LockKind.REAL;
        int processes = 8;
        int acquisitions = 10_000;
        int kills = 0;
        boolean interrupts = false;
        long seed = System.nanoTime();
        Path dir = null;
        Duration timeout = Duration.ofMinutes(30);
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--kinds" -> kinds = Arrays.stream(value(args, ++i).split(",")).map(LockKind::parse).toList();
                    case "--processes" -> processes = Integer.parseInt(value(args, ++i));
                    case "--acquisitions" -> acquisitions = Integer.parseInt(value(args, ++i));
                    case "--kills" -> kills = Integer.parseInt(value(args, ++i));
                    case "--interrupts" -> interrupts = true;
                    case "--seed" -> seed = Long.parseLong(value(args, ++i));
                    case "--dir" -> dir = Path.of(value(args, ++i));
                    case "--timeout" -> timeout = Duration.parse(value(args, ++i));
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
        } catch (RuntimeException e) {
            System.err.println("Bad arguments: " + e.getMessage() + "\nUsage: StressMain [--kinds file-flock,file-posix,mmap]"
                    + " [--processes 8] [--acquisitions 10000] [--kills 25] [--interrupts] [--seed 1] [--dir DIR]"
                    + " [--timeout PT30M]");
            System.exit(2);
        }
        if (dir == null) {
            dir = Files.createTempDirectory("lock-stress");
        }
        System.out.printf("lock-stress: JDK %s (%s), %s %s, %d CPUs; seed %d; files in %s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.version"), Runtime.getRuntime().availableProcessors(), seed, dir);
        List<StressResult> results = new ArrayList<>();
        for (LockKind kind : kinds) {
            StressResult result = StressVerifier.run(
                    new StressConfig(kind, processes, acquisitions, kills, interrupts, seed, dir, timeout));
            System.out.println(result.summary());
            results.add(result);
        }
        boolean passed = results.stream().allMatch(StressResult::passed);
        System.out.println(passed ? "lock-stress: every run PASSED" : "lock-stress: FAILED");
        System.exit(passed ? 0 : 1);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
