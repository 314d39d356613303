package dev.filelock.spring.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.filelock.core.LockTimeoutException;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.LockHook;
import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration;
import dev.filelock.spring.autoconfigure.FileLockMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code @FileLocked} methods returning Mono and Flux: held from subscription to the terminal signal or cancellation. */
class ReactiveLockedMethodsTest {

    @TempDir
    Path dir;

    private final List<String> hooks = new CopyOnWriteArrayList<>();

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, FileLockAutoConfiguration.class,
                        FileLockMetricsAutoConfiguration.class))
                .withPropertyValues("file-lock.directory=" + dir, "file-lock.default-timeout=60s",
                        "file-lock.locks.counter.type=file", "file-lock.locks.stream.type=file",
                        "file-lock.locks.busy.type=file")
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(ReactiveServices.Counter.class)
                .withBean(ReactiveServices.Streams.class);
    }

    @Test
    void twoHundredConcurrentSubscriptionsOfAMonoWithAThreadHopCountExactlyOneAtATime() {
        runner().run(context -> {
            ReactiveServices.Counter counter = context.getBean(ReactiveServices.Counter.class);
            Flux.range(0, 200).flatMap(i -> counter.increment(), 200).blockLast(Duration.ofSeconds(120));
            assertThat(counter.value()).isEqualTo(200);
            assertThat(counter.maxInside()).isEqualTo(1);
            assertThat(held(context.getBean(MeterRegistry.class), "counter", "success")).isEqualTo(200);
        });
    }

    @Test
    void theLockIsTakenOnAThreadMeantForBlockingNeverOnTheSubscribersNonBlockingThread() {
        runner().withPropertyValues("file-lock.locks.counter.prefix=record")
                .withBean("record", LockHook.class, () -> context -> hooks.add(Thread.currentThread().getName() + " "
                        + Schedulers.isInNonBlockingThread()))
                .run(context -> {
                    ReactiveServices.Counter counter = context.getBean(ReactiveServices.Counter.class);
                    List<String> subscribers = new CopyOnWriteArrayList<>();
                    Mono.defer(() -> {
                                subscribers.add(Thread.currentThread().getName());
                                return counter.increment();
                            })
                            .subscribeOn(Schedulers.parallel())
                            .block(Duration.ofSeconds(30));
                    assertThat(subscribers).singleElement().asString().startsWith("parallel-");
                    assertThat(hooks).singleElement().asString().startsWith("file-lock-counter-holder").endsWith(" false");
                });
    }

    @Test
    void aFluxHoldsTheLockForTheWholeStreamAndPassesCompletionOnAfterTheRelease() {
        runner().run(context -> {
            ReactiveServices.Streams streams = context.getBean(ReactiveServices.Streams.class);
            assertThat(streams.numbers(5).collectList().block(Duration.ofSeconds(30))).containsExactly(1, 2, 3, 4, 5);
            assertThat(streams.heldAtEmit()).containsExactly(true, true, true, true, true);
            assertThat(ReactiveServices.Streams.heldByAnyThread(context.getBean(FileLocks.class).lock("stream"))).isFalse();
        });
    }

    @Test
    void cancellingAFluxCancelsItsWorkThenRunsTheSuffixAndReleases() {
        CountDownLatch suffixRan = new CountDownLatch(1);
        runner().withPropertyValues("file-lock.locks.stream.suffix=after")
                .withBean("after", LockHook.class, () -> context -> suffixRan.countDown())
                .run(context -> {
                    ReactiveServices.Streams streams = context.getBean(ReactiveServices.Streams.class);
                    assertThat(streams.numbers(1_000).take(2).collectList().block(Duration.ofSeconds(30)))
                            .containsExactly(1, 2);
                    assertThat(suffixRan.await(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(streams.cancelled()).isTrue();
                    // Released: another caller takes it at once.
                    assertThat(ReactiveServices.Streams.heldByAnyThread(context.getBean(FileLocks.class).lock("stream"))).isFalse();
                });
    }

    @Test
    void theBodysErrorIsPassedOnAsItWasAfterTheSuffixAndTheRelease() {
        runner().withPropertyValues("file-lock.locks.stream.suffix=after")
                .withBean("after", LockHook.class, () -> context -> hooks.add("suffix"))
                .run(context -> {
                    ReactiveServices.Streams streams = context.getBean(ReactiveServices.Streams.class);
                    assertThatThrownBy(() -> streams.failing().block(Duration.ofSeconds(30)))
                            .isInstanceOf(IllegalStateException.class).hasMessage("body failed");
                    assertThat(hooks).containsExactly("suffix");
                    assertThat(ReactiveServices.Streams.heldByAnyThread(context.getBean(FileLocks.class).lock("stream"))).isFalse();
                });
    }

    @Test
    void onAHeldLockSkipCompletesEmptyAndFailErrorsWithTheTimeout() throws Exception {
        runner().run(context -> {
            ReactiveServices.Streams streams = context.getBean(ReactiveServices.Streams.class);
            LockHold hold = context.getBean(FileLocks.class).lock("busy").acquire(Duration.ZERO);
            try {
                assertThat(streams.skipOne().block(Duration.ofSeconds(30))).isNull();
                assertThat(streams.skipMany().collectList().block(Duration.ofSeconds(30))).isEmpty();
                assertThatThrownBy(() -> streams.failOne().block(Duration.ofSeconds(30)))
                        .isInstanceOf(LockTimeoutException.class).hasMessageContaining("Lock 'busy'");
                assertThat(streams.bodies()).isZero();
            } finally {
                hold.release();
            }
            assertThat(streams.failOne().block(Duration.ofSeconds(30))).isEqualTo("ran 1");
            assertThat(timer(context.getBean(MeterRegistry.class), "file.lock.wait", "busy", "timeout")).isEqualTo(3);
        });
    }

    @Test
    void eachSubscriptionTakesTheLockAgain() {
        runner().run(context -> {
            ReactiveServices.Counter counter = context.getBean(ReactiveServices.Counter.class);
            Mono<Integer> once = counter.increment();
            assertThat(once.repeat(2).collectList().block(Duration.ofSeconds(30))).containsExactly(1, 2, 3);
            assertThat(held(context.getBean(MeterRegistry.class), "counter", "success")).isEqualTo(3);
        });
    }

    private static long held(MeterRegistry registry, String lock, String outcome) {
        return timer(registry, "file.lock.held", lock, outcome);
    }

    private static long timer(MeterRegistry registry, String name, String lock, String outcome) {
        Timer timer = registry.find(name).tags("lock", lock, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }
}
