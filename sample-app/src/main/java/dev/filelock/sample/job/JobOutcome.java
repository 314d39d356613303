package dev.filelock.sample.job;

import java.time.Duration;
import java.util.List;

/**
 * What the main job found.
 *
 * @param workers    how many worker processes ran
 * @param operations how many rounds each was asked for
 * @param rows       one per lock the workers contended for
 * @param problems   everything that was wrong, in words; empty when all is well
 * @param elapsed    how long the job took
 */
public record JobOutcome(int workers, int operations, List<LockRow> rows, List<String> problems, Duration elapsed) {

    public JobOutcome {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** The row of {@code lock}. */
    public LockRow row(String lock) {
        return rows.stream().filter(row -> row.lock().equals(lock)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row for lock '" + lock + "' in " + rows));
    }
}
