package dev.filelock.spring.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer timers {@code file.lock.wait} (outcome: acquired, timeout, interrupted) and
 * {@code file.lock.held} (outcome: success, failure), and the counter {@code file.lock.lost}, all
 * tagged with the lock's name.
 */
public class MicrometerLockMetrics implements LockMetrics {

    public static final String WAIT = "file.lock.wait";
    public static final String HELD = "file.lock.held";
    public static final String LOST = "file.lock.lost";

    private final MeterRegistry registry;
    // Building and registering a timer costs more than the rest of a call's bookkeeping: do it once
    // per lock and outcome. The locks are the declared ones, so the map stays small.
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    public MicrometerLockMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void waited(String lock, WaitOutcome outcome, long nanos) {
        timer(WAIT, lock, outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void held(String lock, HoldOutcome outcome, long nanos) {
        timer(HELD, lock, outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void lost(String lock) {
        Counter.builder(LOST).description("Holds of a file lock that were lost while held (file deleted or replaced, "
                + "lease expired)").tag("lock", lock).register(registry).increment();
    }

    private Timer timer(String name, String lock, Enum<?> outcome) {
        return timers.computeIfAbsent(new TimerKey(name, lock, outcome), this::register);
    }

    private Timer register(TimerKey key) {
        return Timer.builder(key.name())
                .description(key.name().equals(WAIT) ? "Time spent waiting for a file lock" : "Time a file lock was held")
                .tag("lock", key.lock())
                .tag("outcome", key.outcome().name().toLowerCase(Locale.ROOT))
                .register(registry);
    }

    private record TimerKey(String name, String lock, Enum<?> outcome) {
    }
}
