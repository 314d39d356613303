package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The life of {@link KernelWait}'s waiter thread, against a holder in a real child JVM: it exists
 * only while someone waits (and briefly after), one per lock, never keeps the OS lock for a thread
 * that gave up, ends a wait at an interrupt, and ends with the lock object.
 */
class KernelWaitTest {

    /**
     * A turn comes at the first give-way (1 or 2 holds, also at a load average of 30), or at one of
     * the next few when the child wakes slowly. Without giving way: 17 to 87 holds at that load,
     * about 500 on a quiet machine.
     */
    private static final int MAX_HOLDS_BEFORE_A_TURN = 100;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aTimedOutWaiterDoesNotKeepTheLockAndItsThreadEnds(String kind) {
        Path lockFile = dir.resolve("timeout.lock");
        InterProcessLock lock = LockWorker.open(kind, lockFile);
        try (ChildJvm holder = ChildJvm.java(LockWorker.class, "hold", kind, lockFile)) {
            holder.awaitLine("ACQUIRED");
            assertThat(tryFor(lock, 50)).isFalse();
            assertThat(waiterThreads(lock)).as("still blocked in the kernel for the holder").hasSize(1);
            holder.send("release");
            holder.awaitSuccess();
        }
        // The waiter got the lock after the release; with nobody waiting any more it let it go.
        try (ChildJvm other = ChildJvm.java(LockWorker.class, "try", kind, lockFile, ChildJvm.WAIT.toMillis())) {
            other.awaitSuccess();
            assertThat(other.output()).contains("ACQUIRED");
        }
        awaitNoWaiterThread(lock);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void manyWaitingThreadsShareOneWaiterThreadAndTheLockGoesToOneOfThem(String kind) throws Exception {
        Path lockFile = dir.resolve("many.lock");
        InterProcessLock lock = LockWorker.open(kind, lockFile);
        int threads = 4;
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> waiters = Stream.generate(() -> new Thread(() -> {
            try {
                if (lock.tryLock(ChildJvm.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    lock.unlock();
                    done.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).limit(threads).toList();
        try (ChildJvm holder = ChildJvm.java(LockWorker.class, "hold", kind, lockFile)) {
            holder.awaitLine("ACQUIRED");
            waiters.forEach(Thread::start);
            waiters.forEach(InterProcessLockContract::awaitWaiting);
            await().atMost(ChildJvm.WAIT).until(() -> waiterThreads(lock).size() == 1);
            assertThat(waiterThreads(lock)).as("one OS-level waiter per lock").hasSize(1);
            holder.send("release");
            holder.awaitSuccess();
            assertThat(done.await(ChildJvm.WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("every waiter got the lock").isTrue();
        }
        awaitNoWaiterThread(lock);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void anInterruptEndsAWaitInTheKernelAndTheOwnerIsStillReadable(String kind) throws Exception {
        Path lockFile = dir.resolve("interrupt.lock");
        InterProcessLock lock = LockWorker.open(kind, lockFile);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        try (ChildJvm holder = ChildJvm.java(LockWorker.class, "hold", kind, lockFile)) {
            holder.awaitLine("ACQUIRED");
            Thread waiter = new Thread(() -> {
                try {
                    lock.lockInterruptibly();
                    lock.unlock();
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            waiter.start();
            InterProcessLockContract.awaitWaiting(waiter);
            await().atMost(ChildJvm.WAIT).until(() -> waiterThreads(lock).size() == 1);
            // Read from the record: probing with the open file the waiter blocks on would be unsafe.
            assertThat(lock.owner()).get().extracting(LockOwner::pid).isEqualTo(holder.pid());
            waiter.interrupt();
            waiter.join(ChildJvm.WAIT.toMillis());
            assertThat(waiter.isAlive()).isFalse();
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            assertThat(lock.tryLock()).as("the holder still holds it").isFalse();
            holder.send("release");
            holder.awaitSuccess();
        }
        try (HeldLock held = lock.acquire(ChildJvm.WAIT)) {
            assertThat(lock.isHeldByCurrentThread()).isTrue();
        }
        awaitNoWaiterThread(lock);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void aCollectedLockEndsItsBlockedWaiterAndClosesItsFileOnceTheHolderReleases(String kind) {
        Path lockFile = dir.resolve("collected.lock");
        try (ChildJvm holder = ChildJvm.java(LockWorker.class, "hold", kind, lockFile)) {
            holder.awaitLine("ACQUIRED");
            WeakReference<InterProcessLock> collected = waitOnceAndForget(kind, lockFile);
            await().atMost(ChildJvm.WAIT).until(() -> {
                System.gc();
                return collected.get() == null;
            });
            holder.send("release");
            holder.awaitSuccess();
        }
        await().atMost(ChildJvm.WAIT).untilAsserted(() -> {
            System.gc();
            assertThat(threadsNamed(KernelWait.threadName(lockFile.toRealPath()))).isEmpty();
            assertThat(openDescriptorsOf(lockFile)).as("descriptors of the lock file still open").isZero();
        });
        try (ChildJvm other = ChildJvm.java(LockWorker.class, "try", kind, lockFile, ChildJvm.WAIT.toMillis())) {
            other.awaitSuccess();
            assertThat(other.output()).contains("ACQUIRED");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock", "posix"})
    void closingAWaitWhileItsCallIsBlockedDefersClosingTheFileToTheWaiterThread(String kind) throws Exception {
        Path lockFile = dir.resolve("closed.lock").toAbsolutePath();
        Files.createFile(lockFile);
        Path real = lockFile.toRealPath();
        KernelWait wait = new KernelWait(real, kind.equals("posix") ? FlockFile.recordLock(real, true, LockSharing.PRIVATE)
                : new FlockFile(real, true, LockSharing.PRIVATE));
        try (ChildJvm holder = ChildJvm.java(LockWorker.class, "hold", kind, real)) {
            holder.awaitLine("ACQUIRED");
            assertThat(wait.tryAcquire(0)).isFalse();
            assertThat(wait.await(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50), false, true)).isFalse();
            wait.close();
            assertThat(threadsNamed(KernelWait.threadName(real))).as("blocked until the holder releases").hasSize(1);
            assertThat(openDescriptorsOf(real)).as("kept open for the blocked call").isEqualTo(1);
            holder.send("release");
            holder.awaitSuccess();
        }
        await().atMost(ChildJvm.WAIT).untilAsserted(() -> {
            assertThat(threadsNamed(KernelWait.threadName(real))).isEmpty();
            assertThat(openDescriptorsOf(real)).isZero();
        });
    }

    /**
     * Taking turns: the kernel wakes a process blocked for a flock at the release but hands it
     * nothing, so a loop that releases and asks again at once took the lock back before the woken
     * child ran, about 499 times in 500 (0.04x Python's handoffs). Now the loop lets a waiter that
     * announced itself in: the child, blocked in the kernel, gets the lock within a few holds.
     * Counted, not timed: under the lock the loop reads the counter the child increments once.
     */
    @Test
    void aLoopThatReleasesAndAsksAgainAtOnceLetsAProcessBlockedInTheKernelIn() throws Exception {
        Path lockFile = dir.resolve("turns.lock");
        Path counter = Files.writeString(dir.resolve("counter"), "0");
        InterProcessLock lock = LockWorker.open("flock", lockFile);
        lock.lock();
        try (ChildJvm child = ChildJvm.java(LockWorker.class, "count", "flock", lockFile, counter, 1)) {
            await().atMost(ChildJvm.WAIT).until(() -> blockedInTheKernel(child.pid()));
            int holds = 0;
            while (Files.readString(counter).equals("0")) {
                assertThat(holds).as("holds before the child blocked in the kernel got the lock")
                        .isLessThan(MAX_HOLDS_BEFORE_A_TURN);
                lock.unlock();
                lock.lock();
                holds++;
            }
            lock.unlock();
            assertThat(child.awaitLine("DONE")).isEqualTo("DONE 1");
            child.awaitSuccess();
            assertThat(holds).as("the child got in only after this loop released").isPositive();
        }
    }

    /** Whether {@code /proc/locks} shows a flock request of {@code pid} blocked behind a holder. */
    private static boolean blockedInTheKernel(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/locks")).stream()
                .anyMatch(line -> line.contains("-> FLOCK") && line.contains(" " + pid + " "));
    }

    private static WeakReference<InterProcessLock> waitOnceAndForget(String kind, Path lockFile) {
        InterProcessLock lock = LockWorker.open(kind, lockFile);
        assertThat(tryFor(lock, 50)).isFalse();
        assertThat(waiterThreads(lock)).hasSize(1);
        return new WeakReference<>(lock);
    }

    private static boolean tryFor(InterProcessLock lock, long millis) {
        try {
            return lock.tryLock(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitNoWaiterThread(InterProcessLock lock) {
        await().atMost(ChildJvm.WAIT).until(() -> waiterThreads(lock).isEmpty());
    }

    static List<Thread> waiterThreads(InterProcessLock lock) {
        return threadsNamed(KernelWait.threadName(lock.path()));
    }

    private static List<Thread> threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).toList();
    }

    // Linux: the entries of /proc/self/fd that point at the file.
    private static long openDescriptorsOf(Path file) throws IOException {
        Path real = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(real);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }
}
