package dev.filelock.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.filelock.core.ChildJvm;
import dev.filelock.sample.worker.WorkerProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real Spring Boot processes of the sample app, in its {@code worker} profile, driven through
 * their standard input ({@link WorkerProtocol}) and sharing one lock directory.
 */
class SampleProcessesTest {

    static final int ROUNDS = 250;

    @TempDir
    Path dir;

    @Test
    void twoProcessesIncrementingUnderTheReportLockLoseNoUpdate() throws IOException {
        try (ChildJvm first = start("first"); ChildJvm second = start("second")) {
            first.awaitLine("@@ READY");
            second.awaitLine("@@ READY");

            first.send("run " + ROUNDS + " report");
            second.send("run " + ROUNDS + " report");

            assertThat(first.awaitLine("@@ DONE")).isEqualTo("@@ DONE " + ROUNDS + " 0");
            assertThat(second.awaitLine("@@ DONE")).isEqualTo("@@ DONE " + ROUNDS + " 0");
            exit(first);
            exit(second);
        }
        assertThat(Files.readAllLines(dir.resolve("report.txt"))).contains("count=" + 2 * ROUNDS);
    }

    @Test
    void theSkipJobRunsInOneProcessAtATimeAndTheOtherSkips() throws IOException {
        try (ChildJvm first = start("first"); ChildJvm second = start("second")) {
            first.awaitLine("@@ READY");
            second.awaitLine("@@ READY");

            first.send("hold");
            assertThat(first.awaitLine("@@ ")).isEqualTo("@@ HOLDING");
            second.send("type");
            assertThat(second.awaitLine("@@ ")).as("the lock is held by the first").isEqualTo("@@ SKIPPED");
            first.send("release");
            assertThat(first.awaitLine("@@ ")).isEqualTo("@@ RAN");
            second.send("type");
            assertThat(second.awaitLine("@@ ")).as("the lock is free again").isEqualTo("@@ RAN");

            first.send("type-loop 200");
            second.send("type-loop 200");
            int ran = ranOf(first.awaitLine("@@ ")) + ranOf(second.awaitLine("@@ "));
            exit(first);
            exit(second);

            List<String> journal = Files.readAllLines(dir.resolve("input-journal.txt"));
            assertThat(journal).hasSize(2 * (2 + ran));
            for (int i = 0; i < journal.size(); i += 2) {
                String runner = journal.get(i).substring("start ".length());
                assertThat(journal.get(i)).as("line %d of the journal", i).startsWith("start ");
                assertThat(journal.get(i + 1)).as("a run that started must end before any other starts")
                        .isEqualTo("end " + runner);
            }
        }
    }

    private ChildJvm start(String name) {
        return ChildJvm.java(SampleApplication.class, "--spring.profiles.active=worker", "--sample.worker=" + name,
                "--file-lock.directory=" + dir, "--spring.main.banner-mode=off", "--logging.level.root=WARN");
    }

    private static int ranOf(String typed) {
        WorkerProtocol.Message message = WorkerProtocol.parse(typed).orElseThrow();
        assertThat(message.keyword()).isEqualTo(WorkerProtocol.TYPED);
        return (int) message.number(0);
    }

    private static void exit(ChildJvm worker) {
        worker.send("exit");
        worker.awaitSuccess();
    }
}
