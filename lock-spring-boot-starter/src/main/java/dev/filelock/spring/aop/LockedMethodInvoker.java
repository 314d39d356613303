package dev.filelock.spring.aop;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.filelock.core.LockInterruptedException;
import dev.filelock.core.LockLostException;
import dev.filelock.core.LockTimeoutException;
import dev.filelock.core.LockedSequence;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockContext;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.NamedLock;
import dev.filelock.spring.OnLost;
import dev.filelock.spring.OnTimeout;
import dev.filelock.spring.aop.LockedMethod.Hook;
import dev.filelock.spring.metrics.LockMetrics;
import dev.filelock.spring.metrics.LockMetrics.HoldOutcome;
import dev.filelock.spring.metrics.LockMetrics.WaitOutcome;

/**
 * Runs one call of a {@link dev.filelock.spring.FileLocked} method: waits for its lock, then runs
 * lock-core's {@link LockedSequence} (prefix hook, method, suffix hook, release). Independent of
 * how the call was intercepted (Spring AOP proxy or AspectJ weaving) and of the lock's type.
 */
final class LockedMethodInvoker {

    private static final Log log = LogFactory.getLog(LockedMethodInvoker.class);

    private final LockedMethods methods;
    private final FileLocks locks;
    private final LockMetrics metrics;
    private final ActiveHolds holds;
    // Without metrics a call reads no clock: each read costs about as much as the rest of the call.
    private final boolean timed;

    LockedMethodInvoker(LockedMethods methods, FileLocks locks, LockMetrics metrics, ActiveHolds holds) {
        this.methods = methods;
        this.locks = locks;
        this.metrics = metrics;
        this.holds = holds;
        this.timed = metrics != LockMetrics.NONE;
    }

    /**
     * Runs {@code work} of {@code call}, the call of {@code method} on {@code target}, under the
     * method's lock.
     *
     * @param target the object the method is called on; {@code null} when unknown
     */
    <C> @Nullable Object invoke(Method method, @Nullable Object target, Object[] arguments, C call,
            LockedSequence.Work<C, Object> work) throws Throwable {
        LockedMethod lockedMethod = methods.resolve(method, target);
        String key = lockedMethod.key(target, arguments);
        NamedLock lock = key == null ? lockedMethod.unkeyed() : locks.lock(lockedMethod.lock().name(), key);
        refuseWaitingForItself(lockedMethod, lock, key);
        ReactiveReturn reactive = lockedMethod.reactive();
        if (reactive != null) {
            return reactive.lock(() -> new AsyncHold(this, new CallContext(lockedMethod, key, lock, target, arguments)),
                    () -> work.call(call));
        }
        if (lockedMethod.returnKind() == ReturnKind.ASYNC) {
            return new AsyncHold(this, new CallContext(lockedMethod, key, lock, target, arguments))
                    .run(() -> work.call(call));
        }
        if (lockedMethod.hasHooks()) {
            return invokeWithHooks(new CallContext(lockedMethod, key, lock, target, arguments), () -> work.call(call));
        }
        LockHold hold = acquire(lockedMethod, lock, key);
        if (hold == null) {
            return lockedMethod.returnKind().skipped();
        }
        CallContext context = new CallContext(lockedMethod, key, lock, target, arguments);
        context.held(hold, this::lostWhileHeld);
        holds.begin();
        LockContext outer = context.bind();
        long heldSince = now();
        Object result;
        try {
            result = LockedSequence.run(call, work, hold, LockHold::release);
        } catch (Throwable failure) {
            ended(context, outer, failure, heldSince);
            throw failure;
        }
        ended(context, outer, null, heldSince);
        return result;
    }

    /** A synchronous call whose hooks are given {@code context}. */
    private @Nullable Object invokeWithHooks(CallContext context, LockedSequence.Body<Object> body) throws Throwable {
        LockHold hold = acquire(context);
        if (hold == null) {
            return context.lockedMethod().returnKind().skipped();
        }
        holds.begin();
        LockContext outer = context.bind();
        try {
            return runHeld(context, hold, body);
        } finally {
            context.unbind(outer);
            holds.end();
        }
    }

    /** Reports the end of a hold without hooks, and counts it as ended. */
    private void ended(CallContext context, @Nullable LockContext outer, @Nullable Throwable failure, long heldSince) {
        context.unbind(outer);
        try {
            if (failure != null) {
                reportLoss(context, failure);
            }
            recordHold(context.lockName(), failure, heldSince);
        } finally {
            holds.end();
        }
    }

    /**
     * Refuses the nested calls that would wait for their own caller until the timeout, or for ever:
     * an asynchronous method's lock is held by a starter thread, not by the thread running its body,
     * so neither reentrancy direction works between the two.
     */
    private static void refuseWaitingForItself(LockedMethod lockedMethod, NamedLock lock, @Nullable String key) {
        String problem;
        if (AsyncHold.heldForBodyOnThisThread(lock)) {
            problem = "is called from an asynchronous method holding the same lock on a starter thread";
        } else if (lockedMethod.returnKind() == ReturnKind.ASYNC && lock.isHeldByCurrentThread()) {
            problem = "returns a CompletionStage, whose lock a starter thread must take, but this thread already holds it";
        } else {
            return;
        }
        throw new IllegalStateException(lockedMethod.where() + " " + problem + " (lock '"
                + describe(lockedMethod, key) + "'): waiting would deadlock. Call it outside the locked method, or lock "
                + "one of the two on another lock");
    }

    /** Waits for the lock of a call with a context; see {@link #acquire(LockedMethod, NamedLock, String)}. */
    @Nullable LockHold acquire(CallContext context) {
        LockHold hold = acquire(context.lockedMethod(), context.lock(), context.key().orElse(null));
        if (hold != null) {
            context.held(hold, this::lostWhileHeld);
        }
        return hold;
    }

    /**
     * Waits for the call's lock as long as its timeout allows.
     *
     * @return the hold, or {@code null} when not acquired with {@link OnTimeout#SKIP}
     * @throws LockTimeoutException     for {@link OnTimeout#FAIL}, naming the lock, file, wait and holder
     * @throws LockInterruptedException if the thread was interrupted while waiting
     */
    // Small, with the rare outcomes in methods of their own, so that it is inlined into the call:
    // then a hold that the call only releases need not be allocated.
    private @Nullable LockHold acquire(LockedMethod lockedMethod, NamedLock lock, @Nullable String key) {
        long start = now();
        Optional<LockHold> hold;
        try {
            hold = lock.tryAcquire(lockedMethod.timeout());
        } catch (InterruptedException e) {
            throw interruptedWhileWaiting(lockedMethod, lock, key, e, start);
        }
        if (hold.isPresent()) {
            recordWait(lockedMethod.lock().name(), WaitOutcome.ACQUIRED, start);
            return hold.get();
        }
        recordWait(lockedMethod.lock().name(), WaitOutcome.TIMEOUT, start);
        return notAcquired(lockedMethod, lock);
    }

    private LockInterruptedException interruptedWhileWaiting(LockedMethod lockedMethod, NamedLock lock,
            @Nullable String key, InterruptedException e, long start) {
        recordWait(lockedMethod.lock().name(), WaitOutcome.INTERRUPTED, start);
        Thread.currentThread().interrupt();
        return interrupted(lockedMethod, lock, key, e);
    }

    /** {@code null} for {@link OnTimeout#SKIP}, after logging the skip. */
    private static @Nullable LockHold notAcquired(LockedMethod lockedMethod, NamedLock lock) {
        LockTimeoutException timedOut = lock.timedOut(lockedMethod.timeout());
        if (lockedMethod.onTimeout() == OnTimeout.SKIP) {
            log.info("Skipped " + lockedMethod.where() + " (onTimeout = SKIP): " + timedOut.getMessage());
            return null;
        }
        throw timedOut;
    }

    /** The exception for a call interrupted while it waited for its lock. */
    static LockInterruptedException interrupted(LockedMethod lockedMethod, NamedLock lock, @Nullable String key,
            InterruptedException cause) {
        return new LockInterruptedException("Interrupted while " + lockedMethod.where() + " waited for lock '"
                + describe(lockedMethod, key) + "' (" + lock.description() + ")", cause);
    }

    /** The lock as named in messages: {@code orders' key '42}, to be quoted. */
    static String describe(LockedMethod lockedMethod, @Nullable String key) {
        return key == null ? lockedMethod.lock().name() : lockedMethod.lock().name() + "' key '" + key;
    }

    /**
     * Runs lock-core's sequence with {@code hold} acquired: prefix, {@code body}, suffix, release,
     * and records how long the lock was held.
     */
    <T> T runHeld(CallContext context, LockHold hold, LockedSequence.Body<T> body) throws Throwable {
        LockedMethod lockedMethod = context.lockedMethod();
        long heldSince = now();
        Throwable failure = null;
        try {
            return LockedSequence.run(step(lockedMethod.prefix(), context), body, step(lockedMethod.suffix(), context),
                    hold::release);
        } catch (Throwable t) {
            failure = t;
            reportLoss(context, t);
            throw t;
        } finally {
            recordHold(lockedMethod.lock().name(), failure, heldSince);
        }
    }

    /**
     * Told by the hold the moment it is found lost, on the thread that found it: the loss is counted
     * and logged now, while the method may still run, and its thread interrupted when the lock is
     * declared {@code on-lost: interrupt}; the release's {@link LockLostException} is not reported again.
     */
    void lostWhileHeld(CallContext context, LockLostException loss) {
        if (!context.firstToReportLoss()) {
            return;
        }
        report(context, loss);
        Thread runner = context.runner();
        // A loss the running thread finds itself (asking isHeld(), releasing) needs no interrupt to be seen.
        if (runner != null && runner != Thread.currentThread()
                && context.lockedMethod().lock().onLost() == OnLost.INTERRUPT) {
            runner.interrupt();
        }
    }

    /** A lost lock is never only an exception: unless told already, it is counted and logged as an error too. */
    private void reportLoss(CallContext context, Throwable failure) {
        LockLostException lost = failure instanceof LockLostException primary ? primary : null;
        for (Throwable suppressed : failure.getSuppressed()) {
            if (lost == null && suppressed instanceof LockLostException loss) {
                lost = loss;
            }
        }
        if (lost != null && context.firstToReportLoss()) {
            report(context, lost);
        }
    }

    private void report(CallContext context, LockLostException lost) {
        LockedMethod lockedMethod = context.lockedMethod();
        log.error("Lock '" + describe(lockedMethod, context.key().orElse(null)) + "' (" + context.lock().description()
                + ") was lost while " + lockedMethod.where() + " held it: another holder may run at the same time. "
                + lost.getMessage());
        try {
            metrics.lost(lockedMethod.lock().name());
        } catch (RuntimeException e) {
            log.debug("Lock metrics failed; the call is unaffected", e);
        }
    }

    ActiveHolds holds() {
        return holds;
    }

    private static LockedSequence.@Nullable Step step(@Nullable Hook hook, CallContext context) {
        return hook == null ? null : () -> hook.hook().run(context);
    }

    private long now() {
        return timed ? System.nanoTime() : 0;
    }

    private void recordHold(String lock, @Nullable Throwable failure, long heldSince) {
        if (!timed) {
            return;
        }
        try {
            metrics.held(lock, failure == null ? HoldOutcome.SUCCESS : HoldOutcome.FAILURE, System.nanoTime() - heldSince);
        } catch (RuntimeException e) {
            log.debug("Lock metrics failed; the call is unaffected", e);
        }
    }

    private void recordWait(String lock, WaitOutcome outcome, long start) {
        if (!timed) {
            return;
        }
        try {
            metrics.waited(lock, outcome, System.nanoTime() - start);
        } catch (RuntimeException e) {
            log.debug("Lock metrics failed; the call is unaffected", e);
        }
    }
}
