package dev.filelock.spring.reactive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.filelock.spring.FileLocked;
import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A Spring Boot application in a child JVM. Arguments: {@code DIRECTORY FILE N LOCKED}. Prints
 * {@code READY} once started, starts on a line from stdin, then subscribes N times at once to a
 * Mono that adds one to the number in FILE: it reads it, hops to {@code Schedulers.parallel()} and
 * writes it plus one, through the {@code @FileLocked} method when LOCKED is {@code true}, else
 * through the same pipeline without the lock; prints {@code DONE N max=M}, M the most pipelines
 * this JVM had between read and write at once.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({AopAutoConfiguration.class, FileLockAutoConfiguration.class})
public class ReactiveCounterApp {

    @Bean
    FileCounter fileCounter() {
        return new FileCounter();
    }

    public static class FileCounter {
        private final AtomicInteger inside = new AtomicInteger();
        private final AtomicInteger maxInside = new AtomicInteger();

        @FileLocked("counter")
        public Mono<Integer> increment(Path file) {
            return readModifyWrite(file);
        }

        public Mono<Integer> incrementUnlocked(Path file) {
            return readModifyWrite(file);
        }

        private Mono<Integer> readModifyWrite(Path file) {
            return Mono.fromCallable(() -> {
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        return Integer.parseInt(Files.readString(file).trim());
                    })
                    .publishOn(Schedulers.parallel())
                    .delayElement(Duration.ofMillis(1))
                    .map(read -> {
                        write(file, read + 1);
                        inside.decrementAndGet();
                        return read + 1;
                    });
        }

        // Whole or not at all, so that a read racing a write (without the lock) sees a number.
        private static void write(Path file, int value) {
            try {
                Path next = Files.createTempFile(file.getParent(), "next", ".tmp");
                Files.writeString(next, Integer.toString(value));
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public int maxInside() {
            return maxInside.get();
        }
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[1]);
        int n = Integer.parseInt(args[2]);
        boolean locked = Boolean.parseBoolean(args[3]);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReactiveCounterApp.class)
                .web(WebApplicationType.NONE)
                .properties("file-lock.directory=" + args[0], "file-lock.locks.counter.type=file",
                        "file-lock.locks.counter.timeout=60s")
                .run()) {
            FileCounter counter = context.getBean(FileCounter.class);
            System.out.println("READY");
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            Flux.range(0, n)
                    .flatMap(i -> locked ? counter.increment(file) : counter.incrementUnlocked(file), n)
                    .blockLast(Duration.ofSeconds(120));
            System.out.println("DONE " + n + " max=" + counter.maxInside());
        }
    }
}
