package dev.filelock.sample.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import dev.filelock.spring.LockType;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    @Test
    void aCleanRunPrintsEveryLockAndOk() {
        JobOutcome outcome = new JobOutcome(3, 300, List.of(
                new LockRow("report", LockType.FILE, 900, OptionalLong.of(900), 0, new WaitPercentiles(900, 40, 900, 2_500, 12_000)),
                new LockRow("test-write", LockType.MMAP, 900, OptionalLong.of(900), 0, WaitPercentiles.NONE)),
                List.of(), Duration.ofMillis(8_400));

        String table = ResultTable.render(outcome);

        assertThat(table).contains("3 workers x 300 rounds in 8.4s")
                .containsPattern("report +file +900 +900 +0 +0 +40us +900us +2.5ms +12.0ms")
                .containsPattern("test-write +mmap +900 +900 +0 +0")
                .endsWith("RESULT: OK, no lost update, no failure, every check passed" + System.lineSeparator());
        assertThat(outcome.ok()).isTrue();
    }

    @Test
    void lostUpdatesAndUnreadableCountersAreShownAndEveryProblemListed() {
        JobOutcome outcome = new JobOutcome(2, 10, List.of(
                new LockRow("report", LockType.FILE, 20, OptionalLong.of(17), 0, WaitPercentiles.NONE),
                new LockRow("switch-window", LockType.MMAP, 20, OptionalLong.empty(), 0, WaitPercentiles.NONE)),
                List.of("report: 3 updates lost", "cannot read switch-window"), Duration.ofSeconds(2));

        String table = ResultTable.render(outcome);

        assertThat(outcome.row("report").lost()).hasValue(3);
        assertThat(table).containsPattern("report +file +20 +17 +3 ")
                .containsPattern("switch-window +mmap +20 +\\? +\\? ")
                .contains("  - report: 3 updates lost", "  - cannot read switch-window", "RESULT: FAILED, 2 problem(s) listed above");
        assertThat(outcome.ok()).isFalse();
    }

    @Test
    void anExpectedFailureIsMarkedAsSuchAndDoesNotFailTheRun() {
        LockRow file = new LockRow("report", LockType.FILE, 400, OptionalLong.of(250), 0, WaitPercentiles.NONE);
        JobOutcome outcome = new JobOutcome(2, 200, List.of(file,
                new LockRow("report", LockType.REDIS, 400, OptionalLong.of(400), 0, WaitPercentiles.NONE)),
                List.of(), List.of(file.lostUpdates().orElseThrow() + " with a file lock on each machine"), Duration.ofSeconds(5));

        String table = ResultTable.render(outcome);

        assertThat(outcome.ok()).isTrue();
        assertThat(outcome.row("report", LockType.REDIS).lostUpdates()).isEmpty();
        assertThat(table).containsPattern("report +file +400 +250 +150 +0 ")
                .containsPattern("report +redis +400 +400 +0 +0 ")
                .contains("  * expected: report: 150 updates lost (expected 400, observed 250) with a file lock on each machine")
                .doesNotContain("  - ")
                .endsWith("RESULT: OK, every check passed; the 1 expected failure(s) marked * above are what this job"
                        + " shows, not failures of the run" + System.lineSeparator());
    }
}
