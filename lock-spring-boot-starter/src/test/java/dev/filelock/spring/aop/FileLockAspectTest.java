package dev.filelock.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.aspectj.AspectJExpressionPointcut;
import org.springframework.aop.aspectj.annotation.AspectJProxyFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import dev.filelock.core.LockInterruptedException;
import dev.filelock.core.LockTimeoutException;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.LockHolder;
import dev.filelock.spring.LockHook;
import dev.filelock.spring.LockType;
import dev.filelock.spring.aop.Services.Order;
import dev.filelock.spring.aop.Services.Orders;
import dev.filelock.spring.autoconfigure.TestFileLocks;
import dev.filelock.spring.metrics.LockMetrics;

/** The aspect on a plain proxy, without an application context. */
class FileLockAspectTest {

    @TempDir
    Path dir;

    FileLocks locks;
    Orders target = new Orders();
    Orders orders;
    FileLockAspect aspect;
    AtomicReference<RuntimeException> prefixFailure = new AtomicReference<>();
    AtomicReference<RuntimeException> suffixFailure = new AtomicReference<>();

    @BeforeEach
    void proxy() {
        locks = TestFileLocks.of(List.of(new DeclaredLock("orders", LockType.FILE, dir.resolve("orders.lock"), 0,
                Duration.ofSeconds(30), null, null, "orders", true)));
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("recordingPrefix", (LockHook) context -> {
            target.calls.add("prefix " + context.lockName() + " held=" + locks.lock("orders").isHeldByCurrentThread());
            if (prefixFailure.get() != null) {
                throw prefixFailure.get();
            }
        });
        beans.registerSingleton("recordingSuffix", (LockHook) context -> {
            target.calls.add("suffix held=" + locks.lock("orders").isHeldByCurrentThread());
            if (suffixFailure.get() != null) {
                throw suffixFailure.get();
            }
        });
        beans.registerSingleton("regionUser", (LockHook) context -> context.region());
        LockedMethods methods = new LockedMethods(locks, beans, true);
        AspectJProxyFactory factory = new AspectJProxyFactory(target);
        factory.setProxyTargetClass(true);
        aspect = new FileLockAspect(new LockedMethodInvoker(methods, locks, LockMetrics.NONE, new ActiveHolds()), 0);
        factory.addAspect(aspect);
        orders = factory.getProxy();
        target.self = orders;
    }

    @Test
    void runsTheMethodAndReleasesTheLock() {
        assertThat(orders.settle(new Order("1"))).isEqualTo("settled 1");
        assertThat(target.calls).containsExactly("settle 1");
        assertThat(locks.lock("orders").isHeldByCurrentThread()).isFalse();
        assertThat(LockHolder.isFree(locks.lock("orders"))).isTrue();
    }

    @Test
    void failsWithTheLockNameAndHolderWhenTheLockIsBusy() throws Exception {
        try (var holder = new LockHolder(locks.lock("orders"))) {
            assertThatThrownBy(orders::failIfBusy)
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("Lock 'orders'")
                    .hasMessageContaining(dir.resolve("orders.lock").toRealPath().toString())
                    .hasMessageContaining("held by pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("test-lock-holder");
        }
        assertThat(target.calls).isEmpty();
    }

    @Test
    void skipsTheMethodAndReturnsNullOrEmptyWhenTheLockIsBusy() throws Exception {
        try (var holder = new LockHolder(locks.lock("orders"))) {
            assertThat(orders.skipIfBusy()).isNull();
            assertThat(orders.optionalSkipIfBusy()).isEmpty();
        }
        assertThat(target.calls).isEmpty();
        assertThat(orders.skipIfBusy()).isEqualTo("ran");
    }

    @Test
    void aKeySplitsTheLockIntoOneLockPerKey() throws Exception {
        try (var holder = new LockHolder(locks.lock("orders", "1"))) {
            assertThat(orders.settleByKey(new Order("2"))).isEqualTo("settled 2");
            assertThatThrownBy(() -> orders.settleByKey(new Order("1")))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("Lock 'orders' key '1'");
        }
        assertThat(target.calls).containsExactly("settleByKey 2");
        assertThat(locks.lock("orders", "1").file().orElseThrow().getParent()).isEqualTo(dir.resolve("orders.lock.keys").toRealPath());
    }

    @Test
    void hooksRunRightAfterAcquiringAndRightBeforeReleasing() {
        orders.hooked(false);
        assertThat(target.calls).containsExactly("prefix orders held=true", "method", "suffix held=true");
    }

    @Test
    void theSuffixRunsAndTheMethodsExceptionReachesTheCallerUnchangedWhenTheMethodThrows() {
        assertThatThrownBy(() -> orders.hooked(true))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("business failure")
                .hasNoSuppressedExceptions();
        assertThat(target.calls).containsExactly("prefix orders held=true", "method", "suffix held=true");
        assertThat(LockHolder.isFree(locks.lock("orders"))).isTrue();
    }

    @Test
    void aFailingPrefixStopsTheCallAndReleasesTheLock() {
        prefixFailure.set(new IllegalArgumentException("prefix failed"));
        assertThatThrownBy(() -> orders.hooked(false)).hasMessage("prefix failed");
        assertThat(target.calls).containsExactly("prefix orders held=true");
        assertThat(LockHolder.isFree(locks.lock("orders"))).isTrue();
    }

    @Test
    void aFailingSuffixIsSuppressedByTheMethodsException() {
        suffixFailure.set(new IllegalArgumentException("suffix failed"));
        assertThatThrownBy(() -> orders.hooked(true))
                .hasMessage("business failure")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("suffix failed"));
        assertThat(LockHolder.isFree(locks.lock("orders"))).isTrue();
    }

    @Test
    void aFailingSuffixAfterASuccessfulMethodReachesTheCaller() {
        suffixFailure.set(new IllegalArgumentException("suffix failed"));
        assertThatThrownBy(() -> orders.hooked(false)).hasMessage("suffix failed");
        assertThat(LockHolder.isFree(locks.lock("orders"))).isTrue();
    }

    @Test
    void aCompletionStageHoldsTheLockUntilTheWorkCompletes() throws Exception {
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> result = orders.later("a", work);

        assertThat(result).isNotDone();
        assertThat(LockHolder.isFree(locks.lock("orders", "a"))).as("held by the starter's holder thread").isFalse();
        work.complete("done");

        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(LockHolder.isFree(locks.lock("orders", "a"))).isTrue();
    }

    @Test
    void aFailedCompletionStageReleasesTheLockAndFailsTheSameWay() throws Exception {
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> result = orders.later("b", work);
        work.completeExceptionally(new IllegalStateException("async failure"));

        assertThatThrownBy(() -> result.get(60, TimeUnit.SECONDS)).hasRootCauseMessage("async failure");
        assertThat(LockHolder.isFree(locks.lock("orders", "b"))).isTrue();
    }

    @Test
    void anAsynchronousCallOnALockThisThreadHoldsFailsAtOnceInsteadOfWaitingForItself() {
        LockHold hold = locks.lock("orders", "c").acquire(Duration.ZERO);
        try {
            assertThatThrownBy(() -> orders.later("c", new CompletableFuture<>()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Orders.later(String, CompletableFuture)")
                    .hasMessageContaining("this thread already holds it")
                    .hasMessageContaining("waiting would deadlock");
        } finally {
            hold.release();
        }
        assertThat(target.calls).isEmpty();
    }

    @Test
    void aCallFromAnAsynchronousMethodOnItsOwnLockFailsAtOnceAndTheLockIsReleased() {
        assertThatThrownBy(() -> orders.laterSettlingTheSameKey("d"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Orders.settleByKey(Order) is called from an asynchronous method holding the same lock")
                .hasMessageContaining("lock 'orders' key 'd'");
        assertThat(target.calls).isEmpty();
        assertThat(LockHolder.isFree(locks.lock("orders", "d"))).isTrue();
        assertThat(orders.settleByKey(new Order("d"))).as("a call outside the asynchronous method").isEqualTo("settled d");
    }

    @Test
    void anInterruptEndsTheWaitOfAnAsynchronousCallAndLeavesTheLockFree() throws Exception {
        assertThat(interruptedWhileWaiting(orders::laterWaitingForever))
                .startsWith("interrupted=true: Interrupted while Orders.laterWaitingForever() waited for lock 'orders'");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(LockHolder.isFree(locks.lock("orders"))).as("the holder thread gave up its wait").isTrue();
        });
        assertThat(target.calls).isEmpty();
    }

    @Test
    void keysReferToArgumentsByPosition() throws Exception {
        try (var holder = new LockHolder(locks.lock("orders", "shop-1/7"))) {
            assertThat(orders.byPosition("shop-2", new Order("7"))).isEqualTo("ok");
            assertThatThrownBy(() -> orders.byPosition("shop-1", new Order("7"))).isInstanceOf(LockTimeoutException.class);
        }
        assertThat(target.calls).containsExactly("byPosition shop-2 7");
    }

    @Test
    void aNullKeyIsRefusedWithTheExpressionAndTheMethodNotRun() {
        assertThatThrownBy(() -> orders.settleByKey(new Order(null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The key \"#order.id\" of lock 'orders'")
                .hasMessageContaining("is null for this call");
        assertThat(target.calls).isEmpty();
    }

    @Test
    void aKeyExpressionFailingAtCallTimeNamesTheMethodTheLockAndTheExpression() {
        assertThatThrownBy(() -> orders.misspelledKey(new Order("1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The key \"#order.nope\" of lock 'orders' on ")
                .hasMessageContaining("misspelledKey(")
                .hasMessageContaining("failed for this call")
                .hasMessageContaining("nope");
        assertThat(target.calls).isEmpty();
    }

    @Test
    void aHookAskingAFileLockForItsRegionGetsAClearErrorAndTheLockIsReleased() {
        assertThatThrownBy(orders::usesRegionOnAFileLock)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Lock 'orders' is a file lock and has no shared region")
                .hasMessageContaining("file-lock.locks.orders.type=mmap");
        assertThat(target.calls).isEmpty();
        assertThat(LockHolder.isFree(locks.lock("orders"))).isTrue();
    }

    @Test
    void aClassLevelAnnotationLocksPublicMethodsButNotThoseOfObject() throws Exception {
        AspectJProxyFactory factory = new AspectJProxyFactory(new Services.Report());
        factory.setProxyTargetClass(true);
        factory.addAspect(aspect);
        Services.Report report = factory.getProxy();
        try (var holder = new LockHolder(locks.lock("orders"))) {
            assertThatThrownBy(report::run).isInstanceOf(LockTimeoutException.class);
            assertThat(report.toString()).isEqualTo("report");
        }
        assertThat(report.run()).isEqualTo("ran");
    }

    @Test
    void thePointcutIsDecidedOncePerMethodWithNoTestOnEveryCall() throws Exception {
        AspectJExpressionPointcut pointcut = new AspectJExpressionPointcut();
        pointcut.setExpression(FileLockAspect.class.getMethod("lock", ProceedingJoinPoint.class).getAnnotation(Around.class).value());
        assertThat(pointcut.isRuntime()).as("a dynamic test would run on every call").isFalse();
        assertThat(pointcut.matches(Orders.class.getMethod("settle", Order.class), Orders.class)).isTrue();
        assertThat(pointcut.matches(Services.Report.class.getMethod("run"), Services.Report.class)).isTrue();
        assertThat(pointcut.matches(Services.Report.class.getMethod("toString"), Services.Report.class)).isFalse();
        assertThat(pointcut.matches(Object.class.getMethod("hashCode"), Orders.class)).isFalse();
    }

    @Test
    void aNegativeTimeoutWaitsUntilTheLockIsFree() throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread caller = new Thread(() -> result.complete(orders.waitForever()));
        try (var holder = new LockHolder(locks.lock("orders"))) {
            caller.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> caller.getState() == Thread.State.WAITING);
            assertThat(result).isNotDone();
        }
        assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo("ran");
    }

    @Test
    void anInterruptedWaiterGetsLockInterruptedExceptionWithItsInterruptStatusSet() throws Exception {
        assertThat(interruptedWhileWaiting(orders::waitForever))
                .startsWith("interrupted=true: Interrupted while Orders.waitForever() waited for lock 'orders'");
        assertThat(target.calls).isEmpty();
    }

    /** Interrupts {@code call} while it waits for the held lock: how it ended. */
    private String interruptedWhileWaiting(Supplier<?> call) throws Exception {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.complete("returned " + call.get());
            } catch (LockInterruptedException e) {
                outcome.complete("interrupted=" + Thread.currentThread().isInterrupted() + ": " + e.getMessage());
            }
        });
        try (var holder = new LockHolder(locks.lock("orders"))) {
            caller.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> caller.getState() == Thread.State.WAITING);
            caller.interrupt();
            return outcome.get(60, TimeUnit.SECONDS);
        }
    }
}
