package dev.filelock.sample.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.filelock.sample.SampleApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** The main job as {@code main} runs it, with real worker processes, scaled down. */
class MainJobTest {

    static final int WORKERS = 2;
    static final int ROUNDS = 25;

    @TempDir
    Path dir;

    @Test
    void aSmallRunCountsEveryIncrementLosesNoneAndExitsWithZero() {
        try (ConfigurableApplicationContext context = run("--sample.job.workers=" + WORKERS,
                "--sample.job.operations=" + ROUNDS)) {
            JobOutcome outcome = context.getBean(MainJob.class).outcome().orElseThrow();
            int exitCode = SpringApplication.exit(context);

            assertThat(outcome.problems()).isEmpty();
            assertThat(exitCode).isZero();
            assertThat(outcome.rows()).extracting(LockRow::lock).containsExactly("report", "switch-window", "test-write");
            for (LockRow row : outcome.rows()) {
                assertThat(row.expected()).as(row.lock()).isEqualTo(WORKERS * ROUNDS);
                assertThat(row.observed()).as(row.lock()).hasValue(WORKERS * ROUNDS);
                assertThat(row.lost()).as(row.lock()).hasValue(0);
                assertThat(row.failed()).as(row.lock()).isZero();
                assertThat(row.waits().count()).as(row.lock()).isEqualTo(WORKERS * ROUNDS);
                assertThat(row.waits().p50()).isLessThanOrEqualTo(row.waits().p90());
                assertThat(row.waits().p99()).isLessThanOrEqualTo(row.waits().max());
            }
        }
    }

    @Test
    void workersThatCannotFinishInTimeFailTheJob() {
        // No JVM starts in a millisecond: the job gives up waiting for the workers to be ready.
        try (ConfigurableApplicationContext context = run("--sample.job.workers=1", "--sample.job.timeout=1ms")) {
            JobOutcome outcome = context.getBean(MainJob.class).outcome().orElseThrow();
            int exitCode = SpringApplication.exit(context);

            assertThat(exitCode).isEqualTo(1);
            assertThat(outcome.problems()).anySatisfy(problem ->
                    assertThat(problem).contains("gave up after sample.job.timeout=PT0.001S waiting for READY from [w1]"));
            assertThat(ResultTable.render(outcome)).contains("RESULT: FAILED");
        }
    }

    private ConfigurableApplicationContext run(String... arguments) {
        String[] all = new String[arguments.length + 1];
        all[0] = "--file-lock.directory=" + dir;
        System.arraycopy(arguments, 0, all, 1, arguments.length);
        return SpringApplication.run(SampleApplication.class, all);
    }
}
