package dev.filelock.spring.distributed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.integration.support.locks.DistributedLock;

import dev.filelock.core.LockException;
import dev.filelock.core.LockOwner;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.LockStatus;
import dev.filelock.spring.NamedLock;

/**
 * A declared lock of type {@code redis}, {@code jdbc} or {@code registry}, or one key of it: a lock
 * of a Spring Integration lock registry, taken with the declaration's lease where the engine has
 * leases. Like the registries' locks, it belongs to the thread that acquired it and is reentrant.
 */
final class RegistryLock implements NamedLock {

    private final RegistryLockProvider provider;
    private final Supplier<LeaseEngine> engines;
    // Once there is one: an engine unreachable at start-up is made later.
    private volatile @Nullable LeaseEngine engine;
    private final DeclaredLock declaration;
    private final @Nullable String key;
    private final String engineKey;
    private final @Nullable Duration lease;

    // Written only by the holding thread; read by any to tell whether the current thread holds it.
    private volatile @Nullable Thread owner;
    // The hold as the actuator shows it: this process, the holding thread, since when.
    private volatile @Nullable LockOwner holder;
    private int depth;

    RegistryLock(RegistryLockProvider provider, Supplier<LeaseEngine> engines, DeclaredLock declaration,
            @Nullable String key, @Nullable Duration lease) {
        this.provider = provider;
        this.engines = engines;
        this.declaration = declaration;
        this.key = key;
        this.engineKey = engineKey(declaration, key);
        this.lease = lease;
    }

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
        String where;
        try {
            where = engine().description();
        } catch (EngineStart.Unreachable down) {
            where = "an engine not reached yet";
        }
        return where + ", key '" + engineKey + "'" + (lease == null ? "" : ", lease " + lease);
    }

    @Override
    public Optional<Path> file() {
        return Optional.empty();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    boolean isHeld() {
        return owner != null;
    }

    @Override
    public Optional<LockHold> tryAcquire(Duration timeout) throws InterruptedException {
        LeaseEngine engine = engine();
        Lock lock = engine.obtain(engineKey);
        long stepNanos = engine.longestWait().toNanos();
        long waitNanos = timeout.isNegative() ? Long.MAX_VALUE : saturatedNanos(timeout);
        long start = System.nanoTime();
        long requestedAt;
        boolean acquired;
        try {
            do {
                requestedAt = System.nanoTime();
                long left = waitNanos == Long.MAX_VALUE ? Long.MAX_VALUE : waitNanos - (requestedAt - start);
                acquired = tryLock(lock, Duration.ofNanos(Math.max(0, Math.min(left, stepNanos))));
            } while (!acquired && (waitNanos == Long.MAX_VALUE || System.nanoTime() - start < waitNanos));
        } catch (RuntimeException unreachable) {
            throw new LockException("Could not acquire lock '" + declaration.name() + "'"
                    + (key == null ? "" : " key '" + key + "'") + " at " + engine.description() + ": "
                    + rootMessage(unreachable) + "; the guarded code did not run", unreachable);
        }
        if (!acquired) {
            return Optional.empty();
        }
        if (owner != Thread.currentThread()) {
            owner = Thread.currentThread();
        }
        if (depth++ == 0) {
            holder = LockOwner.currentThread();
            try {
                engine.acquired(engineKey, lease, holder);
            } catch (RuntimeException refused) {
                try {
                    release(lock);
                } catch (RuntimeException unreleased) {
                    refused.addSuppressed(unreleased);
                }
                throw new LockException("Lock '" + describeLock() + "' was acquired at " + engine.description()
                        + " but " + rootMessage(refused) + "; released, the guarded code did not run", refused);
            }
        }
        LeasedHold hold = new LeasedHold(this, lock, engine.leased() ? lease : null, requestedAt);
        hold.watch(provider.watch());
        return Optional.of(hold);
    }

    private boolean tryLock(Lock lock, Duration wait) throws InterruptedException {
        if (lease != null && engine().leased() && lock instanceof DistributedLock distributed) {
            return distributed.tryLock(wait, lease);
        }
        return lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Releases the registry's {@code lock}; called by a hold on the acquiring thread. */
    void release(Lock lock) {
        if (--depth == 0) {
            holder = null;
            owner = null;
            engine.releasing(engineKey);
        }
        lock.unlock();
    }

    @Override
    public LockStatus status() {
        return engine().status(engineKey, lease, holder);
    }

    RegistryLockProvider provider() {
        return provider;
    }

    /** @throws EngineStart.Unreachable at once, while the engine has not answered since start-up */
    LeaseEngine engine() {
        LeaseEngine known = engine;
        if (known == null) {
            engine = known = engines.get();
        }
        return known;
    }

    String engineKey() {
        return engineKey;
    }

    /** The lock's key at the engine, and in the provider's cache: the lock's name, or {@code name:key}. */
    static String engineKey(DeclaredLock declaration, @Nullable String key) {
        return key == null ? declaration.name() : declaration.name() + ":" + key;
    }

    /** For messages: {@code orders' key '42}, to be quoted. */
    String describeLock() {
        return key == null ? declaration.name() : declaration.name() + "' key '" + key;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException centuries) {
            return Long.MAX_VALUE;
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
        return root == failure ? String.valueOf(failure.getMessage()) : failure.getMessage() + " (" + root + ")";
    }

    @Override
    public String toString() {
        return "lock '" + describeLock() + "' (" + description() + ")";
    }
}
