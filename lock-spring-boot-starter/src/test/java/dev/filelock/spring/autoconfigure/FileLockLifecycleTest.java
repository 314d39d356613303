package dev.filelock.spring.autoconfigure;

import dev.filelock.spring.LockHolder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.filelock.core.LockException;
import dev.filelock.core.LockTimeoutException;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;

/** Closing a context releases what it holds; contexts in one JVM share one lock per file. */
class FileLockLifecycleTest {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class))
                .withPropertyValues("file-lock.directory=" + dir, "file-lock.locks.orders.type=file")
                .withBean(Jobs.class);
    }

    public static class Jobs {
        @FileLocked("orders")
        public void runUntil(CountDownLatch started, CountDownLatch finish, Runnable last) throws InterruptedException {
            started.countDown();
            finish.await(60, TimeUnit.SECONDS);
            last.run();
        }

        @FileLocked(name = "orders", timeout = "0")
        public String tryRun() {
            return "ran";
        }

        @FileLocked("orders")
        public CompletableFuture<String> later(CompletableFuture<String> work) {
            return work;
        }
    }

    @Test
    void closingTheContextWaitsForLockedCallsInFlight() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        runner().run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            Thread call = new Thread(() -> {
                try {
                    jobs.runUntil(started, finish, () -> events.add("method finished"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            call.start();
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            Thread closer = new Thread(() -> {
                context.close();
                events.add("context closed");
            });
            closer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> Arrays.stream(closer.getStackTrace())
                    .anyMatch(frame -> frame.getClassName().endsWith("HeldLocksLifecycle")));
            finish.countDown();
            closer.join(60_000);
            call.join(60_000);
        });
        assertThat(events).containsExactly("method finished", "context closed");
    }

    @Test
    void closingTheContextReleasesLocksHeldForUnfinishedAsyncWorkAfterTheShutdownTimeout() {
        runner().withPropertyValues("file-lock.shutdown-timeout=0s").run(context -> {
            FileLocks locks = context.getBean(FileLocks.class);
            CompletableFuture<String> result = context.getBean(Jobs.class).later(new CompletableFuture<>());
            assertThat(LockHolder.isFree(locks.lock("orders"))).isFalse();

            context.close();

            assertThatThrownBy(() -> result.get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(LockException.class)
                    .hasMessageContaining("released because the application context closed before the work completed");
            assertThat(LockHolder.isFree(locks.lock("orders"))).isTrue();
        });
    }

    @Test
    void twoContextsInOneJvmShareOneLockPerFile() {
        runner().run(first -> runner().run(second -> {
            FileLocks firstLocks = first.getBean(FileLocks.class);
            assertThat(second.getBean(FileLocks.class).lock("orders")).isEqualTo(firstLocks.lock("orders"));

            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            CompletableFuture<Void> call = CompletableFuture.runAsync(() -> {
                try {
                    first.getBean(Jobs.class).runUntil(started, finish, () -> { });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> second.getBean(Jobs.class).tryRun()).isInstanceOf(LockTimeoutException.class);
            finish.countDown();
            call.get(60, TimeUnit.SECONDS);

            first.close();
            assertThat(second.getBean(Jobs.class).tryRun()).isEqualTo("ran");
        }));
    }
}
