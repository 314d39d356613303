package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.filelock.core.ChildJvm;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.actuate.FileLocksEndpoint;
import dev.filelock.testservers.Database;
import dev.filelock.testservers.OwnRedis;
import dev.filelock.testservers.TestServers;

/**
 * What the engines record: fencing tokens that keep growing when Redis forgets (FLUSHALL, a restart
 * without persistence, an older snapshot restored), no key left behind by a lock once released, and
 * the holding process named, with its own lease, to another process's endpoint.
 */
class EngineRecordsTest {

    private static final int KEYS = 10_000;

    @TempDir
    Path dir;

    @Test
    void redisTokensStrictlyIncreaseAcrossFlushallARestartWithoutPersistenceAndAnOlderSnapshotRestored() throws Exception {
        Path snapshots = Files.createDirectories(dir.resolve("snapshots"));
        OwnRedis redis = TestServers.ownRedis(snapshots);
        try {
            redisApp(redis).run(context -> {
                FileLocks locks = context.getBean(FileLocks.class);
                StringRedisTemplate server = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
                long beforeSnapshot;
                try (LockHold held = locks.lock("shared").acquire(Duration.ofSeconds(10))) {
                    beforeSnapshot = held.fencingToken().orElseThrow();
                    server.opsForValue().set("marker", "before");
                    server.execute((RedisCallback<Object>) connection -> {
                        connection.serverCommands().save();
                        return null;
                    });
                }
                Files.copy(snapshots.resolve("dump.rdb"), snapshots.resolve("older.rdb"));
                Files.delete(snapshots.resolve("dump.rdb"));
                server.delete("marker");
                long taken = token(locks);
                assertThat(taken).isGreaterThan(beforeSnapshot);

                server.execute((RedisCallback<Object>) connection -> {
                    connection.serverCommands().flushAll();
                    return null;
                });
                long afterFlush = token(locks);
                assertThat(afterFlush).isGreaterThan(taken);

                redis.stop();
                redis.start();
                long afterRestart = awaitToken(locks);
                assertThat(afterRestart).isGreaterThan(afterFlush);

                redis.stop();
                Files.copy(snapshots.resolve("older.rdb"), snapshots.resolve("dump.rdb"), StandardCopyOption.REPLACE_EXISTING);
                redis.start();
                assertThat(server.opsForValue().get("marker")).as("the older snapshot is back").isEqualTo("before");
                long afterRestore = awaitToken(locks);
                assertThat(afterRestore).isGreaterThan(afterRestart);
            });
        } finally {
            redis.stop();
        }
    }

    @Test
    void keyedRedisLocksLeaveNoServerKeyBehindOnceReleased() {
        OwnRedis redis = TestServers.ownRedis();
        try {
            redisApp(redis).run(context -> {
                FileLocks locks = context.getBean(FileLocks.class);
                StringRedisTemplate server = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
                long previous = 0;
                for (int i = 0; i < KEYS; i++) {
                    try (LockHold held = locks.lock("shared", "key-" + i).acquire(Duration.ofSeconds(10))) {
                        long token = held.fencingToken().orElseThrow();
                        assertThat(token).isGreaterThan(previous);
                        previous = token;
                        if (i % 1000 == 0) {
                            assertThat(dbSize(server)).as("the lock and its holder's record").isEqualTo(2);
                        }
                    }
                }
                assertThat(dbSize(server)).as("keys left after %d keyed locks were released", KEYS).isZero();
            });
        } finally {
            redis.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "redis", "jdbc" })
    void theEndpointNamesTheProcessHoldingTheLockElsewhereWithTheLeaseItAskedFor(String type) {
        String namespace = "records-" + UUID.randomUUID();
        List<String> engine = engineProperties(type, namespace);
        try (ChildJvm holder = ChildJvm.java(DistributedWorker.class, args(engine, "--file-lock.directory=" + dir.resolve("other"),
                "--file-lock.locks.shared.type=" + type, "--file-lock.locks.shared.lease=7s",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"))) {
            holder.awaitLine("READY");
            holder.send("hold");
            holder.awaitLine("HELD");
            new ApplicationContextRunner().withUserConfiguration(GuardedApp.class)
                    .withPropertyValues(engine.stream().map(p -> p.substring(2)).toArray(String[]::new))
                    .withPropertyValues("file-lock.directory=" + dir.resolve("here"), "file-lock.locks.shared.type=" + type)
                    .run(context -> {
                        FileLocksEndpoint.LockDescriptor shown = new FileLocksEndpoint(context.getBean(FileLocks.class)).lock("shared");
                        assertThat(shown.held()).isTrue();
                        assertThat(shown.holder()).isNotNull();
                        assertThat(shown.holder().pid()).isEqualTo(holder.pid());
                        assertThat(shown.holder().thread()).isEqualTo("main");
                        assertThat(shown.holder().host()).isNotBlank();
                        assertThat(shown.holder().since()).isNotNull();
                        assertThat(shown.details()).containsEntry("lease", "PT7S").containsEntry("holder", "another process");
                    });
            holder.send("finish");
            assertThat(holder.awaitLine("RESULT")).isEqualTo("RESULT ok");
        }
    }

    private static Object[] args(List<String> engine, String... more) {
        List<String> all = new java.util.ArrayList<>(engine);
        all.addAll(List.of(more));
        return all.toArray();
    }

    private static List<String> engineProperties(String type, String namespace) {
        if (type.equals("redis")) {
            return List.of("--spring.data.redis.url=" + TestServers.redis().url(), "--file-lock.redis.key-prefix=" + namespace);
        }
        Database database = TestServers.database();
        return List.of("--spring.datasource.url=" + database.url(), "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(), "--file-lock.jdbc.region=" + namespace,
                "--file-lock.jdbc.initialize-schema=always");
    }

    private ApplicationContextRunner redisApp(OwnRedis redis) {
        return new ApplicationContextRunner().withUserConfiguration(GuardedApp.class).withPropertyValues(
                "spring.data.redis.url=" + redis.address().url(),
                "spring.data.redis.timeout=2s",
                "file-lock.directory=" + dir,
                "file-lock.redis.key-prefix=records",
                "file-lock.locks.shared.type=redis",
                "file-lock.locks.shared.lease=1s");
    }

    private static long token(FileLocks locks) throws InterruptedException {
        try (LockHold held = locks.lock("shared").acquire(Duration.ofSeconds(10))) {
            return held.fencingToken().orElseThrow();
        }
    }

    /** A token once the restarted server answers (a pool may hand out one connection it closed). */
    private static long awaitToken(FileLocks locks) {
        long[] token = new long[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            token[0] = token(locks);
            return true;
        });
        return token[0];
    }

    private static long dbSize(StringRedisTemplate server) {
        return server.execute((RedisCallback<Long>) connection -> connection.serverCommands().dbSize());
    }
}
