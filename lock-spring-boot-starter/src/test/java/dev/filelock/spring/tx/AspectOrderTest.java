package dev.filelock.spring.tx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.annotation.EnableTransactionManagement;

import dev.filelock.spring.tx.TransactionOrderingTest.Rows;

/**
 * {@code file-lock.aspect-order} decides the nesting: ordered after a transaction advisor of
 * higher precedence, the lock is taken inside the transaction (what the default avoids).
 */
@SpringBootTest(classes = {TransactionOrderingTest.App.class, AspectOrderTest.TransactionsFirst.class}, properties = {
        "file-lock.directory=${java.io.tmpdir}/file-lock-order-test-${random.uuid}",
        "file-lock.aspect-order=2147483647",
        "file-lock.locks.rows.prefix=checkNoTransaction",
        "file-lock.locks.rows.suffix=checkNoTransaction"})
class AspectOrderTest {

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement(order = 0)
    static class TransactionsFirst {
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TransactionOrderingTest.database(registry);
    }

    @Autowired
    Rows rows;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void table() {
        jdbc.execute("create table " + TransactionOrderingTest.TABLE + " (v text not null)");
        TransactionOrderingTest.events.clear();
    }

    @AfterEach
    void dropTable() {
        jdbc.execute("drop table if exists " + TransactionOrderingTest.TABLE);
    }

    @Test
    void aLowerPrecedenceThanTheTransactionPutsTheLockInsideIt() {
        rows.insert("a", false);

        assertThat(TransactionOrderingTest.events).containsExactly(
                "hook: transaction active=true, committed rows=0",
                "method: transaction active=true",
                "hook: transaction active=true, committed rows=1");
    }
}
