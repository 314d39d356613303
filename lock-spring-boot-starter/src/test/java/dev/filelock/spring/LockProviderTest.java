package dev.filelock.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.filelock.core.LockLostException;
import dev.filelock.core.LockTimeoutException;
import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration;
import dev.filelock.spring.autoconfigure.FileLockMetricsAutoConfiguration;

/** Lock types are siblings behind {@link LockProvider}: what the aspect and {@link FileLocks} see of them. */
@ExtendWith(OutputCaptureExtension.class)
class LockProviderTest {

    static final List<String> events = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void clear() {
        events.clear();
    }

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class))
                .withPropertyValues("file-lock.directory=" + dir, "file-lock.locks.orders.type=file",
                        "file-lock.locks.window.type=mmap", "file-lock.locks.window.length=16")
                .withBean("record", LockHook.class, () -> context -> events.add(context.lockName() + " token="
                        + context.fencingToken() + " recovered=" + context.recoveredFromCrash()))
                .withBean(Jobs.class);
    }

    public static class Jobs {
        @FileLocked(name = "orders", prefix = "record")
        public void order() {
            events.add("order");
        }

        @FileLocked(name = "orders")
        public void failingOrder() {
            throw new IllegalStateException("the method's own failure");
        }

        @FileLocked(name = "window", prefix = "record")
        public void window() {
            events.add("window");
        }
    }

    @Test
    void aHookSeesTheMmapGenerationAsItsFencingTokenAndNoneForAFileLock() {
        runner().run(context -> {
            Jobs jobs = context.getBean(Jobs.class);
            jobs.order();
            jobs.window();
            jobs.window();
            assertThat(events.get(0)).isEqualTo("orders token=OptionalLong.empty recovered=false");
            long first = Long.parseLong(events.get(2).replaceAll(".*token=OptionalLong\\[(\\d+)].*", "$1"));
            long second = Long.parseLong(events.get(4).replaceAll(".*token=OptionalLong\\[(\\d+)].*", "$1"));
            assertThat(second).isGreaterThan(first);
        });
    }

    @Test
    void fileLocksHandsOutHoldsThatShowTheRegionWithoutACast() {
        runner().run(context -> {
            FileLocks locks = context.getBean(FileLocks.class);
            try (LockHold held = locks.lock("window").acquire(Duration.ZERO)) {
                held.region().orElseThrow().putString(0, "busy");
                assertThat(held.fencingToken()).isNotEmpty();
                assertThat(locks.lock("window").isHeldByCurrentThread()).isTrue();
            }
            try (LockHold held = locks.lock("orders", "42").acquire(Duration.ZERO)) {
                assertThat(held.region()).isEmpty();
                assertThat(held.lock().description()).as("key 42 takes stripe CRC-32 mod 1024 = 136").endsWith("orders.lock.keys/0136");
            }
            assertThat(locks.lock("window").isHeldByCurrentThread()).isFalse();
        });
    }

    @Test
    void aTimeoutOfAFileOrMmapLockNamesItsFileAndTheHolder() {
        runner().run(context -> {
            FileLocks locks = context.getBean(FileLocks.class);
            for (NamedLock lock : List.of(locks.lock("orders"), locks.lock("window"), locks.lock("orders", "42"))) {
                Path file = lock.file().orElseThrow();
                try (LockHolder holder = new LockHolder(lock)) {
                    assertThatThrownBy(() -> lock.acquire(Duration.ZERO)).isInstanceOfSatisfying(LockTimeoutException.class,
                            e -> {
                                assertThat(e.getMessage()).startsWith("Lock '" + lock.declaration().name()
                                        + lock.key().map(key -> "' key '" + key).orElse("") + "' (" + file
                                        + ") not acquired within 0s; held by pid " + ProcessHandle.current().pid()
                                        + " (thread test-lock-holder)");
                                assertThat(e.file()).isEqualTo(file);
                            });
                }
            }
        });
    }

    @Test
    void anApplicationsLockProviderServesItsTypeInsteadOfTheStarters() {
        runner().withBean(LockProvider.class, InMemoryProvider::new).run(context -> {
            context.getBean(Jobs.class).order();
            assertThat(events).containsExactly("acquire orders", "orders token=OptionalLong[7] recovered=false", "order",
                    "release orders");
            assertThat(context.getBean(FileLocks.class).lock("orders").description()).isEqualTo("memory:orders");
        });
    }

    @Test
    void aLostLockEndsTheCallWithLockLostExceptionCountsItAndLogsTheLock(CapturedOutput output) {
        runner().withBean(LockProvider.class, () -> new InMemoryProvider(true))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withConfiguration(AutoConfigurations.of(FileLockMetricsAutoConfiguration.class))
                .run(context -> {
                    Jobs jobs = context.getBean(Jobs.class);
                    assertThatThrownBy(jobs::order).isInstanceOf(LockLostException.class).hasMessage("lease expired");
                    assertThatThrownBy(jobs::failingOrder).isInstanceOf(IllegalStateException.class)
                            .hasMessage("the method's own failure")
                            .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                                    .isInstanceOf(LockLostException.class));
                    assertThat(context.getBean(MeterRegistry.class).get("file.lock.lost").tag("lock", "orders").counter()
                            .count()).isEqualTo(2);
                    assertThat(output).contains("Lock 'orders' (memory:orders) was lost while Jobs.order() held it");
                    assertThat(context.getBean(FileLocks.class).lock("orders").isHeldByCurrentThread()).isFalse();
                });
    }

    @Test
    void aHoldWhoseFileWasDeletedIsLostAndItsReleaseSaysSo() {
        runner().run(context -> {
            NamedLock orders = context.getBean(FileLocks.class).lock("orders");
            LockHold held = orders.acquire(Duration.ZERO);
            assertThat(held.isLost()).isFalse();
            Files.delete(orders.file().orElseThrow());
            assertThat(held.isLost()).isTrue();
            assertThatThrownBy(held::release).isInstanceOf(LockLostException.class);
            assertThat(orders.isHeldByCurrentThread()).as("released all the same").isFalse();
        });
    }

    @Test
    void aLockFileDeletedUnderALockedCallEndsItWithLockLostExceptionAndCountsIt(CapturedOutput output) {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withConfiguration(AutoConfigurations.of(FileLockMetricsAutoConfiguration.class))
                .withBean(DeletesItsLockFile.class).run(context -> {
                    Path file = context.getBean(FileLocks.class).lock("orders").file().orElseThrow();
                    assertThatThrownBy(() -> context.getBean(DeletesItsLockFile.class).run(file))
                            .isInstanceOf(LockLostException.class);
                    assertThat(context.getBean(MeterRegistry.class).get("file.lock.lost").tag("lock", "orders").counter()
                            .count()).isEqualTo(1);
                    assertThat(output).contains("Lock 'orders' (" + file + ") was lost while DeletesItsLockFile.run(Path)");
                });
    }

    public static class DeletesItsLockFile {
        @FileLocked("orders")
        public void run(Path file) throws IOException {
            Files.delete(file);
        }
    }

    @Test
    void twoLockProvidersOfOneTypeStopTheStartUp() {
        runner().withBean("one", LockProvider.class, InMemoryProvider::new)
                .withBean("two", LockProvider.class, InMemoryProvider::new)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("Lock type file has 2 LockProvider beans")
                        .hasMessageContaining("Keep one LockProvider bean per lock type"));
    }

    /** A provider of {@code file} locks that lives in memory and records what it does. */
    static final class InMemoryProvider implements LockProvider {

        private final ReentrantLock lock = new ReentrantLock();
        private final boolean loses;

        InMemoryProvider() {
            this(false);
        }

        /** @param loses whether every hold is lost before it is released */
        InMemoryProvider(boolean loses) {
            this.loses = loses;
        }

        @Override
        public LockType type() {
            return LockType.FILE;
        }

        @Override
        public NamedLock lock(DeclaredLock declaration, @Nullable String key) {
            return new NamedLock() {
                @Override
                public DeclaredLock declaration() {
                    return declaration;
                }

                @Override
                public Optional<String> key() {
                    return Optional.ofNullable(key);
                }

                @Override
                public String description() {
                    return "memory:" + declaration.name();
                }

                @Override
                public Optional<Path> file() {
                    return Optional.empty();
                }

                @Override
                public boolean isHeldByCurrentThread() {
                    return lock.isHeldByCurrentThread();
                }

                @Override
                public Optional<LockHold> tryAcquire(Duration timeout) {
                    lock.lock();
                    events.add("acquire " + declaration.name());
                    NamedLock self = this;
                    return Optional.of(new LockHold() {
                        @Override
                        public NamedLock lock() {
                            return self;
                        }

                        @Override
                        public boolean isLost() {
                            return loses;
                        }

                        @Override
                        public OptionalLong fencingToken() {
                            return OptionalLong.of(7);
                        }

                        @Override
                        public void release() {
                            events.add("release " + declaration.name());
                            lock.unlock();
                            if (loses) {
                                throw new LockLostException("lease expired");
                            }
                        }
                    });
                }

                @Override
                public LockStatus status() {
                    return LockStatus.of(lock.isLocked(), null);
                }
            };
        }
    }
}
