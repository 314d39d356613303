package dev.filelock.spring.distributed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import dev.filelock.spring.LockProvider;
import dev.filelock.spring.LockType;
import dev.filelock.spring.autoconfigure.FileLockProperties;
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
 * <li>{@code clock}: prints {@code CLOCK <System.currentTimeMillis()>}, to show a skewed clock</li>
 * </ul>
 * With {@code --test.jvm-clock=true}, {@code jdbc} locks use Spring Integration's repository, whose
 * expiries come from each JVM's clock (the negative control of the skewed-clock test).
 * <ul>
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
                    case "clock" -> System.out.println("CLOCK " + System.currentTimeMillis());
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

        @Bean
        @ConditionalOnProperty("test.jvm-clock")
        LockProvider fileLockJdbcProvider(DataSource dataSource, FileLockProperties properties) {
            FileLockProperties.Jdbc jdbc = properties.getJdbc();
            JdbcEngine engine = new JdbcEngine(jvmClockRepository(dataSource, jdbc), new JdbcTemplate(dataSource),
                    jdbc.getRegion(), LockTable.name(jdbc.getTablePrefix()), "jvm-clock", "jdbc on JVM clocks");
            return new RegistryLockProvider(LockType.JDBC, declaration -> engine,
                    declaration -> properties.getLocks().get(declaration.name()).getLease());
        }

        private static DefaultLockRepository jvmClockRepository(DataSource dataSource, FileLockProperties.Jdbc jdbc) {
            DefaultLockRepository repository = new DefaultLockRepository(dataSource, UUID.randomUUID().toString());
            repository.setRegion(jdbc.getRegion());
            repository.setPrefix(jdbc.getTablePrefix());
            repository.setTransactionManager(new JdbcTransactionManager(dataSource));
            repository.afterPropertiesSet();
            repository.afterSingletonsInstantiated();
            return repository;
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
