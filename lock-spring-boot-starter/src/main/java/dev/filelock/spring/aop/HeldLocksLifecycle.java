package dev.filelock.spring.aop;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * When the application context closes: waits up to {@code file-lock.shutdown-timeout} for the
 * locked calls in flight to finish and release their locks, then releases the locks still held for
 * unfinished asynchronous work (their futures complete exceptionally). Stops after the web server,
 * so requests still being served keep their locks.
 */
final class HeldLocksLifecycle implements SmartLifecycle {

    private static final Log log = LogFactory.getLog(HeldLocksLifecycle.class);

    private final ActiveHolds holds;
    private final Duration shutdownTimeout;
    private volatile boolean running;

    HeldLocksLifecycle(ActiveHolds holds, Duration shutdownTimeout) {
        this.holds = holds;
        this.shutdownTimeout = shutdownTimeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        try {
            if (holds.awaitIdle(shutdownTimeout)) {
                return;
            }
            int held = holds.count();
            int released = holds.releaseAsyncHolds();
            log.warn(held + " file lock(s) still held " + shutdownTimeout + " after the context began to close; "
                    + released + " held for unfinished asynchronous work are being released, the others are released "
                    + "when their methods return");
            holds.awaitIdle(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 4096;
    }
}
