package dev.filelock.sample.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.filelock.sample.SampleApplication;
import dev.filelock.spring.LockType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code redis} profile's job as {@code main} runs it, on a machine with no Redis configured:
 * it starts its own from embedded-redis, and two real worker processes with different lock
 * directories contend, first under the file lock, then under the redis lock.
 */
class TwoMachinesJobTest {

    static final int ROUNDS = 100;

    @TempDir
    Path dir;

    @Test
    void theRedisLockLosesNoUpdateWhileTheFileLockLosesSomeAndThatIsReportedAsExpected() {
        try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
                "--spring.profiles.active=redis", "--file-lock.directory=" + dir, "--sample.job.operations=" + ROUNDS)) {
            JobOutcome outcome = context.getBean(TwoMachinesJob.class).outcome().orElseThrow();
            int exitCode = SpringApplication.exit(context);

            assertThat(outcome.problems()).isEmpty();
            assertThat(exitCode).isZero();

            LockRow redis = outcome.row(TwoMachinesJob.LOCK, LockType.REDIS);
            assertThat(redis.expected()).isEqualTo(TwoMachinesJob.MACHINES * ROUNDS);
            assertThat(redis.observed()).hasValue(TwoMachinesJob.MACHINES * ROUNDS);
            assertThat(redis.failed()).isZero();

            LockRow file = outcome.row(TwoMachinesJob.LOCK, LockType.FILE);
            assertThat(file.expected()).as("every increment completed").isEqualTo(TwoMachinesJob.MACHINES * ROUNDS);
            assertThat(file.failed()).isZero();
            assertThat(file.lost()).isPresent();
            assertThat(file.lost().getAsLong()).as("lost under the file lock").isPositive();
            assertThat(outcome.expected()).singleElement().asString()
                    .startsWith(file.lostUpdates().orElseThrow()).contains("with a file lock on each machine");

            String table = ResultTable.render(outcome);
            assertThat(table).containsPattern("report +file +200 +\\d+ +" + file.lost().getAsLong() + " +0 ")
                    .containsPattern("report +redis +200 +200 +0 +0 ")
                    .contains("  * expected: " + file.lostUpdates().orElseThrow())
                    .contains("RESULT: OK, every check passed; the 1 expected failure(s) marked * above");
        }
        assertThat(dir.resolve("machine-1").resolve("report.lock")).exists();
        assertThat(dir.resolve("machine-2").resolve("report.lock")).exists();
    }
}
