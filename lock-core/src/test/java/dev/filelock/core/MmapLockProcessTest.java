package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mmap lock between real processes: exclusion, crash take-over, and never robbing the living. */
class MmapLockProcessTest {

    static final int PROCESSES = 4;
    static final int INCREMENTS = 2000;
    private static final Pattern ACQUIRED = Pattern.compile("ACQUIRED recovered=(true|false) gen=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void processesIncrementingALongInTheRegionLoseNoUpdate() {
        Path file = dir.resolve("counter.mmap");
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                children.add(ChildJvm.java(MmapWorker.class, "count", file, INCREMENTS));
            }
            for (ChildJvm child : children) {
                child.awaitSuccess();
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        MmapLock lock = MmapLock.of(file, MmapWorker.LENGTH);
        try (HeldLock held = lock.acquire(ChildJvm.WAIT)) {
            assertThat(lock.region().getLong(0)).isEqualTo((long) PROCESSES * INCREMENTS);
            assertThat(lock.region().generation()).isEqualTo((long) PROCESSES * INCREMENTS + 1);
        }
    }

    @Test
    void aKilledHolderIsTakenOverAndTheNewHolderIsToldOfTheCrash() {
        Path file = dir.resolve("crash.mmap");
        MmapLock lock = MmapLock.of(file, MmapWorker.LENGTH);
        long holderGeneration;
        try (ChildJvm holder = ChildJvm.java(MmapWorker.class, "hold", file)) {
            holderGeneration = Long.parseLong(holder.awaitLine("ACQUIRED").substring("ACQUIRED gen=".length()));
            assertThat(lock.tryLock()).isFalse();
            assertThat(lock.state().owner()).get().extracting(LockOwner::pid).isEqualTo(holder.pid());
            holder.kill();
        }
        assertThat(lock.state().held()).as("the dead holder's flag is still up").isTrue();
        try (HeldLock held = lock.acquire(ChildJvm.WAIT)) {
            assertThat(lock.region().recoveredFromCrash()).isTrue();
            assertThat(lock.region().generation()).isEqualTo(holderGeneration + 1);
            assertThat(lock.state().owner()).get().extracting(LockOwner::pid).isEqualTo(ProcessHandle.current().pid());
        }
        try (HeldLock held = lock.acquire(Duration.ZERO)) {
            assertThat(lock.region().recoveredFromCrash()).as("only the take-over is a recovery").isFalse();
        }
        assertThat(lock.state().held()).isFalse();
    }

    /** {@code ofd}: Linux's open file description locks; {@code channel}: the portable fallback. */
    @ParameterizedTest
    @ValueSource(strings = {"ofd", "channel"})
    void ofSeveralWaitersExactlyOneTakesOverFromAKilledHolder(String slotLocks) {
        Path file = dir.resolve("race.mmap");
        int waiters = 3;
        String slots = "slots=" + slotLocks;
        List<ChildJvm> children = new ArrayList<>();
        try (ChildJvm holder = ChildJvm.java(MmapWorker.class, "hold", file, slots)) {
            long holderGeneration = Long.parseLong(holder.awaitLine("ACQUIRED").substring("ACQUIRED gen=".length()));
            for (int i = 0; i < waiters; i++) {
                children.add(ChildJvm.java(MmapWorker.class, "take", file, ChildJvm.WAIT.toMillis(), slots));
            }
            for (ChildJvm child : children) {
                child.awaitLine("WAITING");
            }
            holder.kill();
            int recovered = 0;
            List<Long> generations = new ArrayList<>();
            for (ChildJvm child : children) {
                Matcher m = ACQUIRED.matcher(child.awaitLine("ACQUIRED"));
                assertThat(m.matches()).isTrue();
                recovered += Boolean.parseBoolean(m.group(1)) ? 1 : 0;
                generations.add(Long.parseLong(m.group(2)));
                child.awaitSuccess();
            }
            assertThat(recovered).as("waiters told they took over from the dead holder").isEqualTo(1);
            assertThat(generations).doesNotHaveDuplicates().allMatch(g -> g > holderGeneration)
                    .hasSize(waiters);
        } finally {
            children.forEach(ChildJvm::close);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ofd", "channel"})
    void aStoppedHolderIsAliveAndNeverRobbed(String slotLocks) throws Exception {
        Path file = dir.resolve("stopped.mmap");
        String slots = "slots=" + slotLocks;
        MmapLock lock = MmapLock.of(file, MmapWorker.LENGTH);
        try (ChildJvm holder = ChildJvm.java(MmapWorker.class, "hold", file, slots)) {
            holder.awaitLine("ACQUIRED");
            signal("STOP", holder.pid());
            try {
                assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(500)))
                        .isInstanceOf(LockTimeoutException.class)
                        .hasMessageContaining("pid " + holder.pid());
                try (ChildJvm other = ChildJvm.java(MmapWorker.class, "take", file, 500, slots)) {
                    assertThat(other.awaitLine("BUSY")).contains("pid " + holder.pid());
                    other.awaitSuccess();
                }
            } finally {
                signal("CONT", holder.pid());
            }
            assertThat(lock.state().owner()).get().extracting(LockOwner::pid).isEqualTo(holder.pid());
            holder.send("release");
            holder.awaitLine("RELEASED");
            holder.awaitSuccess();
        }
        try (HeldLock held = lock.acquire(ChildJvm.WAIT)) {
            assertThat(lock.region().recoveredFromCrash()).isFalse();
        }
    }

    @Test
    void aHolderInAnotherProcessIsNamedAndItsStateVisibleWithoutLocking() {
        Path file = dir.resolve("visible.mmap");
        MmapLock lock = MmapLock.of(file, MmapWorker.LENGTH);
        try (ChildJvm holder = ChildJvm.java(MmapWorker.class, "hold", file)) {
            long generation = Long.parseLong(holder.awaitLine("ACQUIRED").substring("ACQUIRED gen=".length()));
            MmapLockState state = lock.state();
            assertThat(state.held()).isTrue();
            assertThat(state.generation()).isEqualTo(generation);
            LockOwner owner = state.owner().orElseThrow();
            assertThat(owner.pid()).isEqualTo(holder.pid());
            assertThat(owner.thread()).isEqualTo("main");
            assertThat(owner.since()).isNotNull();
            holder.send("release");
            holder.awaitLine("RELEASED");
            holder.awaitSuccess();
        }
        MmapLockState free = lock.state();
        assertThat(free.held()).isFalse();
        assertThat(free.owner()).isEmpty();
    }

    /**
     * A holder in another PID namespace (as in another container sharing the volume) records a pid
     * that means something else here: liveness must come from the kernel's slot locks, not the pid.
     */
    @Test
    void aHolderInAnotherPidNamespaceIsJudgedByTheKernelNotByItsPid() throws Exception {
        assumeTrue(pidNamespacesWork(), "unshare(1) cannot create a PID namespace on this machine");
        Path file = dir.resolve("namespace.mmap");
        MmapLock lock = MmapLock.of(file, MmapWorker.LENGTH);
        List<String> command = new ArrayList<>(List.of("unshare", "--user", "--map-root-user", "--pid", "--fork",
                "--kill-child"));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), MmapWorker.class.getName(),
                "hold", file.toString()));
        try (ChildJvm holder = ChildJvm.command(command)) {
            holder.awaitLine("ACQUIRED");
            LockOwner owner = lock.state().owner().orElseThrow();
            assertThat(owner.pid()).as("the pid the holder has in its own namespace").isEqualTo(1);
            assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(300))).isInstanceOf(LockTimeoutException.class);
            // Kill the JVM inside the namespace itself: killing only unshare(1) lets Java close the
            // holder's stdin, and a holder that reads end of input releases cleanly, racing the kill.
            ProcessHandle java = ProcessHandle.of(holder.pid()).orElseThrow().children().findFirst().orElseThrow();
            signal("KILL", java.pid());
            holder.kill();
        }
        try (HeldLock held = lock.acquire(ChildJvm.WAIT)) {
            assertThat(lock.region().recoveredFromCrash()).isTrue();
        }
    }

    private static boolean pidNamespacesWork() {
        try (ChildJvm probe = ChildJvm.command(List.of("unshare", "--user", "--map-root-user", "--pid", "--fork",
                "--kill-child", "true"))) {
            return probe.awaitExit() == 0;
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        try (ChildJvm kill = ChildJvm.command(List.of("kill", "-" + signal, Long.toString(pid)))) {
            kill.awaitSuccess();
        }
    }
}
