package dev.filelock.spring.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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

import dev.filelock.core.LockLostException;
import dev.filelock.spring.FileLocked;
import dev.filelock.spring.LockContext;
import dev.filelock.testservers.Database;
import dev.filelock.testservers.OwnPostgres;
import dev.filelock.testservers.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A loss is told the moment it is known, while the method still runs: counted, logged, visible to
 * the method through {@link LockContext#current()}, and, with {@code on-lost: interrupt}, an
 * interrupt of the thread running it.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeaseLossTest {

    private static final Duration LEASE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    final String prefix = "test-" + UUID.randomUUID();

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
        @Bean
        Guarded guarded() {
            return new Guarded();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    ApplicationContextRunner redis() {
        return new ApplicationContextRunner().withUserConfiguration(App.class).withPropertyValues(
                "spring.data.redis.url=" + TestServers.redis().url(),
                "file-lock.directory=" + dir,
                "file-lock.redis.key-prefix=" + prefix,
                "file-lock.locks.shared.type=redis",
                "file-lock.locks.shared.lease=" + LEASE.toSeconds() + "s");
    }

    /** A jdbc lock with the test's lease on {@code database}, reached at {@code url}. */
    ApplicationContextRunner jdbc(Database database, String url) {
        return new ApplicationContextRunner().withUserConfiguration(App.class).withPropertyValues(
                "spring.datasource.url=" + url,
                "spring.datasource.username=" + database.user(),
                "spring.datasource.password=" + database.password(),
                "file-lock.jdbc.initialize-schema=always",
                "file-lock.directory=" + dir,
                "file-lock.locks.shared.type=jdbc",
                "file-lock.locks.shared.lease=" + LEASE.toSeconds() + "s");
    }

    /**
     * The pool's connection timeout stays Hikari's 30 s, the user's: a renewal waiting in it is not
     * waited for; the hold's deadline fires at lease less margin after the last good renewal began.
     */
    @Test
    void aDatabaseOutageLongerThanTheLeaseIsReportedWithinTheLeaseWhileTheMethodStillRuns(CapturedOutput output) {
        try (OwnPostgres postgres = TestServers.ownPostgres()) {
            Database database = postgres.database();
            jdbc(database, database.url()).run(context -> {
                Guarded guarded = context.getBean(Guarded.class);
                MeterRegistry meters = context.getBean(MeterRegistry.class);
                AtomicLong toldAfterMillis = new AtomicLong(-1);
                long[] callEnded = new long[1];

                assertThatThrownBy(() -> guarded.run(() -> {
                    LockContext held = LockContext.current().orElseThrow();
                    assertThat(held.isHeld()).isTrue();
                    // Before the outage: every renewal so far started before this moment.
                    long stopping = System.nanoTime();
                    postgres.stop();
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                            .until(() -> lost(meters) == 1);
                    toldAfterMillis.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
                    assertThat(held.isHeld()).as("the method can see it").isFalse();
                    assertThat(output.getAll()).contains("ERROR", "Lock 'shared'", "was lost while Guarded.run",
                            "ran out on this JVM's clock");
                    callEnded[0] = System.nanoTime();
                })).isInstanceOf(LockLostException.class).hasMessageContaining("Lock 'shared'");

                long releaseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - callEnded[0]);
                assertThat(toldAfterMillis.get()).as("told within lease + margin of the last good renewal")
                        .isBetween(0L, LEASE.toMillis() + LEASE.toMillis() / 10);
                assertThat(releaseMillis).as("a lost hold's release does not wait for the pool's 30 s")
                        .isLessThan(1_000);
                assertThat(lost(meters)).as("counted once").isEqualTo(1);
                System.out.println("MEASURED postgres outage: told after " + toldAfterMillis.get()
                        + " ms from the stop, release took " + releaseMillis + " ms");
            });
        }
    }

    /**
     * A link that stops answering without closing: a renewal waits on it for ever (no socket timeout is
     * configured), yet the holder is told at lease less margin, and its release does not wait either.
     */
    @Test
    void aBlackHoledLinkIsReportedAtTheLeaseLessMarginAndTheReleaseDoesNotHang(CapturedOutput output) {
        try (OwnPostgres postgres = TestServers.ownPostgres()) {
            Database database = postgres.database();
            int port = Integer.parseInt(database.url().replaceAll(".*:(\\d+)/.*", "$1"));
            try (BlackHoleProxy proxy = new BlackHoleProxy(port)) {
                jdbc(database, database.url().replace(":" + port + "/", ":" + proxy.port() + "/")).run(context -> {
                    Guarded guarded = context.getBean(Guarded.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    AtomicLong toldAfterMillis = new AtomicLong(-1);
                    long[] callEnded = new long[1];

                    assertThatThrownBy(() -> guarded.run(() -> {
                        long cut = System.nanoTime();
                        proxy.blackHole();
                        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                                .until(() -> lost(meters) == 1);
                        toldAfterMillis.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut));
                        assertThat(LockContext.current().orElseThrow().isHeld()).isFalse();
                        callEnded[0] = System.nanoTime();
                    })).isInstanceOf(LockLostException.class).hasMessageContaining("Lock 'shared'");

                    long releaseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - callEnded[0]);
                    assertThat(toldAfterMillis.get()).as("told within lease + margin of the last good renewal")
                            .isBetween(0L, LEASE.toMillis() + LEASE.toMillis() / 10);
                    assertThat(releaseMillis).as("the release of a lost hold does not wait for the link").isLessThan(1_000);
                    assertThat(output.getAll()).contains("ran out on this JVM's clock");
                    System.out.println("MEASURED black-holed link: told after " + toldAfterMillis.get()
                            + " ms from the cut, release took " + releaseMillis + " ms");
                });
            }
        }
    }

    @Test
    void onLostInterruptInterruptsTheMethodTheMomentTheLockIsLost() {
        redis().withPropertyValues("file-lock.locks.shared.on-lost=interrupt").run(context -> {
            Guarded guarded = context.getBean(Guarded.class);
            StringRedisTemplate redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
            AtomicBoolean interrupted = new AtomicBoolean();

            assertThatThrownBy(() -> guarded.run(() -> {
                // Another client has the key, as after an expiry: the next renewal finds it.
                redis.opsForValue().set(prefix + ":shared", "someone-else");
                try {
                    new CountDownLatch(1).await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            })).isInstanceOf(LockLostException.class);

            assertThat(interrupted).as("the wait was interrupted, not timed out").isTrue();
            assertThat(lost(context.getBean(MeterRegistry.class))).isEqualTo(1);
        });
    }

    @Test
    void withTheDefaultReportTheMethodRunsOnUninterruptedAndCanAskWhetherItStillHoldsTheLock() {
        redis().run(context -> {
            Guarded guarded = context.getBean(Guarded.class);
            StringRedisTemplate redis = new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(LockContext.current()).as("outside a locked method").isEmpty();

            assertThatThrownBy(() -> guarded.run(() -> {
                LockContext context1 = LockContext.current().orElseThrow();
                assertThat(context1.lockName()).isEqualTo("shared");
                assertThat(context1.isHeld()).isTrue();
                redis.opsForValue().set(prefix + ":shared", "someone-else");
                await().atMost(Duration.ofSeconds(10)).until(() -> !context1.isHeld());
                assertThat(lost(meters)).as("counted the moment it was found").isEqualTo(1);
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
            })).isInstanceOf(LockLostException.class);

            assertThat(LockContext.current()).as("cleared at the call's end").isEmpty();
            assertThat(lost(meters)).isEqualTo(1);
        });
    }

    @Test
    void theCurrentContextIsTheInnermostCallsAndTheOuterOneComesBack() {
        redis().withPropertyValues("file-lock.locks.inner.type=file").withBean(Inner.class).run(context -> {
            Guarded guarded = context.getBean(Guarded.class);
            Inner inner = context.getBean(Inner.class);
            List<String> seen = new ArrayList<>();

            guarded.run(() -> {
                seen.add(LockContext.current().orElseThrow().lockName());
                inner.run(() -> seen.add(LockContext.current().orElseThrow().lockName()));
                seen.add(LockContext.current().orElseThrow().lockName());
            });

            assertThat(seen).containsExactly("shared", "inner", "shared");
            assertThat(LockContext.current()).isEmpty();
        });
    }

    public static class Inner {
        @FileLocked("inner")
        public void run(Runnable body) {
            body.run();
        }
    }

    private static long lost(MeterRegistry meters) {
        return (long) meters.counter("file.lock.lost", "lock", "shared").count();
    }
}
