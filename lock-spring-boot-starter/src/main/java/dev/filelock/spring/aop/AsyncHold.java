package dev.filelock.spring.aop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.filelock.core.LockException;
import dev.filelock.core.LockedSequence;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.NamedLock;

/**
 * One call whose work outlives the method's return: the lock is held until the work completes. A
 * lock belongs to the thread that took it, so a holder thread owned by the starter takes it, runs
 * the prefix, lets the work start, waits for it to complete, runs the suffix and releases.
 * <p>
 * For a method returning a {@link CompletionStage}, {@link #run} is the caller's side: it waits
 * for the lock, runs the method and returns a future that completes like the method's, after the
 * lock is released. {@link ReactiveReturn} drives the same holder without blocking.
 */
final class AsyncHold {

    // The locks held by holder threads for the method bodies this thread is running now.
    private static final ThreadLocal<List<NamedLock>> BODIES_RUNNING = new ThreadLocal<>();
    // How many such bodies run now on any thread: while none does, a synchronous call need not read
    // the thread-local. A thread that runs one has counted it itself, so it sees a count above zero.
    private static final AtomicInteger BODIES_RUNNING_ANYWHERE = new AtomicInteger();

    private final LockedMethodInvoker invoker;
    private final CallContext context;
    private final CompletableFuture<Boolean> acquired = new CompletableFuture<>();
    private final CompletableFuture<CompletionStage<?>> started = new CompletableFuture<>();
    private final CompletableFuture<Object> released = new CompletableFuture<>();
    private boolean claimed;
    private boolean abandoned;

    AsyncHold(LockedMethodInvoker invoker, CallContext context) {
        this.invoker = invoker;
        this.context = context;
    }

    /** Starts the holder thread, which waits for the lock: {@link #acquired()} tells the outcome. */
    Thread start() {
        Thread holder = new Thread(this::hold, "file-lock-" + context.lockName() + "-holder");
        holder.setDaemon(true);
        holder.start();
        return holder;
    }

    /**
     * Completes with {@code true} once the lock is held and the prefix has run, with {@code false}
     * when not acquired with {@code onTimeout = SKIP} or abandoned, or with the timeout's, the
     * interrupt's or the prefix's exception.
     */
    CompletableFuture<Boolean> acquired() {
        return acquired;
    }

    /** The work the lock is held for: the holder runs the suffix and releases once it completes. */
    void work(CompletionStage<?> work) {
        started.complete(work);
    }

    /** Completes like the work, after the suffix and the release, by lock-core's sequence's rules. */
    CompletableFuture<Object> released() {
        return released;
    }

    Object run(LockedSequence.Body<?> work) throws Throwable {
        Thread holder = start();
        if (!awaitAcquired(holder)) {
            return context.lockedMethod().returnKind().skipped();
        }
        Object stage;
        List<NamedLock> running = BODIES_RUNNING.get();
        if (running == null) {
            running = new ArrayList<>(2);
            BODIES_RUNNING.set(running);
        }
        running.add(context.lock());
        BODIES_RUNNING_ANYWHERE.incrementAndGet();
        try {
            stage = work.call();
        } catch (Throwable t) {
            started.completeExceptionally(t);
            awaitReleased();
            throw t;
        } finally {
            BODIES_RUNNING_ANYWHERE.decrementAndGet();
            running.remove(running.size() - 1);
            if (running.isEmpty()) {
                BODIES_RUNNING.remove();
            }
        }
        work(stage == null ? CompletableFuture.completedFuture(null) : (CompletionStage<?>) stage);
        return released;
    }

    /** Whether a holder thread holds {@code lock} for a method body that this thread is running. */
    static boolean heldForBodyOnThisThread(NamedLock lock) {
        if (BODIES_RUNNING_ANYWHERE.get() == 0) {
            return false;
        }
        List<NamedLock> running = BODIES_RUNNING.get();
        if (running == null) {
            return false;
        }
        for (NamedLock held : running) {
            if (held.equals(lock)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits for the holder to take the lock and run the prefix. An interrupt ends the wait as it
     * does a synchronous call's: the holder stops waiting, or lets go of the lock at once if it
     * got it meanwhile.
     */
    private boolean awaitAcquired(Thread holder) throws Throwable {
        try {
            return acquired.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!abandon(holder)) {
                // The holder had the lock already: the call goes on, as a synchronous one that holds it does.
                try {
                    return acquired.join();
                } catch (CompletionException failure) {
                    throw failure.getCause();
                }
            }
            throw LockedMethodInvoker.interrupted(context.lockedMethod(), context.lock(), context.key().orElse(null), e);
        }
    }

    /**
     * Stops the holder's wait for the lock, or has it let go at once if it got it meanwhile;
     * {@code false} once the holder holds the lock for the work, which must then end it.
     */
    // Both under this monitor, so that an interrupt sent by abandon() has arrived when claim() clears it.
    synchronized boolean abandon(Thread holder) {
        if (claimed) {
            return false;
        }
        abandoned = true;
        holder.interrupt();
        return true;
    }

    private synchronized boolean claim() {
        if (abandoned) {
            Thread.interrupted();
            return false;
        }
        claimed = true;
        return true;
    }

    private void hold() {
        LockHold hold;
        try {
            hold = invoker.acquire(context);
        } catch (Throwable t) {
            acquired.completeExceptionally(t);
            return;
        }
        if (hold == null) {
            acquired.complete(false);
            return;
        }
        if (!claim()) {
            try {
                hold.release();
            } finally {
                acquired.complete(false);
            }
            return;
        }
        ActiveHolds holds = invoker.holds();
        holds.begin();
        holds.holding(Thread.currentThread());
        Object value = null;
        Throwable failure = null;
        try {
            value = invoker.runHeld(context, hold, () -> {
                acquired.complete(true);
                return awaitWork();
            });
        } catch (Throwable t) {
            failure = t;
            // A prefix that failed ends the caller's wait for the lock with its exception.
            acquired.completeExceptionally(t);
        } finally {
            holds.released(Thread.currentThread());
            holds.end();
        }
        if (failure == null) {
            released.complete(value);
        } else {
            released.completeExceptionally(failure);
        }
    }

    // Waiting for the method itself ignores interrupts: it runs on the caller's thread, which owns
    // the call. Waiting for its asynchronous result ends early only when the context closes.
    private Object awaitWork() throws Throwable {
        CompletionStage<?> stage;
        try {
            stage = started.join();
        } catch (CompletionException e) {
            throw e.getCause();
        }
        try {
            return stage.toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (InterruptedException e) {
            throw new LockException("Lock '" + context.lockName() + "' held for " + context.lockedMethod().where()
                    + " was released because the application context closed before the work completed");
        }
    }

    private void awaitReleased() {
        try {
            released.join();
        } catch (CompletionException | CancellationException ignored) {
            // The caller rethrows the method's own exception.
        }
    }
}
