package dev.filelock.spring.metrics;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer timers {@code file.lock.wait} (outcome: acquired, timeout, interrupted) and
 * {@code file.lock.held} (outcome: success, failure), both tagged with the lock's name.
 */
public class MicrometerLockMetrics implements LockMetrics {

    public static final String WAIT = "file.lock.wait";
    public static final String HELD = "file.lock.held";

    private final MeterRegistry registry;

    public MicrometerLockMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void waited(String lock, WaitOutcome outcome, long nanos) {
        timer(WAIT, "Time spent waiting for a file lock", lock, outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void held(String lock, HoldOutcome outcome, long nanos) {
        timer(HELD, "Time a file lock was held", lock, outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String name, String description, String lock, Enum<?> outcome) {
        return Timer.builder(name)
                .description(description)
                .tag("lock", lock)
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }
}
