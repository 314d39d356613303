package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, point 2: a lock whose file is deleted, replaced or (mmap) truncated is detected, not
 * silently shared. Nobody can prevent the deletion; the holder learns of it (ensureValid, and at
 * the latest its unlock, which still releases), and an acquisition never reports a file the path
 * no longer names.
 */
class LockLossTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aHolderWhoseFileIsDeletedAndLockedAgainIsToldAtUnlockAndReleases(String kind) throws Exception {
        Path file = dir.resolve("locks/orders.lock");
        try (ChildJvm holder = ChildJvm.java(LockWorker.class, "hold", kind, file)) {
            holder.awaitLine("ACQUIRED");
            Files.delete(file);
            // The split nobody can prevent: a newcomer locks a new file of the same name.
            InterProcessLock newcomer = LockWorker.open(kind, file);
            assertThat(newcomer.tryLock()).isTrue();
            newcomer.unlock();
            holder.send("release");
            // Deleted, then made again by the newcomer: to the holder, another file took its name.
            assertThat(holder.awaitLine("LOST")).contains(file.toString()).contains("was replaced by another file")
                    .contains("The lock is released now").endsWith("held=false");
            holder.awaitSuccess();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aHolderWhoseDirectoryIsRemovedIsToldAtUnlock(String kind) throws Exception {
        Path locks = dir.resolve("locks");
        Path file = locks.resolve("orders.lock");
        try (ChildJvm holder = ChildJvm.java(LockWorker.class, "hold", kind, file)) {
            holder.awaitLine("ACQUIRED");
            deleteTree(locks);
            holder.send("release");
            assertThat(holder.awaitLine("LOST")).contains("was deleted").endsWith("held=false");
            holder.awaitSuccess();
        }
        assertThat(locks).doesNotExist();
        InterProcessLock lock = LockWorker.open(kind, file);
        assertThat(lock.tryLock()).as("the directory and file are made again").isTrue();
        lock.unlock();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aHolderWhoseFileIsReplacedByARenameIsToldAtUnlock(String kind) throws Exception {
        Path file = dir.resolve("orders.lock");
        try (ChildJvm holder = ChildJvm.java(LockWorker.class, "hold", kind, file)) {
            holder.awaitLine("ACQUIRED");
            Path fresh = Files.writeString(dir.resolve("orders.lock.new"), "");
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            holder.send("release");
            assertThat(holder.awaitLine("LOST")).contains("was replaced by another file").endsWith("held=false");
            holder.awaitSuccess();
        }
    }

    /**
     * The acquisition check: a lock that still has the deleted file open must lock the file the
     * path names now, which another process holds; locking the old one would make two holders.
     */
    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void anAcquisitionLocksTheFileThePathNamesNowNotADeletedOne(String kind) throws Exception {
        Path file = dir.resolve("orders.lock");
        InterProcessLock lock = LockWorker.open(kind, file);
        lock.lock();
        lock.unlock();
        Files.delete(file);
        try (ChildJvm holder = ChildJvm.java(LockWorker.class, "hold", kind, file)) {
            holder.awaitLine("ACQUIRED");
            assertThat(lock.tryLock()).as("the new file is held by the child").isFalse();
            assertThat(lock.owner()).get().extracting(LockOwner::pid).isEqualTo(holder.pid());
            holder.send("release");
            assertThat(holder.awaitLine("RELEASED")).isEqualTo("RELEASED");
            holder.awaitSuccess();
        }
        assertThat(lock.tryLock()).isTrue();
        lock.ensureValid();
        lock.unlock();
    }

    /**
     * The same check for a waiter blocked in the kernel on the old file: when that file is freed,
     * it must not report the hold, but wait for the file the path names now.
     */
    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aWaiterInTheKernelOnADeletedFileWaitsForTheNewOneInstead(String kind) throws Exception {
        Path file = dir.resolve("orders.lock");
        InterProcessLock lock = LockWorker.open(kind, file);
        AtomicReference<Throwable> validity = new AtomicReference<>();
        CountDownLatch acquired = new CountDownLatch(1);
        try (ChildJvm first = ChildJvm.java(LockWorker.class, "hold", kind, file)) {
            first.awaitLine("ACQUIRED");
            Thread waiter = new Thread(() -> {
                try (HeldLock held = lock.acquire(ChildJvm.WAIT)) {
                    try {
                        lock.ensureValid();
                    } catch (Throwable e) {
                        validity.set(e);
                    }
                    acquired.countDown();
                }
            }, "waiter");
            waiter.start();
            InterProcessLockContract.awaitWaiting(waiter);
            Files.delete(file);
            try (ChildJvm second = ChildJvm.java(LockWorker.class, "hold", kind, file)) {
                second.awaitLine("ACQUIRED");
                first.send("release");
                assertThat(first.awaitLine("")).startsWith("LOST");
                second.send("release");
                assertThat(second.awaitLine("RELEASED")).isEqualTo("RELEASED");
            }
            assertThat(acquired.await(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            waiter.join(ChildJvm.WAIT.toMillis());
        }
        assertThat(validity.get()).as("the waiter holds the file the path names").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void ensureValidReportsALossAndKeepsTheHoldUntilUnlock(String kind) throws Exception {
        Path file = dir.resolve("orders.lock");
        InterProcessLock lock = LockWorker.open(kind, file);
        lock.lock();
        Files.delete(file);
        assertThatThrownBy(lock::ensureValid)
                .isInstanceOf(LockLostException.class)
                .hasMessageContaining("was deleted")
                .hasMessageContaining("Release the lock and acquire it again");
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        assertThatThrownBy(lock::unlock).isInstanceOf(LockLostException.class).hasMessageContaining("released now");
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        assertThat(lock.tryLock()).as("the next hold is on a new file, and valid").isTrue();
        lock.ensureValid();
        lock.unlock();
        assertThat(file).exists();
    }

    /**
     * A release asks the held descriptor for its link count, which drops to 0 when the file's last
     * name goes: a file deleted during even the shortest hold is reported by that hold's release,
     * also in a tight run of holds where the path is not looked up.
     */
    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aFileDeletedDuringAShortHoldIsReportedByItsOwnRelease(String kind) throws Exception {
        Path file = dir.resolve("orders.lock");
        InterProcessLock lock = LockWorker.open(kind, file);
        for (int i = 0; i < 1_000; i++) {
            lock.lock();
            lock.unlock();
        }
        lock.lock();
        Files.delete(file);
        assertThatThrownBy(lock::unlock).isInstanceOf(LockLostException.class).hasMessageContaining("was deleted");
        assertThat(lock.tryLock()).as("the next hold is on a new file").isTrue();
        lock.unlock();
        assertThat(file).exists();
    }

    /**
     * What the link count cannot show, a file renamed away (its one name moved, not removed), the
     * path look-up finds, made by a release or an acquisition when none was for the check period:
     * short holds find out within that period, however fast they come, and a release reports it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aFileRenamedAwayDuringShortHoldsIsReportedByAReleaseWithinTheCheckPeriod(String kind) throws Exception {
        Path file = dir.resolve("orders.lock");
        InterProcessLock lock = LockWorker.open(kind, file);
        lock.lock();
        Files.move(file, dir.resolve("orders.lock.old"));
        assertThat(lossReportedByShortHolds(lock)).contains("was deleted");
        assertThat(lock.tryLock()).isTrue();
        lock.unlock();
        assertThat(file).as("made again").exists();
    }

    /**
     * The same for a file replaced while a hard link keeps it: its link count stays 1, only the
     * path shows that another file took its name.
     */
    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aFileReplacedWhileAHardLinkKeepsItIsReportedByAReleaseWithinTheCheckPeriod(String kind) throws Exception {
        Path file = dir.resolve("orders.lock");
        InterProcessLock lock = LockWorker.open(kind, file);
        lock.lock();
        Files.createLink(dir.resolve("orders.lock.link"), file);
        Path fresh = Files.writeString(dir.resolve("orders.lock.new"), "");
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(lossReportedByShortHolds(lock)).contains("was replaced by another file");
        assertThat(lock.isHeldByCurrentThread()).isFalse();
    }

    // Releases the hold the caller took, then holds and releases at once until a release reports a
    // loss (with a deadline, which only a broken check reaches); returns the report.
    private static String lossReportedByShortHolds(InterProcessLock lock) {
        long deadline = System.nanoTime() + ChildJvm.WAIT.toNanos();
        while (true) {
            try {
                lock.unlock();
            } catch (LockLostException lost) {
                assertThat(lost).hasMessageContaining("The lock is released now");
                return lost.getMessage();
            }
            assertThat(System.nanoTime() - deadline).as("no release reported the loss within %s", ChildJvm.WAIT)
                    .isNegative();
            lock.lock();
        }
    }

    @Test
    void anMmapHolderWhoseFileIsDeletedIsToldAtUnlockAndOfGivesANewLock() throws Exception {
        Path file = dir.resolve("window.mmap");
        MmapLock lock = MmapLock.of(file, 64);
        lock.lock();
        lock.region().putLong(0, 42);
        Files.delete(file);
        assertThatThrownBy(lock::ensureValid).isInstanceOf(LockLostException.class).hasMessageContaining("was deleted");
        assertThatThrownBy(lock::unlock).isInstanceOf(LockLostException.class).hasMessageContaining("was deleted");
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        assertThatThrownBy(lock::tryLock).isInstanceOf(LockException.class)
                .hasMessageContaining("Obtain a new lock with MmapLock.of");
        MmapLock fresh = MmapLock.of(file, 64);
        assertThat(fresh).isNotSameAs(lock);
        try (HeldLock held = fresh.acquire(java.time.Duration.ZERO)) {
            assertThat(fresh.region().getLong(0)).as("a new, zeroed file").isZero();
        }
    }

    @Test
    void anMmapFileDeletedDuringShortHoldsIsReportedByAReleaseWithinTheCheckPeriod() throws Exception {
        Path file = dir.resolve("short.mmap");
        MmapLock lock = MmapLock.of(file, 64);
        lock.lock();
        lock.unlock();
        Files.delete(file);
        // A release stats the path only if none did for the check period: short holds find out
        // at the first release after it, however fast they come.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int holds = 0;
        while (true) {
            lock.lock();
            holds++;
            try {
                lock.unlock();
            } catch (LockLostException lost) {
                assertThat(lost).hasMessageContaining("was deleted");
                break;
            }
            assertThat(System.nanoTime() - deadline).as("no release reported the loss within 30 s").isNegative();
        }
        assertThat(holds).isPositive();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        assertThatThrownBy(lock::tryLock).isInstanceOf(LockException.class)
                .hasMessageContaining("Obtain a new lock with MmapLock.of");
    }

    @Test
    void anMmapHolderWhoseFileIsReplacedInAnotherProcessIsToldAtUnlock() throws Exception {
        Path file = dir.resolve("window.mmap");
        try (ChildJvm holder = ChildJvm.java(MmapWorker.class, "hold", file)) {
            holder.awaitLine("ACQUIRED");
            Path other = dir.resolve("other.mmap");
            MmapLock.of(other, MmapWorker.LENGTH);
            Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            holder.send("release");
            assertThat(holder.awaitLine("LOST")).contains("was replaced by another file").endsWith("held=false");
            holder.awaitSuccess();
        }
    }

    @Test
    void anMmapHolderWhoseFileIsTruncatedInAnotherProcessIsToldAtUnlock() throws Exception {
        Path file = dir.resolve("window.mmap");
        try (ChildJvm holder = ChildJvm.java(MmapWorker.class, "hold", file)) {
            holder.awaitLine("ACQUIRED");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(1000);
            }
            holder.send("release");
            assertThat(holder.awaitLine("LOST")).contains("was truncated to 1000 bytes").endsWith("held=false");
            assertThat(holder.awaitExit()).as("nothing touched the pages the file lost").isZero();
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
