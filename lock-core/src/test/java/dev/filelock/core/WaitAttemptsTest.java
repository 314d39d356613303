package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a waiter counts its attempts, which decides when it spins, parks and runs periodic checks. */
class WaitAttemptsTest {

    private static final int SPINS = 1000;

    @Test
    void attemptsCountUpOneByOne() {
        assertThat(AbstractInterProcessLock.nextAttempt(1, SPINS)).isEqualTo(2);
        assertThat(AbstractInterProcessLock.nextAttempt(SPINS, SPINS)).isEqualTo(SPINS + 1);
    }

    @Test
    void aWaitOfWeeksNeverWrapsBackToSpinningOrANegativeAttempt() {
        int next = AbstractInterProcessLock.nextAttempt(Integer.MAX_VALUE, SPINS);
        assertThat(next).as("still past the spinning phase").isGreaterThan(SPINS);
        assertThat(AbstractInterProcessLock.nextAttempt(next, SPINS)).isGreaterThan(next);
    }
}
