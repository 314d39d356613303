package dev.filelock.spring.metrics;

/**
 * Where {@link dev.filelock.spring.FileLocked} calls report how long they waited for and held their
 * lock. The aspect never lets an exception from here reach the call.
 */
public interface LockMetrics {

    /** Outcome of a wait. */
    enum WaitOutcome { ACQUIRED, TIMEOUT, INTERRUPTED }

    /** Outcome of a hold: whether the guarded work (hooks included) threw. */
    enum HoldOutcome { SUCCESS, FAILURE }

    /** Reports no metrics. */
    LockMetrics NONE = new LockMetrics() {
        @Override
        public void waited(String lock, WaitOutcome outcome, long nanos) {
        }

        @Override
        public void held(String lock, HoldOutcome outcome, long nanos) {
        }
    };

    void waited(String lock, WaitOutcome outcome, long nanos);

    void held(String lock, HoldOutcome outcome, long nanos);

    /**
     * A hold of {@code lock} was lost while held (its file deleted or replaced, a lease expired):
     * another holder may have run at the same time.
     */
    default void lost(String lock) {
    }
}
