package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class LockTimeoutExceptionTest {

    @Test
    void aFileLocksTimeoutNamesItsFile() {
        LockTimeoutException e = new LockTimeoutException("orders", Path.of("/var/lock/orders.lock"),
                Duration.ofSeconds(5), null);
        assertThat(e).hasMessage("Lock 'orders' (/var/lock/orders.lock) not acquired within 5s; no holder was recorded");
        assertThat(e.file()).isEqualTo(Path.of("/var/lock/orders.lock"));
        assertThat(e.description()).isEqualTo("/var/lock/orders.lock");
        assertThat(e.waited()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aLockInNoFileIsNamedByItsDescriptionAndHasNoFile() {
        LockTimeoutException e = new LockTimeoutException("orders", "Redis at db:6379, key 'orders'",
                Duration.ofSeconds(5), "client 3f2a");
        assertThat(e).hasMessage("Lock 'orders' (Redis at db:6379, key 'orders') not acquired within 5s; held by client 3f2a");
        assertThat(e.file()).isNull();
        assertThat(e.description()).isEqualTo("Redis at db:6379, key 'orders'");
        assertThat(e.holder()).isEmpty();
        assertThat(new LockTimeoutException(null, "a row", Duration.ZERO, null))
                .hasMessage("Lock a row not acquired within 0s; no holder was recorded");
    }
}
