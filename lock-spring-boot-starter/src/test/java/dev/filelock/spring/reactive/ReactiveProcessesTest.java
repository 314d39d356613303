package dev.filelock.spring.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.filelock.core.ChildJvm;

/**
 * Two JVMs, each subscribing 100 times at once to a {@code @FileLocked} Mono that reads a number
 * from a shared file, hops to {@code Schedulers.parallel()} and writes it plus one: exact with the
 * lock, and losing updates without it (the negative control, which proves the harness sees a race).
 */
class ReactiveProcessesTest {

    private static final int JVMS = 2;
    private static final int PER_JVM = 100;

    @TempDir
    Path dir;

    @Test
    void twoJvmsOfConcurrentMonoSubscriptionsCountExactly() throws Exception {
        Result result = count(true);
        assertThat(result.total()).isEqualTo(JVMS * PER_JVM);
        assertThat(result.maxInside()).containsOnly(1);
    }

    @Test
    void theSameHarnessWithoutTheLockLosesUpdates() throws Exception {
        assertThat(count(false).total()).isLessThan(JVMS * PER_JVM);
    }

    private record Result(int total, List<Integer> maxInside) {
    }

    private Result count(boolean locked) throws Exception {
        Path file = dir.resolve("counter.txt");
        Files.writeString(file, "0");
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < JVMS; i++) {
                children.add(ChildJvm.java(ReactiveCounterApp.class, dir, file, PER_JVM, locked));
            }
            for (ChildJvm child : children) {
                child.awaitLine("READY");
            }
            children.forEach(child -> child.send("go"));
            List<Integer> maxInside = new ArrayList<>();
            for (ChildJvm child : children) {
                String done = child.awaitLine("DONE " + PER_JVM + " max=");
                maxInside.add(Integer.parseInt(done.substring(done.indexOf("max=") + 4)));
            }
            children.forEach(ChildJvm::awaitSuccess);
            return new Result(Integer.parseInt(Files.readString(file).trim()), maxInside);
        } finally {
            children.forEach(ChildJvm::close);
        }
    }
}
