package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.NamedLock;
import dev.filelock.spring.actuate.FileLocksEndpoint;
import dev.filelock.spring.actuate.FileLocksEndpoint.LockDescriptor;
import dev.filelock.spring.local.FileLockRegistry;

/** {@code type: registry} on the application's own LockRegistry bean, and the types' start-up checks. */
class RegistryTypeTest {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withUserConfiguration(GuardedApp.class)
                .withBean("inJvmRegistry", LockRegistry.class, DefaultLockRegistry::new)
                .withPropertyValues("file-lock.directory=" + dir, "file-lock.locks.shared.type=registry");
    }

    @Test
    void aRegistryLockUsesTheNamedLockRegistryBean() {
        runner().withPropertyValues("file-lock.locks.shared.registry=inJvmRegistry").run(context -> {
            Guarded guarded = context.getBean(Guarded.class);
            ConcurrentCalls.run(4, 50, guarded::increment);
            assertThat(guarded.count()).isEqualTo(200);
            assertThat(context.getBean(FileLocks.class).lock("shared").description()).contains("'inJvmRegistry'");
        });
    }

    @Test
    void theActuatorShowsARegistryLockHeldByThisProcessWithItsThreadAndAHoldTheInJvmRegistryReports() throws Exception {
        runner().withPropertyValues("file-lock.locks.shared.registry=inJvmRegistry").run(context -> {
            Guarded guarded = context.getBean(Guarded.class);
            FileLocksEndpoint endpoint = new FileLocksEndpoint(context.getBean(FileLocks.class));
            assertThat(endpoint.lock("shared").held()).isFalse();

            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread holder = new Thread(() -> guarded.run(() -> {
                holding.countDown();
                awaitQuietly(release);
            }), "registry-holder");
            holder.start();
            try {
                assertThat(holding.await(30, TimeUnit.SECONDS)).as("the holder entered the method").isTrue();
                LockDescriptor held = endpoint.lock("shared");
                assertThat(held.held()).isTrue();
                assertThat(held.holder()).isNotNull();
                assertThat(held.holder().pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(held.holder().thread()).isEqualTo("registry-holder");
                assertThat(held.holder().since()).isNotNull();
                assertThat(held.details()).containsEntry("registry",
                        "its lock object for this key is held in this JVM, by the holder shown");
            } finally {
                release.countDown();
                holder.join(30_000);
            }
            assertThat(holder.isAlive()).isFalse();
            assertThat(endpoint.lock("shared").held()).isFalse();
            assertThat(endpoint.lock("shared").holder()).isNull();

            // Taken from the registry directly, past the starter: the registry's own lock object tells.
            Lock direct = context.getBean("inJvmRegistry", LockRegistry.class).obtain("shared");
            direct.lock();
            try {
                LockDescriptor outside = endpoint.lock("shared");
                assertThat(outside.held()).isTrue();
                assertThat(outside.holder()).as("the starter knows no holder it did not make").isNull();
                assertThat(String.valueOf(outside.details().get("registry"))).contains("not through this starter");
            } finally {
                direct.unlock();
            }
        });
    }

    @Test
    void aRegistryThatTellsNothingStillShowsThisProcesssHold() {
        runner().withBean("fileRegistry", LockRegistry.class, () -> FileLockRegistry.files(dir.resolve("registry")))
                .withPropertyValues("file-lock.locks.shared.registry=fileRegistry").run(context -> {
                    NamedLock lock = context.getBean(FileLocks.class).lock("shared");
                    assertThat(lock.status().held()).isFalse();
                    try (LockHold hold = lock.acquire(Duration.ofSeconds(10))) {
                        assertThat(lock.status().held()).isTrue();
                        assertThat(lock.status().holder().thread()).isEqualTo(Thread.currentThread().getName());
                        assertThat(String.valueOf(lock.status().details().get("registry")))
                                .contains("holds of other processes are not shown");
                    }
                    assertThat(lock.status().held()).isFalse();
                });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTimeoutNamesTheRegistryKeyAndTheHolderNotAFile() {
        runner().withPropertyValues("file-lock.locks.shared.registry=inJvmRegistry").run(context -> {
            NamedLock lock = context.getBean(FileLocks.class).lock("shared");
            assertThat(lock.description()).startsWith("LockRegistry bean 'inJvmRegistry'");
            HeldElsewhere.assertTimeoutNamesTheHolderNotAFile(lock);
        });
    }

    @Test
    void aRegistryLockNamingNoBeanIsRefused() {
        runner().run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("file-lock.locks.shared has type registry but names no LockRegistry bean"));
    }

    @Test
    void aRegistryLockNamingAnUnknownBeanIsRefused() {
        runner().withPropertyValues("file-lock.locks.shared.registry=nope").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("names the LockRegistry bean 'nope', which the application does not define"));
    }

    @Test
    void aLeaseOnAFileLockIsRefused() {
        runner().withPropertyValues("file-lock.locks.shared.type=file", "file-lock.locks.shared.lease=10s")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("file-lock.locks.shared.lease is set but the lock's type is file"));
    }

    @Test
    void withoutSpringIntegrationFileLocksWorkAndARedisLockSaysWhatToAdd() {
        ApplicationContextRunner withoutIntegration = new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader("org.springframework.integration"))
                .withUserConfiguration(GuardedApp.class).withPropertyValues("file-lock.directory=" + dir);
        withoutIntegration.withPropertyValues("file-lock.locks.shared.type=file").run(context -> {
            Guarded guarded = context.getBean(Guarded.class);
            guarded.increment();
            assertThat(guarded.count()).isOne();
        });
        withoutIntegration.withPropertyValues("file-lock.locks.shared.type=redis").run(context -> assertThat(context)
                .hasFailed().getFailure().hasStackTraceContaining("Lock 'shared' is of type redis, for which no LockProvider")
                .hasStackTraceContaining("spring-integration-redis"));
    }
}
