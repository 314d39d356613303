package dev.filelock.spring.reactive;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.filelock.spring.FileLocked;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.NamedLock;
import dev.filelock.spring.OnTimeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Beans whose locked methods return Mono and Flux. */
final class ReactiveServices {

    private ReactiveServices() {
    }

    /** A read-modify-write split by a thread hop: loses updates unless subscriptions exclude each other. */
    public static class Counter {
        private int value;
        private final AtomicInteger inside = new AtomicInteger();
        private final AtomicInteger maxInside = new AtomicInteger();

        @FileLocked("counter")
        public Mono<Integer> increment() {
            return Mono.fromCallable(() -> {
                        maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        return value;
                    })
                    .publishOn(Schedulers.parallel())
                    .delayElement(Duration.ofMillis(1))
                    .map(read -> {
                        value = read + 1;
                        inside.decrementAndGet();
                        return value;
                    });
        }

        public int value() {
            return value;
        }

        public int maxInside() {
            return maxInside.get();
        }
    }

    /** Streams, and calls that meet a held lock. */
    public static class Streams {
        private final FileLocks locks;
        private final List<Boolean> heldAtEmit = new CopyOnWriteArrayList<>();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final AtomicInteger bodies = new AtomicInteger();

        public Streams(FileLocks locks) {
            this.locks = locks;
        }

        // Read through methods: the bean is a proxy, whose own fields are never set.

        /** Whether the lock was held at each item {@link #numbers} emitted. */
        public List<Boolean> heldAtEmit() {
            return heldAtEmit;
        }

        /** Whether a subscriber cancelled {@link #numbers}' work. */
        public boolean cancelled() {
            return cancelled.get();
        }

        /** How many bodies of the busy-lock methods ran. */
        public int bodies() {
            return bodies.get();
        }

        /** One number a millisecond, on the parallel scheduler, each emitted under the lock. */
        @FileLocked("stream")
        public Flux<Integer> numbers(int n) {
            return Flux.range(1, n)
                    .delayElements(Duration.ofMillis(1))
                    .doOnNext(i -> heldAtEmit.add(heldByAnyThread(locks.lock("stream"))))
                    .doOnCancel(() -> cancelled.set(true));
        }

        /** Whether some thread holds {@code lock}: this one, or another, so that this one cannot take it at once. */
        static boolean heldByAnyThread(NamedLock lock) {
            if (lock.isHeldByCurrentThread()) {
                return true;
            }
            try {
                Optional<LockHold> hold = lock.tryAcquire(Duration.ZERO);
                hold.ifPresent(LockHold::release);
                return hold.isEmpty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @FileLocked("stream")
        public Mono<String> failing() {
            return Mono.delay(Duration.ofMillis(1)).then(Mono.error(new IllegalStateException("body failed")));
        }

        @FileLocked(name = "busy", timeout = "0", onTimeout = OnTimeout.SKIP)
        public Mono<String> skipOne() {
            return Mono.fromCallable(() -> "ran " + bodies.incrementAndGet());
        }

        @FileLocked(name = "busy", timeout = "0", onTimeout = OnTimeout.SKIP)
        public Flux<String> skipMany() {
            return Flux.defer(() -> Flux.just("ran " + bodies.incrementAndGet()));
        }

        @FileLocked(name = "busy", timeout = "0")
        public Mono<String> failOne() {
            return Mono.fromCallable(() -> "ran " + bodies.incrementAndGet());
        }
    }
}
