package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default mechanism excludes the non-Java tools our users run on the same lock file:
 * {@code flock(1)} and a Python script that locks the way the Python tool we port does.
 * Both directions, and a shared counter that Java and Python increment together.
 */
class FlockInteropTest {

    @TempDir
    Path dir;

    private Path lockFile;
    private Path python;

    @BeforeEach
    void setUp() throws IOException {
        lockFile = dir.resolve("shared.lock");
        python = dir.resolve("pylock.py");
        try (InputStream script = getClass().getResourceAsStream("/pylock.py")) {
            Files.copy(script, python);
        }
    }

    private FileLock lock() {
        return FileLock.of(lockFile, FileLock.Options.defaults().withMechanism(FileLock.Mechanism.FLOCK));
    }

    @Test
    void flockCommandCannotTakeALockJavaHolds() {
        FileLock lock = lock();
        lock.lock();
        try (ChildJvm flock = ChildJvm.command(List.of("flock", "--nonblock", "--conflict-exit-code", "75",
                lockFile.toString(), "true"))) {
            assertThat(flock.awaitExit()).as("flock(1) exit code: 75 means it found the lock taken").isEqualTo(75);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void javaCannotTakeALockFlockCommandHoldsAndSaysAnUnknownToolHoldsIt() {
        FileLock lock = lock();
        try (ChildJvm flock = ChildJvm.command(List.of("flock", lockFile.toString(), "sh", "-c",
                "echo ACQUIRED; read line"))) {
            flock.awaitLine("ACQUIRED");
            assertThat(lock.tryLock()).isFalse();
            assertThat(lock.owner()).get().extracting(LockOwner::isKnown).isEqualTo(false);
            flock.send("go");
            flock.awaitSuccess();
        }
        assertThat(lock.tryLock()).isTrue();
        lock.unlock();
    }

    @Test
    void pythonCannotTakeALockJavaHolds() {
        FileLock lock = lock();
        lock.lock();
        try (ChildJvm py = python("try")) {
            assertThat(py.awaitLine("")).isEqualTo("BUSY");
            py.awaitSuccess();
        } finally {
            lock.unlock();
        }
        try (ChildJvm py = python("try")) {
            assertThat(py.awaitLine("")).isEqualTo("ACQUIRED");
        }
    }

    @Test
    void javaCannotTakeALockPythonHolds() {
        FileLock lock = lock();
        try (ChildJvm py = python("hold")) {
            py.awaitLine("ACQUIRED");
            assertThat(lock.tryLock()).isFalse();
            py.send("go");
            py.awaitLine("RELEASED");
            py.awaitSuccess();
        }
        assertThat(lock.tryLock()).isTrue();
        lock.unlock();
    }

    @Test
    void javaAndPythonIncrementingOneCounterLoseNothing() throws Exception {
        Path counter = Files.writeString(dir.resolve("counter.txt"), "0");
        int perProcess = 300;
        List<ChildJvm> children = new ArrayList<>();
        try {
            children.add(ChildJvm.java(LockWorker.class, "count", "flock", lockFile, counter, perProcess));
            children.add(python("count", counter.toString(), Integer.toString(perProcess)));
            children.add(ChildJvm.java(LockWorker.class, "count", "flock", lockFile, counter, perProcess));
            children.add(python("count", counter.toString(), Integer.toString(perProcess)));
            for (ChildJvm child : children) {
                child.awaitSuccess();
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        assertThat(Long.parseLong(Files.readString(counter).trim())).isEqualTo(4L * perProcess);
    }

    private ChildJvm python(String mode, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", python.toString(), mode, lockFile.toString()));
        command.addAll(List.of(args));
        return ChildJvm.command(command);
    }
}
