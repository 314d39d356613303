package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every lock kind promises within one JVM (see {@link InterProcessLock}). A kind's test
 * subclasses this and says how to make its lock; the cross-process half of the contract lives in
 * each kind's process tests, which need real child JVMs.
 */
public abstract class InterProcessLockContract {

    @TempDir
    protected Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    /** The lock of this kind on {@code file}. */
    protected abstract InterProcessLock newLock(Path file);

    protected InterProcessLock newLock() {
        return newLock(dir.resolve("contract.lock"));
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("test threads ended").isTrue();
    }

    @Test
    void holderIsTheThreadThatLocked() {
        InterProcessLock lock = newLock();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        lock.lock();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        assertThat(lock.holdCount()).isEqualTo(1);
        lock.unlock();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        assertThat(lock.holdCount()).isZero();
    }

    @Test
    void isReentrantAndReleasedOnlyByTheLastUnlock() throws Exception {
        InterProcessLock lock = newLock();
        lock.lock();
        lock.lock();
        assertThat(lock.holdCount()).isEqualTo(2);
        lock.unlock();
        assertThat(lock.isHeldByCurrentThread()).isTrue();
        assertThat(booleanInOtherThread(lock::tryLock)).as("still held after one of two unlocks").isFalse();
        lock.unlock();
        assertThat(booleanInOtherThread(() -> tryAndRelease(lock))).as("free after the last unlock").isTrue();
    }

    @Test
    void unlockByAThreadThatDoesNotHoldItIsRefused() throws Exception {
        InterProcessLock lock = newLock();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class)
                .hasMessageContaining("does not hold");
        lock.lock();
        try {
            Throwable fromOther = inOtherThread(() -> {
                try {
                    lock.unlock();
                    return null;
                } catch (IllegalMonitorStateException e) {
                    return e;
                }
            });
            assertThat(fromOther).isInstanceOf(IllegalMonitorStateException.class);
            assertThat(lock.isHeldByCurrentThread()).isTrue();
        } finally {
            lock.unlock();
        }
    }

    @Test
    void threadsExcludeEachOther() throws Exception {
        InterProcessLock lock = newLock();
        int threads = 6;
        int iterations = 300;
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < iterations; i++) {
                    lock.lock();
                    try {
                        if (inside.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        int read = counter[0];
                        Thread.yield();
                        counter[0] = read + 1;
                        inside.decrementAndGet();
                    } finally {
                        lock.unlock();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(overlaps.get()).isZero();
        lock.lock();
        try {
            assertThat(counter[0]).isEqualTo(threads * iterations);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void tryLockDoesNotWaitForAnotherHolder() throws Exception {
        InterProcessLock lock = newLock();
        try (Holder holder = new Holder(lock, "holder")) {
            assertThat(lock.tryLock()).isFalse();
            assertThat(lock.tryLock(20, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(lock.isHeldByCurrentThread()).isFalse();
        }
        assertThat(tryAndRelease(lock)).isTrue();
    }

    @Test
    void timeoutNamesTheFileTheWaitAndTheHolder() throws Exception {
        InterProcessLock lock = newLock();
        try (Holder ignored = new Holder(lock, "worker-1")) {
            assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(150)))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining(lock.path().toString())
                    .hasMessageContaining("not acquired within 150ms")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("thread worker-1");
        }
        assertThat(lock.isHeldByCurrentThread()).isFalse();
    }

    @Test
    void acquireReturnsAHoldThatTryWithResourcesReleasesOnce() {
        InterProcessLock lock = newLock();
        try (HeldLock outer = lock.acquire(Duration.ofSeconds(5))) {
            HeldLock inner = lock.acquire(Duration.ZERO);
            inner.close();
            inner.close();
            assertThat(lock.holdCount()).as("closing one hold twice releases it once").isEqualTo(1);
            assertThat(outer.lock()).isSameAs(lock);
        }
        assertThat(lock.holdCount()).isZero();
    }

    @Test
    void anInterruptedWaiterStopsWaitingAndTheHolderKeepsTheLock() throws Exception {
        InterProcessLock lock = newLock();
        try (Holder holder = new Holder(lock, "holder")) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    lock.lockInterruptibly();
                    lock.unlock();
                } catch (Throwable e) {
                    outcome.set(e);
                }
            }, "waiter");
            waiter.start();
            awaitWaiting(waiter);
            waiter.interrupt();
            waiter.join(ChildJvm.WAIT.toMillis());
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            assertThat(holder.stillHolds()).isTrue();
            assertThat(lock.owner()).get().extracting(LockOwner::thread).isEqualTo("holder");
        }
    }

    @Test
    void anInterruptedAcquireThrowsLockInterruptedAndKeepsTheInterruptStatus() throws Exception {
        InterProcessLock lock = newLock();
        try (Holder holder = new Holder(lock, "holder")) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            AtomicReference<Boolean> flag = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    lock.acquire(Duration.ofMinutes(5)).close();
                } catch (Throwable e) {
                    outcome.set(e);
                    flag.set(Thread.currentThread().isInterrupted());
                }
            }, "waiter");
            waiter.start();
            awaitWaiting(waiter);
            waiter.interrupt();
            waiter.join(ChildJvm.WAIT.toMillis());
            assertThat(outcome.get()).isInstanceOf(LockInterruptedException.class);
            assertThat(flag.get()).isTrue();
            assertThat(holder.stillHolds()).isTrue();
        }
    }

    @Test
    void aThreadInterruptedBeforeWaitingIsRefusedEvenWhenTheLockIsFree() {
        InterProcessLock lock = newLock();
        Thread.currentThread().interrupt();
        assertThatThrownBy(lock::lockInterruptibly).isInstanceOf(InterruptedException.class);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> lock.tryLock(1, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> lock.acquire(Duration.ofSeconds(1))).isInstanceOf(LockInterruptedException.class);
        assertThat(Thread.interrupted()).as("acquire sets the interrupt status again").isTrue();
        assertThat(lock.isHeldByCurrentThread()).isFalse();
        Thread.currentThread().interrupt();
        try {
            assertThat(lock.tryLock()).as("tryLock() does not look at interrupts").isTrue();
            lock.unlock();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void lockIgnoresInterruptsUntilAcquiredThenRestoresTheStatus() throws Exception {
        InterProcessLock lock = newLock();
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        Thread waiter;
        try (Holder ignored = new Holder(lock, "holder")) {
            waiter = new Thread(() -> {
                lock.lock();
                interruptedAfter.set(Thread.currentThread().isInterrupted());
                lock.unlock();
            }, "waiter");
            waiter.start();
            awaitWaiting(waiter);
            waiter.interrupt();
            assertThat(interruptedAfter.get()).as("still waiting after the interrupt").isNull();
        }
        waiter.join(ChildJvm.WAIT.toMillis());
        assertThat(interruptedAfter.get()).isTrue();
    }

    @Test
    void ownerIsEmptyWhenFreeAndNamesTheHolderWhenHeld() throws Exception {
        InterProcessLock lock = newLock();
        assertThat(lock.owner()).isEmpty();
        try (Holder ignored = new Holder(lock, "owner-thread")) {
            LockOwner owner = lock.owner().orElseThrow();
            assertThat(owner.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(owner.thread()).isEqualTo("owner-thread");
            assertThat(owner.since()).isNotNull();
        }
        assertThat(lock.owner()).isEmpty();
    }

    @Test
    void equivalentPathsShareOneLock() throws Exception {
        Path file = dir.resolve("shared.lock");
        InterProcessLock direct = newLock(file);
        Files.createDirectories(dir.resolve("sub"));
        InterProcessLock dotted = newLock(dir.resolve("sub/../shared.lock"));
        Path linkedDir = Files.createSymbolicLink(dir.resolve("linked"), dir);
        InterProcessLock linked = newLock(linkedDir.resolve("shared.lock"));
        Path finalLink = Files.createSymbolicLink(dir.resolve("link.lock"), file);
        assertThatThrownBy(() -> newLock(finalLink)).as("a link in the lock file's place, even one's own")
                .isInstanceOf(UntrustedPathException.class).hasMessageContaining("symbolic link");
        direct.lock();
        try {
            assertThat(dotted.isHeldByCurrentThread()).isTrue();
            assertThat(linked.isHeldByCurrentThread()).isTrue();
            assertThat(linked.path()).isEqualTo(direct.path());
            assertThat(booleanInOtherThread(dotted::tryLock)).isFalse();
            assertThat(booleanInOtherThread(linked::tryLock)).isFalse();
        } finally {
            direct.unlock();
        }
        assertThat(booleanInOtherThread(() -> tryAndRelease(linked))).isTrue();
    }

    @Test
    void aNegativeAcquireTimeoutWaitsForEverAndANegativeTryLockTimeTriesOnce() throws Exception {
        InterProcessLock lock = newLock();
        AtomicReference<Boolean> result = new AtomicReference<>();
        Thread waiter;
        try (Holder ignored = new Holder(lock, "holder")) {
            assertThat(booleanInOtherThread(() -> lock.tryLock(-5, TimeUnit.SECONDS)))
                    .as("Lock's contract: a time of zero or less does not wait").isFalse();
            waiter = new Thread(() -> {
                try (HeldLock held = lock.acquire(Duration.ofSeconds(-1))) {
                    result.set(lock.isHeldByCurrentThread());
                }
            }, "patient");
            waiter.start();
            awaitWaiting(waiter);
            assertThat(result.get()).as("still waiting, no timeout").isNull();
        }
        waiter.join(ChildJvm.WAIT.toMillis());
        assertThat(result.get()).as("acquired once the holder released").isTrue();
        assertThatThrownBy(() -> lock.acquire(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be null");
        assertThat(lock.isHeldByCurrentThread()).isFalse();
    }

    @Test
    void ensureValidIsForHoldersAndPassesWhileTheFileIsIntact() {
        InterProcessLock lock = newLock();
        assertThatThrownBy(lock::ensureValid).isInstanceOf(IllegalMonitorStateException.class);
        try (HeldLock held = lock.acquire(Duration.ZERO)) {
            lock.ensureValid();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
        }
    }

    @Test
    void anEnormousTimeoutMeansWaitingForEverNotGivingUpAtOnce() throws Exception {
        InterProcessLock lock = newLock();
        Thread waiter;
        AtomicReference<Boolean> result = new AtomicReference<>();
        try (Holder ignored = new Holder(lock, "holder")) {
            waiter = new Thread(() -> {
                try {
                    result.set(lock.tryLock(Long.MAX_VALUE, TimeUnit.DAYS));
                    lock.unlock();
                } catch (InterruptedException e) {
                    result.set(false);
                }
            }, "patient");
            waiter.start();
            awaitWaiting(waiter);
            assertThat(result.get()).as("still waiting").isNull();
        }
        waiter.join(ChildJvm.WAIT.toMillis());
        assertThat(result.get()).isTrue();
        try (HeldLock held = lock.acquire(java.time.temporal.ChronoUnit.FOREVER.getDuration())) {
            assertThat(lock.isHeldByCurrentThread()).isTrue();
        }
    }

    @Test
    void badPathsAreRefusedWithAHint() {
        assertThatThrownBy(() -> newLock(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be null");
        assertThatThrownBy(() -> newLock(Path.of(""))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> newLock(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void conditionsAreNotSupported() {
        assertThatThrownBy(() -> newLock().newCondition()).isInstanceOf(UnsupportedOperationException.class);
    }

    /** Waits (bounded) until {@code t} is blocked or parked, i.e. waiting for the lock. */
    protected static void awaitWaiting(Thread t) {
        await().atMost(ChildJvm.WAIT).until(() -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING);
    }

    protected static boolean tryAndRelease(InterProcessLock lock) {
        if (!lock.tryLock()) {
            return false;
        }
        lock.unlock();
        return true;
    }

    protected <T> T inOtherThread(java.util.concurrent.Callable<T> task) throws Exception {
        return pool.submit(task).get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    protected boolean booleanInOtherThread(java.util.concurrent.Callable<Boolean> task) throws Exception {
        return inOtherThread(task);
    }

    /** A thread of the given name that holds the lock until closed. */
    protected final class Holder implements AutoCloseable {
        private final CountDownLatch acquired = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final InterProcessLock lock;
        private final Future<?> done;
        private volatile boolean holds;

        public Holder(InterProcessLock lock, String threadName) throws InterruptedException {
            this.lock = lock;
            this.done = pool.submit(() -> {
                Thread.currentThread().setName(threadName);
                lock.lock();
                try {
                    holds = true;
                    acquired.countDown();
                    release.await();
                    holds = lock.isHeldByCurrentThread();
                } finally {
                    lock.unlock();
                }
                return null;
            });
            if (!acquired.await(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("holder thread did not get the lock");
            }
        }

        /** Whether the holder thread still holds it (asked from the holder's side on release). */
        public boolean stillHolds() throws Exception {
            return holds && !booleanInOtherThread(lock::tryLock);
        }

        @Override
        public void close() throws Exception {
            release.countDown();
            done.get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
