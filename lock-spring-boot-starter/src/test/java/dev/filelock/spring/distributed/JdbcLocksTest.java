package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.filelock.core.LockLostException;
import dev.filelock.core.LockOwner;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.NamedLock;
import dev.filelock.testservers.Database;
import dev.filelock.testservers.TestServers;

/** {@code type: jdbc} in one JVM, on an embedded H2 and on a real PostgreSQL. */
class JdbcLocksTest {

    @TempDir
    Path dir;

    // A table of this test's own, so that runs never see each other's rows or tables.
    final String tablePrefix = "FL" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_";

    ApplicationContextRunner h2() {
        return new ApplicationContextRunner().withUserConfiguration(GuardedApp.class).withPropertyValues(
                "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "file-lock.directory=" + dir,
                "file-lock.locks.shared.type=jdbc");
    }

    ApplicationContextRunner postgres() {
        Database database = TestServers.database();
        return new ApplicationContextRunner().withUserConfiguration(GuardedApp.class).withPropertyValues(
                "spring.datasource.url=" + database.url(),
                "spring.datasource.username=" + database.user(),
                "spring.datasource.password=" + database.password(),
                "file-lock.directory=" + dir,
                "file-lock.jdbc.table-prefix=" + tablePrefix,
                "file-lock.locks.shared.type=jdbc");
    }

    @Test
    void anEmbeddedDatabaseGetsTheLockTableFromSpringIntegrationsDdlAndThreadsExcludeEachOther() {
        h2().run(context -> {
            Guarded guarded = context.getBean(Guarded.class);
            ConcurrentCalls.run(4, 25, guarded::increment);
            assertThat(guarded.count()).isEqualTo(100);
            assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM INT_LOCK", Integer.class))
                    .isZero();
        });
    }

    @Test
    void aTimeoutNamesTheDatabaseRowAndTheHolderNotAFile() {
        h2().run(context -> {
            NamedLock lock = context.getBean(FileLocks.class).lock("shared");
            assertThat(lock.description()).contains("key 'shared'");
            HeldElsewhere.assertTimeoutNamesTheHolderNotAFile(lock);
        });
    }

    @Test
    void aMissingLockTableInANonEmbeddedDatabaseIsRefusedWithTheStatementThatCreatesIt() {
        postgres().run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("Lock 'shared' has type jdbc, but table " + tablePrefix + "LOCK does not exist")
                .hasStackTraceContaining("CREATE TABLE " + tablePrefix + "LOCK")
                .hasStackTraceContaining("file-lock.jdbc.initialize-schema=always"));
    }

    @Test
    void onPostgresTheLockIsARowWhileHeldWithTheDeclaredLease() {
        postgres().withPropertyValues("file-lock.jdbc.initialize-schema=always", "file-lock.locks.shared.lease=20s")
                .run(context -> {
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    NamedLock lock = context.getBean(FileLocks.class).lock("shared");
                    try (LockHold hold = lock.acquire(Duration.ofSeconds(10))) {
                        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + tablePrefix + "LOCK WHERE REGION = 'file-lock'",
                                Integer.class)).isOne();
                        assertThat(lock.status().held()).isTrue();
                        assertThat(lock.status().details()).containsEntry("holder", "this process").containsEntry("lease", "PT20S");
                        assertThat(lock.status().holder()).as("this process's own hold, shown with its thread")
                                .extracting(LockOwner::pid, LockOwner::thread)
                                .containsExactly(ProcessHandle.current().pid(), Thread.currentThread().getName());
                        assertThat(hold.fencingToken()).as("from the sequence " + tablePrefix + "LOCK_SEQ").isPresent();
                        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + tablePrefix + "LOCK_HOLDER", Integer.class)).isOne();
                    }
                    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + tablePrefix + "LOCK", Integer.class)).isZero();
                    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + tablePrefix + "LOCK_HOLDER", Integer.class)).isZero();
                    assertThat(lock.status().held()).isFalse();
                });
    }

    @Test
    void fencingTokensFromTheSequenceStrictlyIncreaseAcrossInstances() {
        postgres().withPropertyValues("file-lock.jdbc.initialize-schema=always").run(first -> postgres().run(second -> {
            List<FileLocks> instances = List.of(first.getBean(FileLocks.class), second.getBean(FileLocks.class));
            long previous = 0;
            for (int i = 0; i < 20; i++) {
                try (LockHold hold = instances.get(i % 2).lock("shared").acquire(Duration.ofSeconds(10))) {
                    long token = hold.fencingToken().orElseThrow();
                    assertThat(token).isGreaterThan(previous);
                    previous = token;
                }
            }
        }));
    }

    @Test
    void anEmbeddedH2KeepsTheLockOnItsOwnClockWithATokenAndTheHoldersRecord() {
        h2().run(context -> {
            NamedLock lock = context.getBean(FileLocks.class).lock("shared");
            try (LockHold hold = lock.acquire(Duration.ofSeconds(10))) {
                assertThat(hold.fencingToken()).isPresent();
                assertThat(lock.status().details()).containsEntry("holder", "this process");
                assertThat(lock.status().generation()).isEqualTo(hold.fencingToken().getAsLong());
            }
            assertThat(lock.status().held()).isFalse();
        });
    }

    @Test
    void aRowTakenOverWhileTheMethodRunsEndsTheCallWithLockLostException() {
        postgres().withPropertyValues("file-lock.jdbc.initialize-schema=always").run(context -> {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Guarded guarded = context.getBean(Guarded.class);

            // What another node does once the lease expired on its clock.
            assertThatThrownBy(() -> guarded.run(() -> jdbc.update("UPDATE " + tablePrefix + "LOCK SET CLIENT_ID = ?",
                    UUID.randomUUID().toString())))
                    .isInstanceOf(LockLostException.class).hasMessageContaining("Lock 'shared'").hasMessageContaining("PostgreSQL at");
        });
    }
}
