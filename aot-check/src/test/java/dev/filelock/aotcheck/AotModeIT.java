package dev.filelock.aotcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.filelock.core.ChildJvm;

/**
 * The AOT-processed application (process-aot ran in this build) started as a user starts one in AOT
 * mode, {@code -Dspring.aot.enabled=true}, twice at once: its file, mmap and keyed locks with hooks
 * keep two processes' counts exact and time a held key out.
 */
class AotModeIT {

    static final int ROUNDS = 150;

    @TempDir
    Path dir;

    @Test
    void twoAotModeInstancesCountExactlyThroughFileMmapAndKeyedLocksWithHooks() {
        List<ChildJvm> apps = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                apps.add(start("-Dspring.aot.enabled=true"));
            }
            for (ChildJvm app : apps) {
                assertThat(app.awaitLine("AOT ")).isEqualTo("AOT true");
                app.awaitLine("READY");
            }
            apps.forEach(app -> app.send("go"));
            for (ChildJvm app : apps) {
                assertThat(app.awaitLine("HOOKS ")).isEqualTo("HOOKS " + 2 * 2 * ROUNDS);
                assertThat(app.awaitLine("KEYED ")).isEqualTo("KEYED 42 settled 7");
                app.awaitLine("DONE");
            }
            apps.forEach(app -> app.send("report"));
            for (ChildJvm app : apps) {
                assertThat(app.awaitLine("TALLY ")).isEqualTo("TALLY " + 2 * 2 * ROUNDS);
                assertThat(app.awaitLine("COUNTER ")).isEqualTo("COUNTER " + 2 * 2 * ROUNDS);
                assertThat(app.awaitExit()).as(app.output()).isZero();
            }
        } finally {
            apps.forEach(ChildJvm::close);
        }
    }

    @Test
    void withoutTheFlagTheSameClassesStartWithoutTheGeneratedArtifacts() {
        try (ChildJvm app = start()) {
            assertThat(app.awaitLine("AOT ")).isEqualTo("AOT false");
        }
    }

    @Test
    void theGeneratedNativeImageMetadataCarriesTheStartersHints() throws Exception {
        String metadata = Files.readString(
                Path.of("target/classes/META-INF/native-image/dev.filelock/aot-check/reachability-metadata.json"));
        assertThat(metadata).contains("\"dev.filelock.core.LibC\"", "\"com.sun.jna.Native\"", "libjnidispatch",
                "\"dev.filelock.aotcheck.AotCheckApplication$Order\"");
    }

    private ChildJvm start(String... flags) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(flags));
        command.addAll(List.of("-cp", System.getProperty("aot.classpath"), AotCheckApplication.class.getName(),
                "--file-lock.directory=" + dir, "--rounds=" + ROUNDS, "--counter=" + dir.resolve("counter.txt")));
        return ChildJvm.command(command);
    }
}
