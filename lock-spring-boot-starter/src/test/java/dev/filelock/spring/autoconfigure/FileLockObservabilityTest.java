package dev.filelock.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.filelock.core.LockTimeoutException;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.LockHolder;
import dev.filelock.spring.NamedLock;
import dev.filelock.spring.actuate.FileLocksEndpoint;
import dev.filelock.spring.actuate.FileLocksEndpoint.LockDescriptor;
import dev.filelock.spring.actuate.LockDirectoryHealthIndicator;
import dev.filelock.spring.metrics.LockMetrics;

/** Metrics, the actuator endpoint and the health contribution: present when their libraries are. */
class FileLockObservabilityTest {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class,
                        FileLockMetricsAutoConfiguration.class, FileLockEndpointAutoConfiguration.class,
                        FileLockHealthAutoConfiguration.class))
                .withPropertyValues("file-lock.directory=" + dir, "file-lock.locks.orders.description=Orders",
                        "file-lock.locks.reports.type=file")
                .withBean(Jobs.class);
    }

    public static class Jobs {
        @FileLocked("orders")
        public String run() {
            return "ran";
        }

        @FileLocked(name = "orders", timeout = "0")
        public String tryRun() {
            return "ran";
        }
    }

    @Test
    void recordsWaitAndHoldTimersTaggedByLockAndOutcome() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            jobs.run();
            try (var holder = new LockHolder(context.getBean(FileLocks.class).lock("orders"))) {
                assertThatThrownBy(jobs::tryRun).isInstanceOf(LockTimeoutException.class);
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(count(registry, "file.lock.wait", "acquired")).isEqualTo(1);
            assertThat(count(registry, "file.lock.wait", "timeout")).isEqualTo(1);
            assertThat(count(registry, "file.lock.held", "success")).isEqualTo(1);
        });
    }

    private static long count(MeterRegistry registry, String name, String outcome) {
        Timer timer = registry.find(name).tags("lock", "orders", "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void recordsNoMetricsWithoutAMeterRegistry() {
        runner().run(context -> assertThat(context).doesNotHaveBean(LockMetrics.class));
    }

    @Test
    void recordsNoMetricsWithoutMicrometer() {
        runner().withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LockMetrics.class));
    }

    @Test
    void failingMetricsNeverBreakTheCall() {
        LockMetrics broken = new LockMetrics() {
            @Override
            public void waited(String lock, WaitOutcome outcome, long nanos) {
                throw new IllegalStateException("metrics down");
            }

            @Override
            public void held(String lock, HoldOutcome outcome, long nanos) {
                throw new IllegalStateException("metrics down");
            }
        };
        runner().withBean(LockMetrics.class, () -> broken)
                .run(context -> assertThat(context.getBean(Jobs.class).run()).isEqualTo("ran"));
    }

    @Test
    void theEndpointListsEachDeclaredLockAndWhoHoldsIt() {
        runner().withPropertyValues("management.endpoints.web.exposure.include=filelocks").run(context -> {
            FileLocksEndpoint endpoint = context.getBean(FileLocksEndpoint.class);
            try (var holder = new LockHolder(context.getBean(FileLocks.class).lock("orders"))) {
                assertThat(endpoint.locks().locks()).extracting(LockDescriptor::name).containsExactly("orders", "reports");
                LockDescriptor orders = endpoint.lock("orders");
                assertThat(orders.held()).isTrue();
                assertThat(orders.description()).isEqualTo("Orders");
                assertThat(orders.file()).isEqualTo(dir.resolve("orders.lock").toRealPath().toString());
                assertThat(orders.holder().pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(orders.holder().thread()).isEqualTo("test-lock-holder");
                assertThat(orders.holder().since()).isNotNull();
            }
            assertThat(endpoint.lock("orders").held()).isFalse();
            assertThat(endpoint.lock("orders").holder()).isNull();
            assertThat(endpoint.lock("nope")).isNull();
        });
    }

    @Test
    void theEndpointIsOnlyThereWhenExposed() {
        runner().run(context -> assertThat(context).doesNotHaveBean(FileLocksEndpoint.class));
    }

    @Test
    void theEndpointBacksOffWithoutTheActuator() {
        runner().withClassLoader(new FilteredClassLoader(Endpoint.class))
                .withPropertyValues("management.endpoints.web.exposure.include=filelocks")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FileLocksEndpoint.class));
    }

    @Test
    void healthIsDownWhenTheLockDirectoryBecomesUnusable() {
        runner().run(context -> {
            HealthIndicator health = context.getBean(LockDirectoryHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            deleteRecursively(dir);
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("unusable").toString()).contains(dir + " does not exist");
        });
    }

    @Test
    void healthIsDownWhileADeclaredLockFileIsMissing() throws Exception {
        runner().run(context -> {
            HealthIndicator health = context.getBean(LockDirectoryHealthIndicator.class);
            Path file = context.getBean(FileLocks.class).lock("reports").file().orElseThrow();
            Files.delete(file);
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("unusable").toString()).contains("reports=lock file " + file + " was deleted");
            Files.createFile(file);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void healthIsDownWhileALockFileIsReplacedUnderItsHolderNamingTheLockAndUpOnceTheLockIsOnTheNewFile() {
        runner().withPropertyValues("file-lock.locks.window.type=mmap", "file-lock.locks.window.length=16")
                .run(context -> {
                    HealthIndicator health = context.getBean(LockDirectoryHealthIndicator.class);
                    FileLocks locks = context.getBean(FileLocks.class);
                    for (String name : List.of("reports", "window")) {
                        NamedLock lock = locks.lock(name);
                        Path file = lock.file().orElseThrow();
                        LockHolder holder = new LockHolder(lock);
                        try {
                            replace(file);
                            Health down = health.health();
                            assertThat(down.getStatus()).as(name).isEqualTo(Status.DOWN);
                            assertThat(down.getDetails().get("unusable").toString()).as(name)
                                    .contains(name + "=lock file " + file + " was replaced by another file")
                                    .contains("while the lock is held");
                        } finally {
                            holder.close();
                        }
                        assertThat(holder.lost()).as(name + ": the holder's release reports the loss").isNotNull();
                        assertThat(health.health().getStatus()).as(name + " once released").isEqualTo(Status.UP);
                        try (LockHold hold = lock.acquire(Duration.ZERO)) {
                            assertThat(hold.isLost()).as(name + " is locked on the new file").isFalse();
                        }
                    }
                });
    }

    @Test
    void aLockFileReplacedWhileNoOneHoldsItIsTakenOverAndHealthStaysUp() {
        runner().run(context -> {
            HealthIndicator health = context.getBean(LockDirectoryHealthIndicator.class);
            NamedLock lock = context.getBean(FileLocks.class).lock("reports");
            replace(lock.file().orElseThrow());
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            try (LockHold hold = lock.acquire(Duration.ZERO)) {
                assertThat(hold.isLost()).isFalse();
            }
        });
    }

    /** Puts another file at {@code file}'s path, as a deploy script or an editor saving it would. */
    private static void replace(Path file) throws IOException {
        Path other = Files.createTempFile(file.getParent(), "replacement", ".tmp");
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void healthCanBeSwitchedOff() {
        runner().withPropertyValues("management.health.filelocks.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LockDirectoryHealthIndicator.class));
    }

    @Test
    void healthBacksOffWithoutSpringBootHealth() {
        runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LockDirectoryHealthIndicator.class));
    }

    @Test
    void theEndpointAndHealthBackOffWhenTheStarterIsDisabledEvenBesideTheApplicationsOwnFileLocks() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FileLockAutoConfiguration.class,
                        FileLockEndpointAutoConfiguration.class, FileLockHealthAutoConfiguration.class))
                .withPropertyValues("file-lock.enabled=false", "management.endpoints.web.exposure.include=filelocks")
                .withBean(FileLocks.class, () -> new DeclaredLocks(List.of(), List.of()))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(FileLocksEndpoint.class)
                        .doesNotHaveBean(LockDirectoryHealthIndicator.class));
    }

    private static void deleteRecursively(Path root) throws Exception {
        try (Stream<Path> files = java.nio.file.Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
