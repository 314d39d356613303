package dev.filelock.spring.ltw;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.LockHook;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs only in the surefire execution with the AspectJ weaver agent: the aspect is woven into the
 * classes, so a bean's calls to its own {@code @FileLocked} methods are locked too, and no proxy
 * locks a second time.
 */
@SpringBootTest(classes = LoadTimeWeavingTest.App.class, properties = {
        "file-lock.directory=${java.io.tmpdir}/file-lock-ltw-test-${random.uuid}",
        "file-lock.locks.jobs.prefix=record"})
// -Dtest=... overrides the default run's exclusion of this test; without the agent it cannot pass.
@EnabledIfSystemProperty(named = "filelock.ltw", matches = "true")
class LoadTimeWeavingTest {

    static final List<String> events = new CopyOnWriteArrayList<>();

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
    static class App {
        @Bean
        LockHook record() {
            return context -> events.add("prefix " + context.method().getName());
        }

        @Bean
        Jobs jobs(FileLocks locks) {
            return new Jobs(locks);
        }
    }

    public static class Jobs {
        private final FileLocks locks;

        Jobs(FileLocks locks) {
            this.locks = locks;
        }

        /** Not locked itself: calls its locked sibling on {@code this}, which no proxy sees. */
        public void outer() {
            events.add("outer held=" + locks.lock("jobs").isHeldByCurrentThread());
            inner();
        }

        @FileLocked("jobs")
        public void inner() {
            events.add("inner held=" + locks.lock("jobs").isHeldByCurrentThread());
        }

        /** Whether, on a thread of Schedulers.parallel(), the lock is held by another thread. */
        @FileLocked("jobs")
        public Mono<Boolean> heldElsewhere() {
            return Mono.fromCallable(() -> locks.lock("jobs").tryAcquire(Duration.ZERO).map(hold -> {
                hold.release();
                return false;
            }).orElse(true)).subscribeOn(Schedulers.parallel());
        }
    }

    @Autowired
    Jobs jobs;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void clear() {
        events.clear();
    }

    @Test
    void theAspectIsWovenAndConfiguredNotProxied() {
        assertThat(context.getBeansOfType(Advisor.class)).as("no proxy advisor").isEmpty();
        assertThat(context.containsBean("fileLockWovenAspect")).isTrue();
        assertThat(AopUtils.isAopProxy(jobs)).isFalse();
    }

    @Test
    void selfInvocationIsLocked() {
        jobs.outer();
        assertThat(events).containsExactly("outer held=false", "prefix inner", "inner held=true");
    }

    @Test
    void aMonoIsHeldUntilItCompletesWhenWovenToo() throws InterruptedException {
        assertThat(jobs.heldElsewhere().block(Duration.ofSeconds(30))).isTrue();
        assertThat(events).containsExactly("prefix heldElsewhere");
        assertThat(context.getBean(FileLocks.class).lock("jobs").tryAcquire(Duration.ZERO)).hasValueSatisfying(
                LockHold::release);
    }

    @Test
    void aDirectCallIsLockedOnce() {
        jobs.inner();
        assertThat(events).containsExactly("prefix inner", "inner held=true");
    }
}
