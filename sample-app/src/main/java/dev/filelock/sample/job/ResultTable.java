package dev.filelock.sample.job;

import java.util.Locale;
import java.util.OptionalLong;

/** The main job's closing table, as printed. */
public final class ResultTable {

    /** How the last line, the verdict, starts. */
    public static final String VERDICT = "RESULT: ";

    private static final String ROW = "%-14s %-5s %9s %9s %5s %6s %8s %8s %8s %8s%n";

    private ResultTable() {
    }

    public static String render(JobOutcome outcome) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n%d workers x %d rounds in %.1fs%n%n", outcome.workers(),
                outcome.operations(), outcome.elapsed().toMillis() / 1000.0));
        table.append(String.format(Locale.ROOT, ROW, "lock", "type", "expected", "observed", "lost", "failed",
                "wait p50", "p90", "p99", "max"));
        for (LockRow row : outcome.rows()) {
            WaitPercentiles waits = row.waits();
            table.append(String.format(Locale.ROOT, ROW, row.lock(), row.type().name().toLowerCase(Locale.ROOT),
                    row.expected(), orUnknown(row.observed()), orUnknown(row.lost()), row.failed(),
                    WaitPercentiles.format(waits.p50()), WaitPercentiles.format(waits.p90()),
                    WaitPercentiles.format(waits.p99()), WaitPercentiles.format(waits.max())));
        }
        table.append(System.lineSeparator());
        outcome.expected().forEach(shown -> table.append("  * expected: ").append(shown).append(System.lineSeparator()));
        outcome.problems().forEach(problem -> table.append("  - ").append(problem).append(System.lineSeparator()));
        table.append(!outcome.ok() ? VERDICT + "FAILED, " + outcome.problems().size() + " problem(s) listed above"
                : outcome.expected().isEmpty() ? VERDICT + "OK, no lost update, no failure, every check passed"
                : VERDICT + "OK, every check passed; the " + outcome.expected().size()
                        + " expected failure(s) marked * above are what this job shows, not failures of the run");
        table.append(System.lineSeparator());
        return table.toString();
    }

    private static String orUnknown(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "?";
    }
}
