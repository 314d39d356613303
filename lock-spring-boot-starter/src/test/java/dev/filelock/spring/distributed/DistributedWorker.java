package dev.filelock.spring.distributed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.filelock.spring.FileLocked;
import dev.filelock.spring.LockHook;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A child JVM of the multi-process tests: a Spring Boot application whose lock {@code shared} is
 * declared by the Spring properties given as arguments ({@code --file-lock.locks.shared.type=redis}
 * ...), driven by lines on standard input:
 * <ul>
 * <li>{@code increment <n> <file>}: n times, under the lock, reads the number in the file and writes
 * it plus one; prints {@code DONE}</li>
 * <li>{@code hold}: takes the lock, prints {@code HELD <fencing token or -1>}, waits for the line
 * {@code finish}, and prints how the call ended: {@code RESULT ok} or {@code RESULT <exception>}</li>
 * <li>{@code lost}: prints {@code LOST <file.lock.lost count>}</li>
 * </ul>
 */
public final class DistributedWorker {

    private static final BufferedReader IN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    public static void main(String[] args) throws IOException {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE).run(args)) {
            Shared shared = context.getBean(Shared.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            System.out.println("READY");
            for (String line = IN.readLine(); line != null && !line.equals("quit"); line = IN.readLine()) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "increment" -> {
                        for (int i = 0; i < Integer.parseInt(words[1]); i++) {
                            shared.increment(Path.of(words[2]));
                        }
                        System.out.println("DONE");
                    }
                    case "hold" -> {
                        try {
                            shared.holdUntilFinish();
                            System.out.println("RESULT ok");
                        } catch (RuntimeException e) {
                            System.out.println("RESULT " + e.getClass().getName() + ": " + e.getMessage());
                        }
                    }
                    case "lost" -> System.out.println("LOST " + (long) meters.counter("file.lock.lost", "lock", "shared").count());
                    default -> System.out.println("UNKNOWN " + line);
                }
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        Shared shared() {
            return new Shared();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        /** Prints the fencing token right after acquiring: what a hook would pass to the protected resource. */
        @Bean
        LockHook printToken() {
            return context -> System.out.println("HELD " + context.fencingToken().orElse(-1));
        }
    }

    public static class Shared {

        /** A read-modify-write that loses updates unless the calls exclude each other. */
        @FileLocked("shared")
        public void increment(Path file) {
            try {
                long value = Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
                Files.writeString(file, Long.toString(value + 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @FileLocked(name = "shared", prefix = "printToken")
        public void holdUntilFinish() {
            try {
                String line;
                do {
                    line = IN.readLine();
                } while (line != null && !line.equals("finish"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
