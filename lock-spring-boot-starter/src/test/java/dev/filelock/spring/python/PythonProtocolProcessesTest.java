package dev.filelock.spring.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.filelock.core.ChildJvm;
import dev.filelock.core.PythonMmapLock;
import dev.filelock.core.PythonMmapWorker;
import dev.filelock.core.PythonPeer;

/**
 * Two Spring Boot applications declaring one lock {@code protocol: python} and the Python tool's
 * {@code MemoryShareLock} ({@code pymmap.py}) as a third process increment one counter: nothing is
 * lost, and no holder found the state flag wrong.
 */
class PythonProtocolProcessesTest {

    private static final int LENGTH = 16;
    private static final int PER_PROCESS = 150;

    @TempDir
    Path dir;

    @Test
    void twoBootApplicationsAndAPythonScriptSharingOneRegionLoseNoUpdate() throws Exception {
        String file = "counter.txt";
        PythonPeer python = PythonPeer.in(dir);
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                children.add(ChildJvm.java(PythonCounterApp.class, dir, file, LENGTH, PER_PROCESS));
            }
            children.add(python.start("count", dir.resolve(file), LENGTH, PER_PROCESS, "class"));
            // All three count at once, once all are up.
            for (ChildJvm child : children) {
                child.awaitLine("READY");
            }
            children.forEach(child -> child.send("go"));
            for (ChildJvm child : children) {
                assertThat(child.awaitLine("DONE")).isEqualTo("DONE " + PER_PROCESS + " bad=0");
            }
            for (ChildJvm child : children) {
                child.awaitSuccess();
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        PythonMmapLock lock = PythonMmapLock.of(dir.resolve(file), LENGTH);
        long count = lock.call(Duration.ofSeconds(5), null,
                () -> lock.region().getLong(PythonMmapWorker.COUNTER_AT), null);
        assertThat(count).isEqualTo(3L * PER_PROCESS);
    }
}
