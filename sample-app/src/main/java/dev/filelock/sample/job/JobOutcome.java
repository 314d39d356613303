package dev.filelock.sample.job;

import java.time.Duration;
import java.util.List;

import dev.filelock.spring.LockType;

/**
 * What the main job found.
 *
 * @param workers    how many worker processes ran
 * @param operations how many rounds each was asked for
 * @param rows       one per lock the workers contended for
 * @param problems   everything that was wrong, in words; empty when all is well
 * @param expected   failures the job set out to show (a lock that cannot protect in that setting),
 *                   in words: they do not fail it
 * @param elapsed    how long the job took
 */
public record JobOutcome(int workers, int operations, List<LockRow> rows, List<String> problems,
        List<String> expected, Duration elapsed) {

    public JobOutcome {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
        expected = List.copyOf(expected);
    }

    /** An outcome with no expected failure. */
    public JobOutcome(int workers, int operations, List<LockRow> rows, List<String> problems, Duration elapsed) {
        this(workers, operations, rows, problems, List.of(), elapsed);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The (first) row of {@code lock}. */
    public LockRow row(String lock) {
        return rows.stream().filter(row -> row.lock().equals(lock)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row for lock '" + lock + "' in " + rows));
    }

    /** The row of {@code lock} as a lock of {@code type}. */
    public LockRow row(String lock, LockType type) {
        return rows.stream().filter(row -> row.lock().equals(lock) && row.type() == type).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row for " + type + " lock '" + lock + "' in " + rows));
    }
}
