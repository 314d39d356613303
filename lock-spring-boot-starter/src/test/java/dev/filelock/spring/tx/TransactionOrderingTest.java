package dev.filelock.spring.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHook;
import dev.filelock.testservers.Database;
import dev.filelock.testservers.TestServers;

/**
 * With a real transaction manager and PostgreSQL: the lock is taken before the transaction begins
 * and released after it commits or rolls back, so whoever takes the lock next sees the committed
 * data. The database is {@link TestServers#database()}'s.
 */
@SpringBootTest(classes = TransactionOrderingTest.App.class, properties = {
        "file-lock.directory=${java.io.tmpdir}/file-lock-tx-test-${random.uuid}",
        "file-lock.locks.rows.prefix=checkNoTransaction",
        "file-lock.locks.rows.suffix=checkNoTransaction"})
class TransactionOrderingTest {

    static final String TABLE = "filelock_tx_" + UUID.randomUUID().toString().replace("-", "");
    static final List<String> events = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        Database database = TestServers.database();
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        /** Runs right after acquiring and right before releasing: records whether a transaction is open then. */
        @Bean
        LockHook checkNoTransaction(JdbcTemplate jdbc) {
            return context -> events.add("hook: transaction active=" + TransactionSynchronizationManager.isActualTransactionActive()
                    + ", committed rows=" + jdbc.queryForObject("select count(*) from " + TABLE, Integer.class));
        }

        @Bean
        LockHook none() {
            return context -> {
            };
        }

        @Bean
        Rows rows(JdbcTemplate jdbc) {
            return new Rows(jdbc);
        }
    }

    public static class Rows {
        private final JdbcTemplate jdbc;

        Rows(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Transactional
        @FileLocked("rows")
        public void insert(String value, boolean fail) {
            jdbc.update("insert into " + TABLE + "(v) values (?)", value);
            events.add("method: transaction active=" + TransactionSynchronizationManager.isActualTransactionActive());
            if (fail) {
                throw new IllegalStateException("roll back");
            }
        }

        @Transactional
        @FileLocked(name = "rows", prefix = "none", suffix = "none")
        public void insertAndWait(String value, CountDownLatch inserted, CountDownLatch finish) {
            jdbc.update("insert into " + TABLE + "(v) values (?)", value);
            inserted.countDown();
            try {
                finish.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Autowired
    Rows rows;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    FileLocks locks;

    @BeforeEach
    void table() {
        jdbc.execute("create table " + TABLE + " (v text not null)");
        events.clear();
    }

    @AfterEach
    void dropTable() {
        jdbc.execute("drop table if exists " + TABLE);
    }

    @Test
    void theLockIsTakenBeforeTheTransactionBeginsAndReleasedAfterItCommits() {
        rows.insert("a", false);

        // The hooks use their own connection (no transaction is bound to the thread): the suffix,
        // right before the release, already sees the committed row.
        assertThat(events).containsExactly(
                "hook: transaction active=false, committed rows=0",
                "method: transaction active=true",
                "hook: transaction active=false, committed rows=1");
    }

    @Test
    void theLockIsReleasedAfterARollback() {
        assertThatThrownBy(() -> rows.insert("a", true)).hasMessage("roll back");

        assertThat(events).containsExactly(
                "hook: transaction active=false, committed rows=0",
                "method: transaction active=true",
                "hook: transaction active=false, committed rows=0");
    }

    @Test
    void whoeverWaitsForTheLockSeesTheCommittedRowAsSoonAsItGetsIt() throws Exception {
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> rows.insertAndWait("x", inserted, finish));
        assertThat(inserted.await(60, TimeUnit.SECONDS)).isTrue();

        // The first caller holds the lock with its row inserted but not committed.
        CompletableFuture<Integer> seenByNext = new CompletableFuture<>();
        Thread next = new Thread(() -> {
            try (var held = locks.lock("rows").acquire(Duration.ofSeconds(-1))) {
                seenByNext.complete(jdbc.queryForObject("select count(*) from " + TABLE, Integer.class));
            }
        }, "next-holder");
        next.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> next.getState() == Thread.State.WAITING);
        assertThat(seenByNext).isNotDone();

        finish.countDown();
        first.get(60, TimeUnit.SECONDS);
        assertThat(seenByNext.get(60, TimeUnit.SECONDS)).isEqualTo(1);
        next.join(60_000);
    }
}
