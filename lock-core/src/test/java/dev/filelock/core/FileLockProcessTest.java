package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cross-process half of the contract, with real child JVMs, for both mechanisms. */
class FileLockProcessTest {

    static final int PROCESSES = 4;
    static final int ITERATIONS = 250;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void processesIncrementingOneCounterLoseNoUpdate(String kind) throws Exception {
        Path lockFile = dir.resolve("counter.lock");
        Path counter = Files.writeString(dir.resolve("counter.txt"), "0");
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                children.add(ChildJvm.java(LockWorker.class, "count", kind, lockFile, counter, ITERATIONS));
            }
            for (ChildJvm child : children) {
                child.awaitSuccess();
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        assertThat(Long.parseLong(Files.readString(counter).trim())).isEqualTo((long) PROCESSES * ITERATIONS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aLockHeldByAnotherProcessIsRefusedAndItsOwnerNamed(String kind) throws Exception {
        Path lockFile = dir.resolve("held.lock");
        InterProcessLock lock = LockWorker.open(kind, lockFile);
        try (ChildJvm holder = ChildJvm.java(LockWorker.class, "hold", kind, lockFile)) {
            holder.awaitLine("ACQUIRED");
            assertThat(lock.tryLock()).isFalse();
            LockOwner owner = lock.owner().orElseThrow();
            assertThat(owner.pid()).isEqualTo(holder.pid());
            assertThat(owner.thread()).isEqualTo("main");
            holder.send("release");
            holder.awaitLine("RELEASED");
            holder.awaitSuccess();
        }
        assertThat(lock.owner()).isEmpty();
        assertThat(lock.acquire(ChildJvm.WAIT).lock().isHeldByCurrentThread()).isTrue();
        lock.unlock();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aKilledHolderReleasesTheLock(String kind) throws Exception {
        Path lockFile = dir.resolve("killed.lock");
        InterProcessLock lock = LockWorker.open(kind, lockFile);
        try (ChildJvm holder = ChildJvm.java(LockWorker.class, "hold", kind, lockFile)) {
            holder.awaitLine("ACQUIRED");
            assertThat(lock.tryLock()).isFalse();
            holder.kill();
        }
        try (HeldLock held = lock.acquire(ChildJvm.WAIT)) {
            assertThat(lock.isHeldByCurrentThread()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void interruptingAWaiterDoesNotDropTheLockOfAnotherThread(String kind) throws Exception {
        Path lockFile = dir.resolve("interrupt.lock");
        InterProcessLock lock = LockWorker.open(kind, lockFile);
        lock.lock();
        try {
            Thread waiter = new Thread(() -> {
                try {
                    lock.lockInterruptibly();
                    lock.unlock();
                } catch (InterruptedException expected) {
                    // The point of the test is what this did to the holder's lock.
                }
            });
            waiter.start();
            InterProcessLockContract.awaitWaiting(waiter);
            waiter.interrupt();
            waiter.join(ChildJvm.WAIT.toMillis());
            // Closing an interrupted FileChannel would have dropped this JVM's lock on the file.
            Thread.currentThread().interrupt();
            assertThat(lock.tryLock()).isTrue();
            lock.unlock();
            assertThat(Thread.interrupted()).isTrue();
            try (ChildJvm other = ChildJvm.java(LockWorker.class, "try", kind, lockFile, 300)) {
                assertThat(other.awaitLine("BUSY")).startsWith("BUSY pid " + ProcessHandle.current().pid());
                other.awaitSuccess();
            }
        } finally {
            lock.unlock();
        }
    }

    @Test
    void thePosixMechanismAndFileChannelLockInAnotherProgramExcludeEachOther() throws Exception {
        Path lockFile = dir.resolve("channel.lock");
        InterProcessLock lock = LockWorker.open("posix", lockFile);
        try (ChildJvm other = ChildJvm.java(LockWorker.class, "channel-hold", lockFile)) {
            other.awaitLine("ACQUIRED");
            assertThat(lock.tryLock()).isFalse();
            other.send("release");
            try (HeldLock held = lock.acquire(ChildJvm.WAIT)) {
                other.awaitSuccess();
                try (ChildJvm tryer = ChildJvm.java(LockWorker.class, "channel-try", lockFile)) {
                    tryer.awaitSuccess();
                    assertThat(tryer.output()).contains("BUSY").doesNotContain("ACQUIRED");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aTimeoutInAnotherProcessNamesThisHolder(String kind) throws Exception {
        Path lockFile = dir.resolve("named.lock");
        InterProcessLock lock = LockWorker.open(kind, lockFile);
        try (HeldLock held = lock.acquire(Duration.ofSeconds(5));
                ChildJvm other = ChildJvm.java(LockWorker.class, "try", kind, lockFile, 50)) {
            assertThat(other.awaitLine("BUSY"))
                    .contains("pid " + ProcessHandle.current().pid())
                    .contains("thread " + Thread.currentThread().getName());
            other.awaitSuccess();
        }
    }
}
