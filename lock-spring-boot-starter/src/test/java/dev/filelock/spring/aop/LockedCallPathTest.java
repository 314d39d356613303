package dev.filelock.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockType;
import dev.filelock.spring.autoconfigure.TestFileLocks;
import dev.filelock.spring.metrics.LockMetrics;

/** What the per-call path keeps from one call to the next, and what it must still tell apart. */
class LockedCallPathTest {

    @TempDir
    Path dir;

    FileLocks locks;
    LockedMethods methods;
    LockedMethodInvoker invoker;

    @BeforeEach
    void locks() {
        locks = TestFileLocks.of(List.of(declared("a"), declared("b")));
        methods = new LockedMethods(locks, new DefaultListableBeanFactory(), true);
        invoker = new LockedMethodInvoker(methods, locks, LockMetrics.NONE, new ActiveHolds());
    }

    private DeclaredLock declared(String name) {
        return new DeclaredLock(name, LockType.FILE, dir.resolve(name + ".lock"), 0, Duration.ZERO, null, null, name,
                true);
    }

    public interface Job {
        String run();
    }

    public class JobA implements Job {
        @Override
        @FileLocked("a")
        public String run() {
            return "a held=" + locks.lock("a").isHeldByCurrentThread() + " b held=" + locks.lock("b").isHeldByCurrentThread();
        }
    }

    public class JobB implements Job {
        @Override
        @FileLocked("b")
        public String run() {
            return "a held=" + locks.lock("a").isHeldByCurrentThread() + " b held=" + locks.lock("b").isHeldByCurrentThread();
        }
    }

    private Job interfaceProxy(Job target) {
        ProxyFactory factory = new ProxyFactory(target);
        factory.setInterfaces(Job.class);
        factory.addAdvisor(new DefaultPointcutAdvisor(new FileLockedPointcut(), new FileLockInterceptor(() -> invoker)));
        return (Job) factory.getProxy();
    }

    @Test
    void oneInterfaceMethodCalledOnTwoClassesTakesEachClassesOwnLockOnEveryCall() throws Exception {
        Job a = interfaceProxy(new JobA());
        Job b = interfaceProxy(new JobB());
        // JDK proxies pass the interface's Method to both: the resolution must not stop at the Method.
        for (int i = 0; i < 3; i++) {
            assertThat(a.run()).isEqualTo("a held=true b held=false");
            assertThat(b.run()).isEqualTo("a held=false b held=true");
        }
        assertThat(methods.resolve(Job.class.getMethod("run"), new JobA()).lock().name()).isEqualTo("a");
        assertThat(methods.resolve(Job.class.getMethod("run"), new JobB()).lock().name()).isEqualTo("b");
    }

    @Test
    void aMethodIsResolvedOnceAndItsUnkeyedLockLookedUpThen() throws Exception {
        JobA target = new JobA();
        LockedMethod first = methods.resolve(JobA.class.getMethod("run"), target);
        assertThat(methods.resolve(JobA.class.getMethod("run"), new JobA())).isSameAs(first);
        assertThat(first.unkeyed()).isSameAs(locks.lock("a"));
        assertThat(first.hasHooks()).isFalse();
    }

    @Test
    void awaitIdleWaitsForTheLastHoldToEnd() throws Exception {
        ActiveHolds holds = new ActiveHolds();
        holds.begin();
        holds.begin();
        assertThat(holds.count()).isEqualTo(2);
        assertThat(holds.awaitIdle(Duration.ZERO)).isFalse();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return holds.awaitIdle(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting.await(1, TimeUnit.MINUTES)).isTrue();
        holds.end();
        assertThat(idle).isNotDone();
        holds.end();
        assertThat(idle.get(1, TimeUnit.MINUTES)).isTrue();
        assertThat(holds.count()).isZero();
    }
}
