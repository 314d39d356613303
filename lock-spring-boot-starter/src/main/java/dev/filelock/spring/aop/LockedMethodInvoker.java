package dev.filelock.spring.aop;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.filelock.core.InterProcessLock;
import dev.filelock.core.LockInterruptedException;
import dev.filelock.core.LockOwner;
import dev.filelock.core.LockTimeoutException;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.OnTimeout;
import dev.filelock.spring.aop.LockedMethod.Hook;
import dev.filelock.spring.metrics.LockMetrics;
import dev.filelock.spring.metrics.LockMetrics.HoldOutcome;
import dev.filelock.spring.metrics.LockMetrics.WaitOutcome;

/**
 * Runs one call of a {@link dev.filelock.spring.FileLocked} method: waits for its lock, runs the
 * prefix hook, the method and the suffix hook, and releases the lock whatever happens. The method's
 * own exception always reaches the caller unchanged. Independent of how the call was intercepted
 * (Spring AOP proxy or AspectJ weaving).
 */
public class LockedMethodInvoker {

    private static final Log log = LogFactory.getLog(LockedMethodInvoker.class);

    /** The intercepted method's own work. */
    @FunctionalInterface
    public interface Work {
        Object proceed() throws Throwable;
    }

    private final LockedMethods methods;
    private final FileLocks locks;
    private final LockMetrics metrics;
    private final ActiveHolds holds;

    public LockedMethodInvoker(LockedMethods methods, FileLocks locks, LockMetrics metrics, ActiveHolds holds) {
        this.methods = methods;
        this.locks = locks;
        this.metrics = metrics;
        this.holds = holds;
    }

    /**
     * Runs {@code work}, the call of {@code method} on {@code target} (of {@code targetClass}), under
     * the method's lock.
     */
    public Object invoke(Method method, Class<?> targetClass, Object target, Object[] arguments, Work work)
            throws Throwable {
        LockedMethod lockedMethod = methods.resolve(method, targetClass);
        String key = lockedMethod.key(target, arguments);
        String name = lockedMethod.lock().name();
        InterProcessLock lock = key == null ? locks.lock(name) : locks.lock(name, key);
        CallContext context = new CallContext(lockedMethod, key, lock, target, arguments);
        refuseWaitingForItself(context);
        if (lockedMethod.returnKind() == ReturnKind.ASYNC) {
            return new AsyncHold(this, context).run(work);
        }
        if (!acquire(context)) {
            return lockedMethod.returnKind().skipped();
        }
        holds.begin();
        long heldSince = System.nanoTime();
        Throwable failure = null;
        try {
            return runHeld(context, work);
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            try {
                release(context, failure);
            } finally {
                holds.end();
                recordHold(name, failure, heldSince);
            }
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
        throw new IllegalStateException(lockedMethod.where() + " " + problem + " (lock '" + describeLock(context)
                + "'): waiting would deadlock. Call it outside the locked method, or lock one of the two on another lock");
    }

    /**
     * Waits for the call's lock as long as its timeout allows.
     *
     * @return whether it was acquired; {@code false} only for {@link OnTimeout#SKIP}
     * @throws LockTimeoutException     for {@link OnTimeout#FAIL}, naming the lock, file, wait and holder
     * @throws LockInterruptedException if the thread was interrupted while waiting
     */
    boolean acquire(CallContext context) {
        LockedMethod lockedMethod = context.lockedMethod();
        InterProcessLock lock = context.lock();
        Duration timeout = lockedMethod.timeout();
        long start = System.nanoTime();
        boolean acquired;
        try {
            if (timeout.isNegative()) {
                lock.lockInterruptibly();
                acquired = true;
            } else {
                // convert saturates, and lock-core treats an enormous timeout as waiting for ever.
                acquired = lock.tryLock(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            recordWait(context, WaitOutcome.INTERRUPTED, start);
            Thread.currentThread().interrupt();
            throw new LockInterruptedException("Interrupted while " + lockedMethod.where() + " waited for lock '"
                    + lockedMethod.lock().name() + "' (" + lock.path() + ")", e);
        }
        recordWait(context, acquired ? WaitOutcome.ACQUIRED : WaitOutcome.TIMEOUT, start);
        if (acquired) {
            return true;
        }
        LockTimeoutException timedOut = new LockTimeoutException(describeLock(context), lock.path(), timeout, owner(lock));
        if (lockedMethod.onTimeout() == OnTimeout.SKIP) {
            log.info("Skipped " + lockedMethod.where() + " (onTimeout = SKIP): " + timedOut.getMessage());
            return false;
        }
        throw timedOut;
    }

    /** Prefix, method, suffix: a failing prefix stops the call; a failing method still runs the suffix. */
    Object runHeld(CallContext context, Work work) throws Throwable {
        runHook(context.lockedMethod().prefix(), context);
        Object result;
        try {
            result = work.proceed();
        } catch (Throwable t) {
            runSuffixAfter(context, t);
            throw t;
        }
        runHook(context.lockedMethod().suffix(), context);
        return result;
    }

    void runHook(Hook hook, CallContext context) {
        if (hook != null) {
            hook.hook().run(context);
        }
    }

    /** Runs the suffix after the method threw {@code failure}; what the suffix throws is kept as suppressed. */
    void runSuffixAfter(CallContext context, Throwable failure) {
        try {
            runHook(context.lockedMethod().suffix(), context);
        } catch (Throwable suffixFailure) {
            failure.addSuppressed(suffixFailure);
        }
    }

    /** Releases the lock; a release failure never hides {@code failure}, the call's own exception. */
    void release(CallContext context, Throwable failure) {
        try {
            context.lock().unlock();
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    ActiveHolds holds() {
        return holds;
    }

    void recordHold(String lock, Throwable failure, long heldSince) {
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

    private static String describeLock(CallContext context) {
        return context.key().map(key -> context.lockName() + "' key '" + key).orElse(context.lockName());
    }

    private static LockOwner owner(InterProcessLock lock) {
        try {
            return lock.owner().orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
