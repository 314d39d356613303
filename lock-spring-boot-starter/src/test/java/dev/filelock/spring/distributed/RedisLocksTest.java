package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import dev.filelock.core.LockLostException;
import dev.filelock.core.LockOwner;
import dev.filelock.core.LockTimeoutException;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.LockHolder;
import dev.filelock.spring.LockHook;
import dev.filelock.spring.NamedLock;
import dev.filelock.testservers.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** {@code type: redis} in one JVM, against a real Redis. */
@ExtendWith(OutputCaptureExtension.class)
class RedisLocksTest {

    @TempDir
    Path dir;

    final String prefix = "test-" + UUID.randomUUID();

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withUserConfiguration(App.class).withPropertyValues(
                "spring.data.redis.url=" + TestServers.redis().url(),
                "file-lock.directory=" + dir,
                "file-lock.redis.key-prefix=" + prefix,
                "file-lock.locks.shared.type=redis",
                "file-lock.locks.shared.prefix=recordToken");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        final List<Long> tokens = new CopyOnWriteArrayList<>();

        @Bean
        Guarded guarded() {
            return new Guarded();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        LockHook recordToken() {
            return context -> tokens.add(context.fencingToken().orElseThrow());
        }
    }

    @Test
    void threadsExcludeEachOtherAndEveryHolderGetsAHigherFencingToken() {
        runner().run(context -> {
            Guarded guarded = context.getBean(Guarded.class);
            ConcurrentCalls.run(4, 25, guarded::increment);

            assertThat(guarded.count()).isEqualTo(100);
            List<Long> tokens = context.getBean(App.class).tokens;
            assertThat(tokens).hasSize(100).isSorted().doesNotHaveDuplicates();
        });
    }

    @Test
    void theLockIsHeldOnRedisWithTheDeclaredLeaseAndReleasedAfterwards() {
        runner().withPropertyValues("file-lock.locks.shared.lease=20s").run(context -> {
            StringRedisTemplate redis = new StringRedisTemplate(context.getBean(
                    org.springframework.data.redis.connection.RedisConnectionFactory.class));
            NamedLock lock = context.getBean(FileLocks.class).lock("shared");
            try (LockHold hold = lock.acquire(Duration.ofSeconds(10))) {
                assertThat(lock.isHeldByCurrentThread()).isTrue();
                assertThat(redis.getExpire(prefix + ":shared", TimeUnit.MILLISECONDS)).isBetween(1L, 20_000L);
                // Before any fencing token: the status recognises this process's hold by itself.
                assertThat(lock.status().held()).isTrue();
                assertThat(lock.status().details()).containsEntry("holder", "this process").containsEntry("lease", "PT20S");
                assertThat(lock.status().holder()).as("this process's own hold, shown with its thread")
                        .extracting(LockOwner::pid, LockOwner::thread)
                        .containsExactly(ProcessHandle.current().pid(), Thread.currentThread().getName());
                assertThat(hold.fencingToken()).isPresent();
                assertThat(hold.isLost()).isFalse();
            }
            assertThat(redis.hasKey(prefix + ":shared")).isFalse();
            assertThat(lock.status().held()).isFalse();
        });
    }

    @Test
    void aReleaseTellsTheWaitersOfOtherProcessesAtOnceByPublishingTheUnlock() {
        runner().run(context -> {
            RedisConnectionFactory connections = context.getBean(RedisConnectionFactory.class);
            BlockingQueue<String> unlocked = new LinkedBlockingQueue<>();
            RedisMessageListenerContainer listener = new RedisMessageListenerContainer();
            listener.setConnectionFactory(connections);
            listener.addMessageListener((message, pattern) -> unlocked.add(new String(message.getBody())),
                    new PatternTopic(prefix + "-channel:*"));
            listener.afterPropertiesSet();
            listener.start();
            try {
                NamedLock lock = context.getBean(FileLocks.class).lock("shared");
                lock.acquire(Duration.ofSeconds(10)).close();

                assertThat(unlocked.poll(30, TimeUnit.SECONDS)).as("the unlock message waiters are woken by")
                        .isEqualTo(prefix + ":shared");
            } finally {
                listener.destroy();
            }
        });
    }

    @Test
    void aTimeoutNamesTheRedisKeyAndTheHolderNotAFile() {
        runner().run(context -> {
            NamedLock lock = context.getBean(FileLocks.class).lock("shared");
            try (LockHolder holder = new LockHolder(lock)) {
                assertThatThrownBy(() -> lock.acquire(Duration.ZERO)).isInstanceOfSatisfying(LockTimeoutException.class,
                        e -> {
                            // This process's own client id is learnt with its first fencing token: until
                            // then its hold shows as the registry client's.
                            assertThat(e.getMessage()).startsWith("Lock 'shared' (" + lock.description()
                                    + ") not acquired within 0s; held by ").containsPattern(
                                    "held by (pid " + ProcessHandle.current().pid() + " \\(thread test-lock-holder\\)"
                                            + "|client [0-9a-f-]{36})");
                            assertThat(lock.description()).startsWith("Redis at ").contains("key 'shared'");
                            assertThat(e.file()).isNull();
                        });
            }
        });
    }

    @Test
    void aLeaseThatRanOutWithoutAnUnlockIsTakenOverLongBeforeTheWaitEnds() {
        runner().run(context -> {
            StringRedisTemplate redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
            // A holder that crashed: its key stays until its lease runs out, and no unlock is ever published.
            redis.opsForValue().set(prefix + ":shared", "a-crashed-holder", Duration.ofMillis(500));
            NamedLock lock = context.getBean(FileLocks.class).lock("shared");

            CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
                try (LockHold hold = lock.acquire(Duration.ofMinutes(10))) {
                    return !hold.isLost();
                }
            });

            // A wait on the unlock message alone would last the whole 10 minutes.
            assertThat(waiter.get(60, TimeUnit.SECONDS)).isTrue();
        });
    }

    @Test
    void aHoldLongerThanItsLeaseIsRenewedAndKeepsTheLock() {
        runner().withPropertyValues("file-lock.locks.shared.lease=1s").run(context -> {
            StringRedisTemplate redis = new StringRedisTemplate(context.getBean(
                    org.springframework.data.redis.connection.RedisConnectionFactory.class));
            NamedLock lock = context.getBean(FileLocks.class).lock("shared");
            try (LockHold hold = lock.acquire(Duration.ofSeconds(10))) {
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .until(() -> !hold.isLost() && redis.hasKey(prefix + ":shared"));
            }
            assertThat(redis.hasKey(prefix + ":shared")).isFalse();
        });
    }

    @Test
    void aLeaseTakenAwayWhileTheMethodRunsIsReportedAndEndsTheCallWithLockLostException(CapturedOutput output) {
        runner().withPropertyValues("file-lock.locks.shared.lease=1s").run(context -> {
            Guarded guarded = context.getBean(Guarded.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            StringRedisTemplate redis = new StringRedisTemplate(context.getBean(
                    org.springframework.data.redis.connection.RedisConnectionFactory.class));

            // Another client takes the key over, as after an expiry; a renewal notices while the method runs,
            // and the loss is counted and logged then.
            assertThatThrownBy(() -> guarded.run(() -> {
                redis.opsForValue().set(prefix + ":shared", "someone-else");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> meters.counter("file.lock.lost", "lock", "shared").count() == 1);
                assertThat(output.getAll()).contains("ERROR", "Lock 'shared'", "was lost while Guarded.run",
                        "no longer records it");
            })).isInstanceOf(LockLostException.class).hasMessageContaining("Lock 'shared'").hasMessageContaining("Redis at");

            assertThat(output.getAll()).contains("ERROR").contains("Lock 'shared'").contains("was lost while Guarded.run");
            assertThat(meters.counter("file.lock.lost", "lock", "shared").count()).as("counted once").isEqualTo(1);
            assertThat(redis.opsForValue().get(prefix + ":shared")).isEqualTo("someone-else");
        });
    }

    @Test
    void theMethodsOwnExceptionStaysPrimaryWithTheLossSuppressed() {
        runner().run(context -> {
            Guarded guarded = context.getBean(Guarded.class);
            StringRedisTemplate redis = new StringRedisTemplate(context.getBean(
                    org.springframework.data.redis.connection.RedisConnectionFactory.class));

            assertThatThrownBy(() -> guarded.run(() -> {
                redis.delete(prefix + ":shared");
                throw new IllegalStateException("the method's own failure");
            })).isInstanceOf(IllegalStateException.class).hasMessage("the method's own failure")
                    .satisfies(failure -> assertThat(failure.getSuppressed()).singleElement()
                            .isInstanceOf(LockLostException.class));
        });
    }

    @Test
    void aRegionHookOnARedisLockIsRefusedAtStartUp() {
        runner().withPropertyValues("file-lock.locks.shared.prefix=useRegion")
                .withBean("useRegion", LockHook.class, () -> LockHook.onRegion(context -> context.region()))
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("hook 'useRegion'").hasStackTraceContaining("is a redis lock, which has none"));
    }
}
