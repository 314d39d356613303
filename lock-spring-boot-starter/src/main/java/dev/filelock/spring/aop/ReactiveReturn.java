package dev.filelock.spring.aop;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.ReactiveAdapter;

import dev.filelock.core.LockedSequence;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * How the result of a {@link ReturnKind#REACTIVE} method is locked: each subscription takes the
 * lock, subscribes to what the method returns once the prefix has run, passes its items on while
 * the lock is held, and passes its completion or error on after the suffix and the release. A
 * cancellation cancels the method's publisher, then runs the suffix and releases.
 * <p>
 * No subscriber's thread waits: an {@link AsyncHold}'s holder thread, owned by the starter, takes
 * the lock, runs the hooks and releases (a lock belongs to the thread that took it), so the lock
 * is held across every thread hop of the pipeline. The method itself is called on each
 * subscription, once the lock is held, so that its assembly runs under the lock too.
 * <p>
 * The one class of the starter that uses Reactor: loaded only for such methods.
 */
final class ReactiveReturn {

    private final @Nullable ReactiveAdapter adapter;
    private final boolean multi;

    /**
     * @param adapter converts the method's result to and from a {@link Publisher}; {@code null} for
     *                a Kotlin suspend function, which Spring AOP hands over as a {@code Mono} (or a
     *                {@code Flux} for a {@code Flow}) and awaits from the advice in the same form
     * @param multi   whether the result may emit several items, each passed on as it comes;
     *                otherwise its item is passed on with its completion, after the release
     */
    ReactiveReturn(@Nullable ReactiveAdapter adapter, boolean multi) {
        this.adapter = adapter;
        this.multi = multi;
    }

    /**
     * What the call returns: a publisher of the method's own kind that runs {@code work} under the
     * lock, once per subscription.
     *
     * @param holds makes the hold of one subscription
     * @param work  calls the method
     */
    Object lock(Supplier<AsyncHold> holds, LockedSequence.Body<?> work) {
        Flux<Object> locked = Flux.defer(() -> new Subscription(holds.get()).run(work));
        Publisher<Object> shaped = multi ? locked : locked.singleOrEmpty();
        return adapter == null ? shaped : adapter.fromPublisher(shaped);
    }

    /** The hold of one subscription. */
    private final class Subscription {

        private final AsyncHold hold;
        // What the holder waits for before it runs the suffix and releases.
        private final CompletableFuture<@Nullable Object> done = new CompletableFuture<>();
        private volatile boolean cancelled;

        Subscription(AsyncHold hold) {
            this.hold = hold;
        }

        Flux<Object> run(LockedSequence.Body<?> work) {
            hold.work(done);
            Thread holder = hold.start();
            return Mono.<Boolean>create(sink -> {
                        sink.onCancel(() -> cancelled = true);
                        hold.acquired().whenComplete((acquired, failure) -> {
                            // A subscriber gone while the lock was awaited wants no signal, not even an error.
                            if (cancelled) {
                                return;
                            }
                            if (failure != null) {
                                sink.error(failure);
                            } else {
                                sink.success(acquired);
                            }
                        });
                    })
                    .flatMapMany(acquired -> acquired ? held(work) : Flux.empty())
                    // After the cancel has reached the method's publisher: its work stops before the lock goes.
                    .doFinally(signal -> {
                        if (signal == SignalType.CANCEL) {
                            cancel(holder);
                        }
                    });
        }

        /** Called once the lock is held and the prefix has run, on the holder thread. */
        private Flux<Object> held(LockedSequence.Body<?> work) {
            Publisher<?> source;
            try {
                source = publisher(work.call());
            } catch (Throwable failure) {
                done.completeExceptionally(failure);
                return Flux.from(released());
            }
            return Flux.<Object>from(source)
                    .onErrorResume(failure -> {
                        done.completeExceptionally(failure);
                        return released();
                    })
                    .concatWith(Mono.defer(() -> {
                        done.complete(null);
                        return released();
                    }));
        }

        /** Completes, or fails by lock-core's sequence's rules, once the suffix has run and the lock is released. */
        private Mono<Object> released() {
            return Mono.fromFuture(hold.released(), true).then(Mono.empty());
        }

        private void cancel(Thread holder) {
            cancelled = true;
            if (!hold.abandon(holder)) {
                done.completeExceptionally(new CancellationException("The subscriber cancelled"));
            }
        }

        private Publisher<?> publisher(@Nullable Object result) {
            if (result == null) {
                return Mono.empty();
            }
            return adapter == null ? (Publisher<?>) result : adapter.toPublisher(result);
        }
    }
}
