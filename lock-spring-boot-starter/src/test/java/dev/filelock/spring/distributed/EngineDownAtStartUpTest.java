package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.filelock.core.LockException;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.actuate.LockDirectoryHealthIndicator;
import dev.filelock.testservers.Database;
import dev.filelock.testservers.OwnPostgres;
import dev.filelock.testservers.TestServers;

/**
 * An engine unreachable at start-up does not stop the application: the lock on it is down in
 * health and its calls fail at once, naming it, while the application's other locks are served;
 * once the engine answers, so does the lock.
 */
class EngineDownAtStartUpTest {

    @TempDir
    Path dir;

    public static class Local {
        @FileLocked("local")
        public void run(Runnable body) {
            body.run();
        }
    }

    @Test
    void aJdbcApplicationStartsWithItsDatabaseDownServesItsFileLockAndItsJdbcCallsFailFastUntilTheDatabaseAnswers() {
        try (OwnPostgres postgres = TestServers.ownPostgres()) {
            Database database = postgres.database();
            postgres.stop();
            new ApplicationContextRunner().withUserConfiguration(GuardedApp.class).withBean(Local.class)
                    .withPropertyValues(
                            "spring.datasource.url=" + database.url(),
                            "spring.datasource.username=" + database.user(),
                            "spring.datasource.password=" + database.password(),
                            "file-lock.jdbc.initialize-schema=always",
                            "file-lock.directory=" + dir,
                            "file-lock.locks.shared.type=jdbc",
                            "file-lock.locks.local.type=file").run(context -> {
                assertThat(context).hasNotFailed();
                Guarded guarded = context.getBean(Guarded.class);
                HealthIndicator health = context.getBean(LockDirectoryHealthIndicator.class);

                long start = System.nanoTime();
                assertThatThrownBy(() -> guarded.run(() -> {
                })).isInstanceOf(LockException.class)
                        .hasMessageContaining("Lock 'shared' cannot be used yet: the application's database has not "
                                + "answered since start-up")
                        .hasMessageContaining("Connection refused")
                        .hasMessageContaining("the guarded code did not run");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails fast").isLessThan(Duration.ofSeconds(1));
                assertThat(guarded.runs()).isZero();

                AtomicBoolean ranLocally = new AtomicBoolean();
                context.getBean(Local.class).run(() -> ranLocally.set(true));
                assertThat(ranLocally).as("the file lock is served").isTrue();

                Health down = health.health();
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails().get("unusable").toString()).contains("shared=Lock 'shared' cannot be used yet")
                        .doesNotContain("local=");

                postgres.start();
                await().atMost(Duration.ofSeconds(30)).pollInterval(100, TimeUnit.MILLISECONDS).ignoreExceptions()
                        .until(() -> {
                            guarded.run(() -> {
                            });
                            return true;
                        });
                assertThat(guarded.runs()).isOne();
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            });
        }
    }
}
