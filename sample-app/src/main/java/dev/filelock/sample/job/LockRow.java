package dev.filelock.sample.job;

import java.util.Optional;
import java.util.OptionalLong;

import dev.filelock.spring.LockType;

/**
 * One lock's line of the main job's table.
 *
 * @param lock     the lock's name
 * @param type     its kind
 * @param expected the increments the workers completed under it
 * @param observed the counter the increments left behind, read under the lock at the end; empty
 *                 when it could not be read
 * @param failed   operations that threw instead of incrementing
 * @param waits    how long the workers waited for it
 */
public record LockRow(String lock, LockType type, long expected, OptionalLong observed, long failed,
        WaitPercentiles waits) {

    /** Increments that some writer made and another overwrote: must be 0. */
    public OptionalLong lost() {
        return observed.isPresent() ? OptionalLong.of(expected - observed.getAsLong()) : OptionalLong.empty();
    }

    /** The lost updates in words, e.g. {@code report: 3 updates lost (expected 20, observed 17)}; empty when none were. */
    public Optional<String> lostUpdates() {
        OptionalLong lost = lost();
        return lost.isEmpty() || lost.getAsLong() == 0 ? Optional.empty()
                : Optional.of(lock + ": " + lost.getAsLong() + " updates lost (expected " + expected + ", observed "
                        + observed.getAsLong() + ")");
    }
}
