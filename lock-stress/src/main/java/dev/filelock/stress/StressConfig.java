package dev.filelock.stress;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One stress run of one lock kind.
 *
 * @param kind                   the lock kind hammered
 * @param processes              how many child JVMs hammer it at once
 * @param acquisitionsPerProcess how many acquisitions each of them makes (a killed child's
 *                               replacement makes the rest)
 * @param kills                  how many holders are killed with {@code kill -9}, at random
 *                               acquisitions, each replaced by a new child
 * @param interrupts             whether each child randomly interrupts its own waiting thread
 * @param seed                   makes the choice of kills and interrupts repeatable
 * @param dir                    where the lock file and the children's logs go
 * @param timeout                how long the whole run may take before it fails
 */
public record StressConfig(LockKind kind, int processes, int acquisitionsPerProcess, int kills,
        boolean interrupts, long seed, Path dir, Duration timeout) {

    public StressConfig {
        if (kind == null || dir == null || timeout == null) {
            throw new IllegalArgumentException("kind, dir and timeout must not be null");
        }
        if (processes < 1) {
            throw new IllegalArgumentException("processes must be at least 1, not " + processes);
        }
        if (acquisitionsPerProcess < 1) {
            throw new IllegalArgumentException("acquisitions per process must be at least 1, not "
                    + acquisitionsPerProcess);
        }
        long total = (long) processes * acquisitionsPerProcess;
        if (kills < 0 || kills >= total) {
            throw new IllegalArgumentException("kills must be between 0 and the number of acquisitions less one ("
                    + (total - 1) + "), not " + kills);
        }
    }

    /** How many acquisitions the run makes in all. */
    public long totalAcquisitions() {
        return (long) processes * acquisitionsPerProcess;
    }
}
