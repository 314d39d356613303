package dev.filelock.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.filelock.spring.metrics.LockMetrics.HoldOutcome;
import dev.filelock.spring.metrics.LockMetrics.WaitOutcome;

class MicrometerLockMetricsTest {

    MeterRegistry registry = new SimpleMeterRegistry();
    MicrometerLockMetrics metrics = new MicrometerLockMetrics(registry);

    @Test
    void eachLockAndOutcomeHasATimerOfItsOwnReusedByLaterCalls() {
        metrics.waited("orders", WaitOutcome.ACQUIRED, 1_000);
        metrics.waited("orders", WaitOutcome.ACQUIRED, 3_000);
        metrics.waited("orders", WaitOutcome.TIMEOUT, 5_000);
        metrics.waited("reports", WaitOutcome.ACQUIRED, 7_000);
        metrics.held("orders", HoldOutcome.SUCCESS, 11_000);
        metrics.held("orders", HoldOutcome.FAILURE, 13_000);

        assertThat(registry.getMeters()).hasSize(5);
        assertThat(timer(MicrometerLockMetrics.WAIT, "orders", "acquired").totalTime(TimeUnit.NANOSECONDS))
                .isEqualTo(4_000);
        assertThat(timer(MicrometerLockMetrics.WAIT, "orders", "acquired").count()).isEqualTo(2);
        assertThat(timer(MicrometerLockMetrics.WAIT, "orders", "timeout").count()).isEqualTo(1);
        assertThat(timer(MicrometerLockMetrics.WAIT, "reports", "acquired").count()).isEqualTo(1);
        assertThat(timer(MicrometerLockMetrics.HELD, "orders", "success").count()).isEqualTo(1);
        assertThat(timer(MicrometerLockMetrics.HELD, "orders", "failure").count()).isEqualTo(1);
        assertThat(timer(MicrometerLockMetrics.HELD, "orders", "success").getId().getDescription())
                .isEqualTo("Time a file lock was held");
    }

    private Timer timer(String name, String lock, String outcome) {
        return registry.get(name).tags("lock", lock, "outcome", outcome).timer();
    }
}
