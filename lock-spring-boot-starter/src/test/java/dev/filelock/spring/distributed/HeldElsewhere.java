package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import dev.filelock.core.LockTimeoutException;
import dev.filelock.spring.LockHolder;
import dev.filelock.spring.NamedLock;

/** What a server lock's timeout says, shared by the engines' tests. */
final class HeldElsewhere {

    private HeldElsewhere() {
    }

    /**
     * Holds {@code lock} on a thread of its own and asserts that a zero wait for it times out naming
     * the lock's description and that holder, and no file.
     */
    static void assertTimeoutNamesTheHolderNotAFile(NamedLock lock) {
        try (LockHolder holder = new LockHolder(lock)) {
            assertThatThrownBy(() -> lock.acquire(Duration.ZERO)).isInstanceOfSatisfying(LockTimeoutException.class,
                    e -> {
                        assertThat(e.getMessage()).startsWith("Lock 'shared' (" + lock.description()
                                + ") not acquired within 0s; held by pid " + ProcessHandle.current().pid()
                                + " (thread test-lock-holder)");
                        assertThat(e.file()).isNull();
                    });
        }
    }
}
