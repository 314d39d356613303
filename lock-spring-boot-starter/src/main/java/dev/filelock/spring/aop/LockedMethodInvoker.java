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
import dev.filelock.spring.LockHold;
import dev.filelock.spring.NamedLock;
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

    /** The intercepted method's own work. */
    @FunctionalInterface
    interface Work {
        Object proceed() throws Throwable;
    }

    private final LockedMethods methods;
    private final FileLocks locks;
    private final LockMetrics metrics;
    private final ActiveHolds holds;

    LockedMethodInvoker(LockedMethods methods, FileLocks locks, LockMetrics metrics, ActiveHolds holds) {
        this.methods = methods;
        this.locks = locks;
        this.metrics = metrics;
        this.holds = holds;
    }

    /**
     * Runs {@code work}, the call of {@code method} on {@code target} (of {@code targetClass}), under
     * the method's lock.
     */
    @Nullable Object invoke(Method method, Class<?> targetClass, Object target, Object[] arguments, Work work)
            throws Throwable {
        LockedMethod lockedMethod = methods.resolve(method, targetClass);
        String key = lockedMethod.key(target, arguments);
        String name = lockedMethod.lock().name();
        NamedLock lock = key == null ? locks.lock(name) : locks.lock(name, key);
        CallContext context = new CallContext(lockedMethod, key, lock, target, arguments);
        refuseWaitingForItself(context);
        if (lockedMethod.returnKind() == ReturnKind.ASYNC) {
            return new AsyncHold(this, context).run(work);
        }
        LockHold hold = acquire(context);
        if (hold == null) {
            return lockedMethod.returnKind().skipped();
        }
        holds.begin();
        try {
            return runHeld(context, hold, work::proceed);
        } finally {
            holds.end();
        }
    }

    /**
     * Refuses the nested calls that would wait for their own caller until the timeout, or for ever:
     * an asynchronous method's lock is held by a starter thread, not by the thread running its body,
     * so neither reentrancy direction works between the two.
     */
    private static void refuseWaitingForItself(CallContext context) {
        LockedMethod lockedMethod = context.lockedMethod();
        String problem;
        if (AsyncHold.heldForBodyOnThisThread(context.lock())) {
            problem = "is called from an asynchronous method holding the same lock on a starter thread";
        } else if (lockedMethod.returnKind() == ReturnKind.ASYNC && context.lock().isHeldByCurrentThread()) {
            problem = "returns a CompletionStage, whose lock a starter thread must take, but this thread already holds it";
        } else {
            return;
        }
        throw new IllegalStateException(lockedMethod.where() + " " + problem + " (lock '" + context.describeLock()
                + "'): waiting would deadlock. Call it outside the locked method, or lock one of the two on another lock");
    }

    /**
     * Waits for the call's lock as long as its timeout allows.
     *
     * @return the hold, or {@code null} when not acquired with {@link OnTimeout#SKIP}
     * @throws LockTimeoutException     for {@link OnTimeout#FAIL}, naming the lock, file, wait and holder
     * @throws LockInterruptedException if the thread was interrupted while waiting
     */
    @Nullable LockHold acquire(CallContext context) {
        LockedMethod lockedMethod = context.lockedMethod();
        NamedLock lock = context.lock();
        Duration timeout = lockedMethod.timeout();
        long start = System.nanoTime();
        Optional<LockHold> hold;
        try {
            hold = lock.tryAcquire(timeout);
        } catch (InterruptedException e) {
            recordWait(context, WaitOutcome.INTERRUPTED, start);
            Thread.currentThread().interrupt();
            throw new LockInterruptedException("Interrupted while " + lockedMethod.where() + " waited for lock '"
                    + context.describeLock() + "' (" + lock.description() + ")", e);
        }
        recordWait(context, hold.isPresent() ? WaitOutcome.ACQUIRED : WaitOutcome.TIMEOUT, start);
        if (hold.isPresent()) {
            context.held(hold.get());
            return hold.get();
        }
        LockTimeoutException timedOut = lock.timedOut(timeout);
        if (lockedMethod.onTimeout() == OnTimeout.SKIP) {
            log.info("Skipped " + lockedMethod.where() + " (onTimeout = SKIP): " + timedOut.getMessage());
            return null;
        }
        throw timedOut;
    }

    /**
     * Runs lock-core's sequence with {@code hold} acquired: prefix, {@code body}, suffix, release,
     * and records how long the lock was held.
     */
    <T> T runHeld(CallContext context, LockHold hold, LockedSequence.Body<T> body) throws Throwable {
        LockedMethod lockedMethod = context.lockedMethod();
        long heldSince = System.nanoTime();
        Throwable failure = null;
        try {
            return LockedSequence.run(step(lockedMethod.prefix(), context), body, step(lockedMethod.suffix(), context),
                    hold::release);
        } catch (Throwable t) {
            failure = t;
            reportLoss(context, t);
            throw t;
        } finally {
            recordHold(context.lockName(), failure, heldSince);
        }
    }

    /** A lost lock is never only an exception: it is counted and logged as an error too. */
    private void reportLoss(CallContext context, Throwable failure) {
        LockLostException lost = failure instanceof LockLostException primary ? primary : null;
        for (Throwable suppressed : failure.getSuppressed()) {
            if (lost == null && suppressed instanceof LockLostException loss) {
                lost = loss;
            }
        }
        if (lost == null) {
            return;
        }
        log.error("Lock '" + context.describeLock() + "' (" + context.lock().description() + ") was lost while "
                + context.lockedMethod().where() + " held it: another holder may have run at the same time. "
                + lost.getMessage());
        try {
            metrics.lost(context.lockName());
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

    private void recordHold(String lock, @Nullable Throwable failure, long heldSince) {
        try {
            metrics.held(lock, failure == null ? HoldOutcome.SUCCESS : HoldOutcome.FAILURE, System.nanoTime() - heldSince);
        } catch (RuntimeException e) {
            log.debug("Lock metrics failed; the call is unaffected", e);
        }
    }

    private void recordWait(CallContext context, WaitOutcome outcome, long start) {
        try {
            metrics.waited(context.lockName(), outcome, System.nanoTime() - start);
        } catch (RuntimeException e) {
            log.debug("Lock metrics failed; the call is unaffected", e);
        }
    }
}
