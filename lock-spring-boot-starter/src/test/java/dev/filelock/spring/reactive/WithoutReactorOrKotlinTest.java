package dev.filelock.spring.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.filelock.core.ChildJvm;

/**
 * Reactor and Kotlin stay optional: an application without them on its class path starts, locks
 * synchronous and CompletableFuture methods, and the JVM loads none of their classes.
 */
class WithoutReactorOrKotlinTest {

    @TempDir
    Path dir;

    @Test
    void anApplicationWithoutReactorOrKotlinLoadsNoneOfTheirClasses() {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("/io/projectreactor/") && !entry.contains("/org/jetbrains/kotlin"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).doesNotContain("reactor-core");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xlog:class+load=info:stdout", "-cp", classPath, PlainApp.class.getName(),
                dir.toString());
        try (ChildJvm child = ChildJvm.command(command)) {
            assertThat(child.awaitLine("CALLED")).isEqualTo("CALLED now later");
            child.awaitSuccess();
            assertThat(child.output().lines().filter(line -> line.contains(" source: ")))
                    .as("classes loaded").hasSizeGreaterThan(1000)
                    .noneMatch(line -> line.contains(" reactor.") || line.contains(" kotlin.") || line.contains(" kotlinx."));
        }
    }
}
