package dev.filelock.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.filelock.core.SharedRegion;
import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration;

/** Lock types are siblings behind {@link LockProvider}: what the aspect and {@link FileLocks} see of them. */
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
                assertThat(held.lock().description()).endsWith("orders.lock.keys/42");
            }
            assertThat(locks.lock("window").isHeldByCurrentThread()).isFalse();
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
                            return false;
                        }

                        @Override
                        public Optional<SharedRegion> region() {
                            return Optional.empty();
                        }

                        @Override
                        public boolean recoveredFromCrash() {
                            return false;
                        }

                        @Override
                        public OptionalLong fencingToken() {
                            return OptionalLong.of(7);
                        }

                        @Override
                        public void release() {
                            events.add("release " + declaration.name());
                            lock.unlock();
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
