package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

import dev.filelock.spring.FileLocks;

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
