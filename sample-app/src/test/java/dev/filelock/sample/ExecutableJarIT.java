package dev.filelock.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

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

    static final Duration JOB_WAIT = Duration.ofMinutes(4);

    static final Path JAR = Path.of(System.getProperty("sample.jar", "target/sample-app.jar"));

    @Test
    void theJarNestsTheModulesOfThisBuildNotOfAnEarlierOne() throws IOException {
        Path modules = Path.of(System.getProperty("sample.modules", ".."));
        String version = System.getProperty("sample.version", "0.1.0-SNAPSHOT");
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (String module : List.of("lock-core", "lock-spring-boot-starter")) {
                String name = module + "-" + version + ".jar";
                JarEntry nested = jar.getJarEntry("BOOT-INF/lib/" + name);
                assertThat(nested).as(name + " in " + JAR).isNotNull();
                try (InputStream in = jar.getInputStream(nested)) {
                    assertThat(in.readAllBytes()).as(name + " is the one this build made")
                            .isEqualTo(Files.readAllBytes(modules.resolve(module).resolve("target").resolve(name)));
                }
            }
        }
    }

    @Test
    void theJarAllowsJnaItsNativeAccessAsTheReadmeSays() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
        }
    }

    @Test
    void theJarsMainJobEndsCleanWithExitCodeZero() {
        Path jar = JAR;
        assertThat(jar).as("the repackaged jar; run 'verify', which builds it first").isRegularFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (ChildJvm app = ChildJvm.command(List.of(java, "-jar", jar.toString(), "--file-lock.directory=" + dir,
                "--sample.job.workers=2", "--sample.job.operations=20"))) {
            // Three Spring Boot JVMs start one after another before the verdict: on a loaded 2-core
            // machine each start alone has taken 30 s.
            String verdict = app.awaitLine("RESULT: ", JOB_WAIT);
            assertThat(verdict).as(app.output()).startsWith("RESULT: OK");
            app.awaitSuccess();
            assertThat(app.output()).containsPattern("report +file +40 +40 +0 +0 ");
            // Meaningful on JDK 24+, where JNA's native library load warns unless the manifest allows it.
            assertThat(app.output()).doesNotContain("restricted method");
        }
        assertThat(Files.exists(dir.resolve("report.txt"))).isTrue();
    }
}
