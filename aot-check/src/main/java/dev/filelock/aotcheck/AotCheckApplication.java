package dev.filelock.aotcheck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.aot.AotDetector;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.filelock.core.LockTimeoutException;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.LockHook;

/**
 * Run by {@code AotModeIT} in AOT mode: two threads increment a counter file under a {@code file}
 * lock and a counter in an {@code mmap} lock's region whose hooks mark it busy, after a {@code go}
 * line on standard input, then a keyed call meets a key held elsewhere. It prints what it saw.
 */
@SpringBootApplication
public class AotCheckApplication {

    static final AtomicInteger hooks = new AtomicInteger();

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(AotCheckApplication.class, args)));
    }

    /** Marks the region busy and counts the call in it, a read-modify-write that only the lock keeps exact. */
    @Bean
    LockHook markBusy() {
        return LockHook.onRegion(context -> {
            context.region().putByte(8, (byte) '1');
            long calls = context.region().getLong(0);
            Thread.onSpinWait();
            context.region().putLong(0, calls + 1);
            hooks.incrementAndGet();
        });
    }

    @Bean
    LockHook markIdle() {
        return LockHook.onRegion(context -> {
            context.region().putByte(8, (byte) '0');
            hooks.incrementAndGet();
        });
    }

    @Bean
    Counters counters() {
        return new Counters();
    }

    @Bean
    ApplicationRunner job(Counters counters, FileLocks locks) {
        return arguments -> run(arguments, counters, locks);
    }

    /** The locked methods. */
    public static class Counters {

        @FileLocked("counter")
        public void incrementFile(Path file) throws IOException {
            long value = Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
            Thread.onSpinWait();
            Files.writeString(file, Long.toString(value + 1));
        }

        /** Its prefix hook counts it in the region. */
        @FileLocked("tally")
        public void tally() {
        }

        @FileLocked(name = "orders", key = "#order.id()")
        public String settle(Order order) {
            return "settled " + order.id();
        }
    }

    /** A keyed argument whose accessor the key expression reads. */
    public record Order(String id) {
    }

    private static void run(ApplicationArguments arguments, Counters counters, FileLocks locks) throws Exception {
        int rounds = Integer.parseInt(arguments.getOptionValues("rounds").get(0));
        Path counter = Path.of(arguments.getOptionValues("counter").get(0));
        System.out.println("AOT " + AotDetector.useGeneratedArtifacts());
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String go = in.readLine();
        if (!"go".equals(go)) {
            throw new IllegalStateException("Expected 'go' on standard input, got " + go);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> increments(counters, locks, counter, rounds));
            Future<?> second = threads.submit(() -> increments(counters, locks, counter, rounds));
            first.get(2, TimeUnit.MINUTES);
            second.get(2, TimeUnit.MINUTES);
            System.out.println("HOOKS " + hooks.get());
            System.out.println("KEYED " + keyedTimeout(counters, locks, threads));
            System.out.println("DONE");
            String report = in.readLine();
            if (!"report".equals(report)) {
                throw new IllegalStateException("Expected 'report' on standard input, got " + report);
            }
            try (LockHold hold = locks.lock("tally").acquire(Duration.ofSeconds(30))) {
                System.out.println("TALLY " + hold.region().orElseThrow().getLong(0));
            }
            System.out.println("COUNTER " + Files.readString(counter).trim());
        } finally {
            threads.shutdownNow();
        }
    }

    private static Void increments(Counters counters, FileLocks locks, Path counter, int rounds) throws Exception {
        for (int i = 0; i < rounds; i++) {
            counters.incrementFile(counter);
            counters.tally();
        }
        return null;
    }

    /** A call whose key another thread holds times out at once, naming the key; a free key goes through. */
    private static String keyedTimeout(Counters counters, FileLocks locks, ExecutorService threads) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Future<?> holder = threads.submit(() -> {
            try (LockHold hold = locks.lock("orders", "42").acquire(Duration.ofSeconds(10))) {
                held.countDown();
                done.await(30, TimeUnit.SECONDS);
            }
            return null;
        });
        held.await(30, TimeUnit.SECONDS);
        try {
            counters.settle(new Order("42"));
            return "not-refused";
        } catch (LockTimeoutException expected) {
            return expected.key().orElse("?") + " " + counters.settle(new Order("7"));
        } finally {
            done.countDown();
            holder.get(30, TimeUnit.SECONDS);
        }
    }
}
