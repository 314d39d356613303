package dev.filelock.bench.spring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.support.locks.DistributedLock;
import org.springframework.jdbc.support.JdbcTransactionManager;

import dev.filelock.core.FileLock;
import dev.filelock.testservers.Database;
import dev.filelock.testservers.TestServers;

/**
 * The round trip of an uncontended acquire and release on a {@code redis} and a {@code jdbc} lock,
 * through {@code @FileLocked} (lease renewal scheduled and cancelled, loss checks, hooks, metrics)
 * against Spring Integration's registry called directly ({@code tryLock(wait, ttl)} / {@code unlock()}
 * on a registry of its own on the same connection factory or data source), and a {@code file} lock
 * through {@code @FileLocked} for scale. Servers from lock-test-servers (FILELOCK_TEST_* addresses,
 * else Testcontainers, else embedded binaries).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DistributedRoundTripBenchmark {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Param({"redis", "jdbc", "file"})
    public String type;

    private ConfigurableApplicationContext context;
    private LockedService proxied;
    private LockedService plain;
    private Lock direct;
    private Runnable closeDirect = () -> { };

    @SpringBootConfiguration
    @EnableAutoConfiguration
    public static class App {
        @Bean
        public LockedService lockedService() {
            return new LockedService();
        }
    }

    @Setup(Level.Trial)
    public void start() throws IOException {
        Path dir = Files.createTempDirectory("bench-distributed");
        String namespace = "bench-" + UUID.randomUUID();
        List<String> properties = new ArrayList<>(List.of("logging.level.root=warn", "file-lock.directory=" + dir,
                "file-lock.locks.bench.type=" + type, "file-lock.redis.key-prefix=" + namespace,
                "file-lock.jdbc.region=" + namespace, "file-lock.jdbc.initialize-schema=always"));
        // Only the server the measured type uses: each fork would otherwise start the other one for nothing.
        if (type.equals("jdbc")) {
            Database database = TestServers.database();
            properties.addAll(List.of("spring.datasource.url=" + database.url(),
                    "spring.datasource.username=" + database.user(), "spring.datasource.password=" + database.password()));
        } else {
            properties.add("spring.autoconfigure.exclude=" + BenchmarkApplication.DATA_SOURCE_AUTO_CONFIGURATION);
        }
        if (type.equals("redis")) {
            properties.add("spring.data.redis.url=" + TestServers.redis().url());
        }
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false).properties(properties.toArray(String[]::new)).run();
        proxied = context.getBean(LockedService.class);
        plain = new LockedService();
        direct = switch (type) {
            case "redis" -> {
                RedisLockRegistry registry = new RedisLockRegistry(context.getBean(RedisConnectionFactory.class),
                        namespace + "-direct");
                // Its executor's threads are no daemons: left running, they keep the fork alive until JMH
                // halts it, and a halted JVM runs no shutdown hook, so the servers TestServers started
                // for the fork would outlive it.
                closeDirect = registry::destroy;
                yield registry.obtain("bench");
            }
            case "jdbc" -> {
                DataSource dataSource = context.getBean(DataSource.class);
                DefaultLockRepository repository = new DefaultLockRepository(dataSource);
                repository.setRegion(namespace + "-direct");
                repository.setTransactionManager(new JdbcTransactionManager(dataSource));
                repository.afterPropertiesSet();
                repository.afterSingletonsInstantiated();
                yield new JdbcLockRegistry(repository).obtain("bench");
            }
            default -> FileLock.of(dir.resolve("bench.lock"));
        };
    }

    @TearDown(Level.Trial)
    public void stop() {
        closeDirect.run();
        context.close();
    }

    @Benchmark
    public long throughFileLocked() {
        return proxied.work();
    }

    @Benchmark
    public long registryCalledDirectly() throws InterruptedException {
        boolean acquired = direct instanceof DistributedLock distributed
                ? distributed.tryLock(Duration.ofSeconds(30), LEASE)
                : direct.tryLock(30, TimeUnit.SECONDS);
        if (!acquired) {
            throw new IllegalStateException("not acquired: " + direct);
        }
        try {
            return plain.workUnlocked();
        } finally {
            direct.unlock();
        }
    }
}
