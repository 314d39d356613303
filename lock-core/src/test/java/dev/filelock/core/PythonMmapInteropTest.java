package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link PythonMmapLock} and the Python tool's {@code MemoryShareLock} (py-filelock and
 * {@code mmap}, run by {@code pymmap.py}) on one region: they exclude each other, see the same
 * counter bytes, and keep the state flag as the Python class does.
 * <p>
 * The flag is checked without timing: every holder records, under the lock, what the flag said
 * when it acquired (never "1", unless someone died holding) and inside its hold ("1" for the
 * class form), and a third process takes the lock in the decorator form, which writes no flag,
 * and checks that it never reads "1" (no class-form holder is inside while it holds). A holder
 * parked inside its hold is peeked at from another process: "1"; after its release: "0".
 */
class PythonMmapInteropTest {

    private static final int LENGTH = 16;
    private static final int PER_PROCESS = 200;

    @TempDir
    Path dir;

    private PythonPeer python;
    private Path file;

    @BeforeEach
    void setUp() {
        python = PythonPeer.in(dir);
        file = dir.resolve("counter.txt");
    }

    @ParameterizedTest(name = "{0} starts first, python in {1} form")
    @CsvSource({"java, class", "python, class", "python, decorator", "java, decorator"})
    void javaAndPythonIncrementingOneCounterLoseNothingAndTheFlagIsOneExactlyWhileHeld(String first, String form)
            throws Exception {
        List<ChildJvm> children = new ArrayList<>();
        try {
            // The first creates the file; the second starts only once the first has it open; both
            // count once both are ready, so that they contend.
            boolean javaFirst = first.equals("java");
            children.add(javaFirst ? javaCounter() : python.start("count", file, LENGTH, PER_PROCESS, form));
            children.get(0).awaitLine("READY");
            children.add(javaFirst ? python.start("count", file, LENGTH, PER_PROCESS, form) : javaCounter());
            children.get(1).awaitLine("READY");
            ChildJvm java = children.get(javaFirst ? 0 : 1);
            ChildJvm py = children.get(javaFirst ? 1 : 0);
            ChildJvm sampler = python.start("sample", file, LENGTH, PER_PROCESS);
            children.add(sampler);
            java.send("go");
            py.send("go");
            assertThat(java.awaitLine("DONE")).isEqualTo("DONE " + PER_PROCESS + " bad=0");
            assertThat(py.awaitLine("DONE")).isEqualTo("DONE " + PER_PROCESS + " bad=0");
            assertThat(sampler.awaitLine("SAMPLED")).isEqualTo("SAMPLED " + PER_PROCESS + " bad=0");
            for (ChildJvm child : children) {
                child.awaitSuccess();
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH);
        long count = lock.call(Duration.ofSeconds(5), null,
                () -> lock.region().getLong(PythonMmapWorker.COUNTER_AT), null);
        assertThat(count).isEqualTo(2L * PER_PROCESS);
        assertThat(lock.flagSet()).isFalse();
    }

    @Test
    void aPythonHolderExcludesJavaAndItsFlagReadsOneUntilItReleases() {
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH);
        try (ChildJvm holder = python.start("hold", file, LENGTH)) {
            holder.awaitLine("HELD");
            assertThat(lock.tryLock()).isFalse();
            assertThat(lock.owner()).get().extracting(LockOwner::isKnown).isEqualTo(false);
            assertThat(peek()).isEqualTo("FLAG 1");
            assertThat(lock.flagSet()).isTrue();
            holder.send("go");
            holder.awaitLine("RELEASED");
            holder.awaitSuccess();
        }
        assertThat(peek()).isEqualTo("FLAG 0");
        assertThat(lock.tryLock()).isTrue();
        lock.unlock();
    }

    @Test
    void aJavaWaiterBlocksInTheKernelOnThePythonHoldersLockFileAndGetsTheLockAtItsRelease() throws Exception {
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH);
        String waiterThread = KernelWait.threadName(PythonRegionFile.exclusionFile(file.toRealPath()));
        try (ChildJvm holder = python.start("hold", file, LENGTH)) {
            holder.awaitLine("HELD");
            CompletableFuture<Boolean> acquired = CompletableFuture.supplyAsync(() -> {
                try (HeldLock held = lock.acquire(ChildJvm.WAIT)) {
                    return lock.flagSet();
                }
            });
            // The wait is the FileLock's on <file>.lock: one thread blocked in flock, no polling.
            await().atMost(ChildJvm.WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals(waiterThread)));
            assertThat(acquired).isNotDone();
            holder.send("go");
            holder.awaitLine("RELEASED");
            assertThat(acquired.get(ChildJvm.WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("held, flag set").isTrue();
            holder.awaitSuccess();
        }
    }

    @Test
    void aJavaHolderExcludesPythonAndItsFlagReadsOneUntilItReleases() {
        try (ChildJvm holder = ChildJvm.java(PythonMmapWorker.class, "hold", file, LENGTH)) {
            holder.awaitLine("HELD");
            assertThat(peek()).isEqualTo("FLAG 1");
            try (ChildJvm attempt = python.start("try", file, LENGTH)) {
                assertThat(attempt.awaitLine("")).isEqualTo("BUSY");
                attempt.awaitSuccess();
            }
            holder.send("go");
            holder.awaitLine("RELEASED");
            holder.awaitSuccess();
        }
        assertThat(peek()).isEqualTo("FLAG 0");
    }

    @Test
    void aJavaHolderKilledInsideItsHoldLeavesTheFlagAtOneAndTheNextHolderIsToldOfTheCrash() throws Exception {
        try (ChildJvm holder = ChildJvm.java(PythonMmapWorker.class, "hold", file, LENGTH)) {
            holder.awaitLine("HELD");
            holder.kill();
        }
        PythonMmapLock lock = PythonMmapLock.of(file, LENGTH);
        assertThat(lock.call(Duration.ofSeconds(5), null, () -> lock.region().recoveredFromCrash(), null))
                .as("the OS released the flock; the flag still said held").isTrue();
        assertThat(peek()).isEqualTo("FLAG 0");
    }

    private ChildJvm javaCounter() {
        return ChildJvm.java(PythonMmapWorker.class, "count", file, LENGTH, PER_PROCESS);
    }

    private String peek() {
        try (ChildJvm peek = python.start("peek", file)) {
            String line = peek.awaitLine("FLAG");
            peek.awaitSuccess();
            return line;
        }
    }
}
