package dev.filelock.bench.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;

/**
 * Does a lock split by key stay bounded and its cost flat over many distinct keys? Takes and
 * releases {@code keys} distinct keys (default 1,000,000) of one {@code file} lock through the
 * starter's {@link FileLocks}, one after another, and prints the mean cost of each tenth of them
 * against a baseline measured in the same run (one key, taken again and again), and the number of
 * files the keys left.
 * <pre>
 * ./mvnw -B -ntp -q -Pbenchmarks -pl lock-benchmarks -am package -DskipTests
 * java -cp "lock-benchmarks/target/classes:$(cat lock-benchmarks/target/classpath.txt)" \
 *     dev.filelock.bench.keys.KeyedLockGrowth 1000000
 * </pre>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class KeyedLockGrowth {

    public static void main(String[] args) throws IOException {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int windows = 10;
        Path directory = Files.createTempDirectory("keyed-lock-growth");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KeyedLockGrowth.class)
                .web(WebApplicationType.NONE).logStartupInfo(false)
                .properties("file-lock.directory=" + directory, "file-lock.locks.orders.type=file",
                        "spring.main.banner-mode=off", "logging.level.root=warn")
                .run()) {
            FileLocks locks = context.getBean(FileLocks.class);
            int window = keys / windows;
            nanosPerKey(locks, 0, window, true); // warm-up: JIT, the first stripe files
            double baseline = nanosPerKey(locks, 0, window, true);
            System.out.printf(Locale.ROOT, "baseline (one key, again and again): %.0f ns per acquire+release%n", baseline);
            System.out.println("keys                       ns/op  x baseline");
            for (int w = 0; w < windows; w++) {
                double cost = nanosPerKey(locks, w * window, window, false);
                System.out.printf(Locale.ROOT, "%,9d..%,-13d %8.0f  %9.2f%n", w * window, (w + 1) * window - 1, cost,
                        cost / baseline);
            }
            Path keyFolder = locks.declaration("orders").orElseThrow().keyFolder();
            try (Stream<Path> files = Files.list(keyFolder)) {
                System.out.printf(Locale.ROOT, "%,d distinct keys left %,d files in %s%n", keys, files.count(), keyFolder);
            }
        }
    }

    private static double nanosPerKey(FileLocks locks, int first, int count, boolean sameKey) {
        long start = System.nanoTime();
        for (int i = first; i < first + count; i++) {
            try (LockHold held = locks.lock("orders", sameKey ? "order-0" : "order-" + i).acquire(Duration.ZERO)) {
                if (held.isLost()) {
                    throw new IllegalStateException("lost " + held.lock().description());
                }
            }
        }
        return (System.nanoTime() - start) / (double) count;
    }
}
