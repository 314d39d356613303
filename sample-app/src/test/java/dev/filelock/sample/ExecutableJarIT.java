package dev.filelock.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.filelock.core.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repackaged jar, run as a user runs it ({@code java -jar}): its main job starts its workers
 * from the jar too, and must end clean.
 */
class ExecutableJarIT {

    @TempDir
    Path dir;

    @Test
    void theJarsMainJobEndsCleanWithExitCodeZero() {
        Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app.jar"));
        assertThat(jar).as("the repackaged jar; run 'verify', which builds it first").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (ChildJvm app = ChildJvm.command(List.of(java, "-jar", jar.toString(), "--file-lock.directory=" + dir,
                "--sample.job.workers=2", "--sample.job.operations=20"))) {
            String verdict = app.awaitLine("RESULT: ");
            assertThat(verdict).as(app.output()).startsWith("RESULT: OK");
            app.awaitSuccess();
            assertThat(app.output()).containsPattern("report +file +40 +40 +0 +0 ");
        }
        assertThat(Files.exists(dir.resolve("report.txt"))).isTrue();
    }
}
