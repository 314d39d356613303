package dev.filelock.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import dev.filelock.spring.FileLocked;
import dev.filelock.spring.LockHook;

/** A small application as a user of the starter writes it, using only what every supported Boot has. */
@SpringBootApplication
public class CompatApplication {

    @Bean
    Counter counter() {
        return new Counter();
    }

    @Bean
    Window window() {
        return new Window();
    }

    @Bean
    Orders orders() {
        return new Orders();
    }

    @Bean
    Reports reports() {
        return new Reports();
    }

    /** Counts its calls in the mmap lock's shared region, which only the holder may touch. */
    @Bean
    LockHook countInRegion() {
        return context -> context.region().putLong(0, context.region().getLong(0) + 1);
    }

    /** Read, then write back plus one: without mutual exclusion, concurrent callers lose updates. */
    public static class Counter {
        @FileLocked("counter")
        public void increment(Path file) {
            try {
                String text = Files.readString(file).trim();
                Files.writeString(file, Long.toString(Long.parseLong(text) + 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** An {@code mmap} lock whose hook counts the calls in the lock's shared region. */
    public static class Window {
        @FileLocked(name = "window", prefix = "countInRegion")
        public void enter() {
        }
    }

    /** A lock split by key: one order's calls exclude each other, different orders' do not. */
    public static class Orders {
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();

        /** Read, then write back plus one, as {@link Counter#increment} does, per order. */
        @FileLocked(name = "orders", key = "#orderId")
        public void add(String orderId) {
            int before = counts.getOrDefault(orderId, 0);
            Thread.yield();
            counts.put(orderId, before + 1);
        }

        public int count(String orderId) {
            return counts.getOrDefault(orderId, 0);
        }
    }

    /** An asynchronous method: its lock is held until the work it returns completes. */
    public static class Reports {
        @FileLocked("reports")
        public CompletableFuture<String> report(CompletableFuture<String> work) {
            return work.thenApply(text -> "report: " + text);
        }
    }
}
