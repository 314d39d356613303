package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.filelock.core.LockException;
import dev.filelock.core.LockLostException;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.testservers.Database;
import dev.filelock.testservers.OwnPostgres;
import dev.filelock.testservers.OwnRedis;
import dev.filelock.testservers.TestServers;

/**
 * A Redis and a PostgreSQL of this test's own, stopped before a call, stopped while a call holds the
 * lock, and restarted: the failure names the lock and the engine, the method does not run without
 * the lock, a loss is reported, and nothing stays held afterwards.
 */
class EngineFaultsTest {

    @TempDir
    Path dir;

    @Test
    void redisStoppedBeforeACallWhileACallHoldsTheLockAndRestarted() {
        OwnRedis redis = TestServers.ownRedis();
        try {
            new ApplicationContextRunner().withUserConfiguration(GuardedApp.class).withPropertyValues(
                    "spring.data.redis.url=" + redis.address().url(),
                    "spring.data.redis.timeout=2s",
                    "spring.data.redis.connect-timeout=1s",
                    "file-lock.directory=" + dir,
                    "file-lock.locks.shared.type=redis").run(context -> faults(context.getBean(Guarded.class),
                    context.getBean(FileLocks.class), "Redis at 127.0.0.1:" + redis.address().port(),
                    redis::stop, redis::start));
        } finally {
            redis.stop();
        }
    }

    @Test
    void postgresStoppedBeforeACallWhileACallHoldsTheLockAndRestarted() {
        try (OwnPostgres postgres = TestServers.ownPostgres()) {
            Database database = postgres.database();
            new ApplicationContextRunner().withUserConfiguration(GuardedApp.class).withPropertyValues(
                    "spring.datasource.url=" + database.url(),
                    "spring.datasource.username=" + database.user(),
                    "spring.datasource.password=" + database.password(),
                    "spring.datasource.hikari.connection-timeout=2000",
                    "file-lock.jdbc.initialize-schema=always",
                    "file-lock.directory=" + dir,
                    "file-lock.locks.shared.type=jdbc").run(context -> faults(context.getBean(Guarded.class),
                    context.getBean(FileLocks.class), "PostgreSQL at " + database.url(),
                    postgres::stop, postgres::start));
        }
    }

    private static void faults(Guarded guarded, FileLocks locks, String engine, Runnable stop, Runnable start) {
        guarded.run(() -> {
        });
        assertThat(guarded.runs()).isOne();

        stop.run();
        assertThatThrownBy(() -> guarded.run(() -> {
        })).isInstanceOf(LockException.class).isNotInstanceOf(LockLostException.class)
                .hasMessageContaining("Could not acquire lock 'shared' at " + engine)
                .hasMessageContaining("the guarded code did not run");
        assertThat(guarded.runs()).as("the method must not run without the lock").isOne();

        start.run();
        awaitEngineAnswers(locks);
        assertThatThrownBy(() -> guarded.run(() -> stop.run()))
                .isInstanceOf(LockLostException.class).hasMessageContaining("Lock 'shared'").hasMessageContaining(engine);
        assertThat(guarded.runs()).isEqualTo(2);

        start.run();
        awaitEngineAnswers(locks);
        guarded.run(() -> {
        });
        assertThat(guarded.runs()).isEqualTo(3);
        assertThat(locks.lock("shared").status().held()).as("nothing left held").isFalse();
    }

    /**
     * Waits until the restarted engine grants and releases the lock. A connection pool may still
     * hand out, once, a connection the server closed when it stopped (Hikari checks connections
     * used within the last 500 ms only when they fail); the pool drops it then, and the call after
     * it gets a new one.
     */
    private static void awaitEngineAnswers(FileLocks locks) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (LockHold held = locks.lock("shared").acquire(Duration.ofSeconds(2))) {
                return true;
            }
        });
    }
}
