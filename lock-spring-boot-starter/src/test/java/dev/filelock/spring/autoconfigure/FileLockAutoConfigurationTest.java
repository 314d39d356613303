package dev.filelock.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHook;
import dev.filelock.spring.LockType;
import dev.filelock.spring.NamedLock;
import dev.filelock.spring.aop.FileLockAspect;

class FileLockAutoConfigurationTest {

    @TempDir
    Path dir;

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class))
                .withPropertyValues("file-lock.directory=" + dir);
    }

    @Configuration(proxyBeanMethods = false)
    static class LockedService {
        @Bean
        Jobs jobs() {
            return new Jobs();
        }

        @Bean
        LockHook markBusy() {
            return context -> {
            };
        }
    }

    public static class Jobs {
        @FileLocked("orders")
        public String run() {
            return "ran";
        }
    }

    @Test
    void registersTheAspectTheDeclaredLocksAndTheStartUpChecks() {
        runner().run(context -> assertThat(context)
                .hasBean("fileLockAdvisor")
                .hasSingleBean(FileLocks.class)
                .hasBean("fileLockInvoker")
                .hasBean("fileLockedMethodsValidator")
                .hasBean("fileLockHeldLocksLifecycle")
                .doesNotHaveBean(FileLockAspect.class));
    }

    @Test
    void proxiesBeansWithLockedMethodsSoCallsAreLocked() {
        runner().withUserConfiguration(LockedService.class)
                .withPropertyValues("file-lock.locks.orders.type=file")
                .run(context -> {
                    Jobs jobs = context.getBean(Jobs.class);
                    assertThat(AopUtils.isAopProxy(jobs)).isTrue();
                    assertThat(jobs.run()).isEqualTo("ran");
                });
    }

    @Test
    void backsOffEntirelyWhenDisabled() {
        runner().withPropertyValues("file-lock.enabled=false")
                .run(context -> assertThat(context)
                        .doesNotHaveBean("fileLockAdvisor")
                        .doesNotHaveBean(FileLocks.class)
                        .doesNotHaveBean("fileLockedMethodsValidator"));
    }

    @Test
    void backsOffFromTheApplicationsOwnFileLocks() {
        FileLocks mine = new FileLocks() {
            @Override
            public Collection<DeclaredLock> declarations() {
                return List.of();
            }

            @Override
            public Optional<DeclaredLock> declaration(String name) {
                return Optional.empty();
            }

            @Override
            public NamedLock lock(String name) {
                throw new IllegalArgumentException(name);
            }

            @Override
            public NamedLock lock(String name, String key) {
                throw new IllegalArgumentException(name);
            }
        };
        runner().withBean(FileLocks.class, () -> mine)
                .run(context -> assertThat(context.getBean(FileLocks.class)).isSameAs(mine));
    }

    @Test
    void doesNotApplyTheAspectByProxyInAspectjMode() {
        runner().withPropertyValues("file-lock.advice-mode=proxy")
                .run(context -> assertThat(context).hasBean("fileLockAdvisor"));
        runner().withPropertyValues("file-lock.advice-mode=aspectj")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("FileLockAspect has not been woven by AspectJ"));
    }

    @Test
    void bindsEveryLockProperty() {
        runner().withUserConfiguration(LockedService.class)
                .withPropertyValues("file-lock.default-timeout=7s",
                        "file-lock.locks.orders.type=file",
                        "file-lock.locks.orders.file=sub/orders.txt",
                        "file-lock.locks.orders.timeout=-1",
                        "file-lock.locks.orders.prefix=markBusy",
                        "file-lock.locks.orders.suffix=markBusy",
                        "file-lock.locks.orders.description=Orders lock",
                        "file-lock.locks.plain.type=file")
                .run(context -> {
                    FileLocks locks = context.getBean(FileLocks.class);
                    DeclaredLock orders = locks.declaration("orders").orElseThrow();
                    assertThat(orders).isEqualTo(new DeclaredLock("orders", LockType.FILE, dir.resolve("sub/orders.txt"), 0,
                            Duration.ofMillis(-1), "markBusy", "markBusy", "Orders lock", true));
                    assertThat(Files.exists(dir.resolve("sub/orders.txt"))).as("created at start-up").isTrue();
                    DeclaredLock plain = locks.declaration("plain").orElseThrow();
                    assertThat(plain.file()).isEqualTo(dir.resolve("plain.lock"));
                    assertThat(plain.timeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(plain.prefix()).isNull();
                });
    }

    @Test
    void bindsTheGlobalProperties() {
        runner().withPropertyValues("file-lock.aspect-order=42", "file-lock.shutdown-timeout=3s")
                .run(context -> {
                    FileLockProperties properties = context.getBean(FileLockProperties.class);
                    assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(context.getBean("fileLockAdvisor", Ordered.class).getOrder()).isEqualTo(42);
                });
    }

    @Test
    void ordersTheAspectOutsideTransactionsByDefault() {
        runner().run(context -> assertThat(context.getBean("fileLockAdvisor", Ordered.class).getOrder())
                .isEqualTo(FileLockProperties.DEFAULT_ASPECT_ORDER)
                .isEqualTo(Ordered.LOWEST_PRECEDENCE - 100));
    }

    @Test
    void theDefaultDirectoryIsTheUsersRuntimeFolderOrAFolderOfTheUsersUnderTheTemporaryDirectory() throws Exception {
        assertThat(new FileLockProperties().getDirectory()).isEqualTo(DefaultLockDirectory.of(
                System.getenv("XDG_RUNTIME_DIR"), System.getProperty("java.io.tmpdir"), System.getProperty("user.name")));
        String me = System.getProperty("user.name");
        Path runtime = Files.createDirectories(dir.resolve("run-user"));
        assertThat(DefaultLockDirectory.of(runtime.toString(), "/tmp", me)).isEqualTo(runtime.resolve("file-lock"));
        assertThat(DefaultLockDirectory.of(dir.resolve("missing").toString(), "/tmp", me))
                .isEqualTo(Path.of("/tmp", "file-lock-" + me));
        assertThat(DefaultLockDirectory.of(runtime.toString(), "/tmp", "someone-else"))
                .as("a runtime folder that is not the user's").isEqualTo(Path.of("/tmp", "file-lock-someone-else"));
        assertThat(DefaultLockDirectory.of(null, "/tmp", "a/b?")).isEqualTo(Path.of("/tmp", "file-lock-a_b_"));
    }
}
