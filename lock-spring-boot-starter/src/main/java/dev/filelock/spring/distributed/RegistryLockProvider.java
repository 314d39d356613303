package dev.filelock.spring.distributed;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;

import dev.filelock.core.LockLostException;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockProvider;
import dev.filelock.spring.LockType;
import dev.filelock.spring.NamedLock;

/**
 * The provider of one lock type on a Spring Integration lock registry ({@code redis}, {@code jdbc},
 * {@code registry}): the locks, the renewal of their leases, and a lease lost reported twice: a
 * warning the moment it is noticed (the method may still be running), and the
 * {@link LockLostException} from the release that ends the call, which the interceptor counts
 * ({@code file.lock.lost}) and logs as an error.
 */
final class RegistryLockProvider implements LockProvider, DisposableBean {

    private static final Log LOG = LogFactory.getLog(RegistryLockProvider.class);
    private static final int LOCKS_CACHED = 1024;

    private final LockType type;
    private final Function<DeclaredLock, LeaseEngine> engineOf;
    private final Function<DeclaredLock, @Nullable Duration> leases;
    private final LeaseWatch watch;
    private final Set<LeaseEngine> engines = ConcurrentHashMap.newKeySet();
    // One lock object per name and key, so that it knows which thread holds it; held ones are kept.
    private final Map<String, RegistryLock> locks = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RegistryLock> eldest) {
            return size() > LOCKS_CACHED && !eldest.getValue().isHeld();
        }
    });

    /**
     * @param engines the engine of a declared lock
     * @param leases  the lease of a declared lock, null when its engine has none
     */
    RegistryLockProvider(LockType type, Function<DeclaredLock, LeaseEngine> engines,
            Function<DeclaredLock, @Nullable Duration> leases) {
        this.type = type;
        this.engineOf = engines;
        this.leases = leases;
        this.watch = new LeaseWatch("file-lock-" + type.name().toLowerCase(Locale.ROOT) + "-leases");
    }

    @Override
    public LockType type() {
        return type;
    }

    @Override
    public NamedLock lock(DeclaredLock declaration, @Nullable String key) {
        String id = RegistryLock.engineKey(declaration, key);
        RegistryLock lock = locks.get(id);
        if (lock == null || !lock.declaration().equals(declaration)) {
            LeaseEngine engine = engineOf.apply(declaration);
            engines.add(engine);
            lock = new RegistryLock(this, engine, declaration, key, leases.apply(declaration));
            locks.put(id, lock);
        }
        return lock;
    }

    LeaseWatch watch() {
        return watch;
    }

    /** A renewal that could not reach the engine: retried until the lease runs out. */
    void renewalFailed(RegistryLock lock, RuntimeException failure) {
        LOG.warn("Could not renew the lease of lock '" + lock.describeLock() + "' at " + lock.engine().description()
                + " (" + failure + "); retrying until the lease runs out");
    }

    /** Reports a lease lost, once per hold, the moment it is noticed. */
    void reportLoss(RegistryLock lock, String reason, @Nullable Throwable cause) {
        LOG.warn("Lock '" + lock.describeLock() + "' (" + lock.description() + ") was lost while held: " + reason
                + ". Another process may run the code it guards at the same time; its release will throw LockLostException",
                cause);
    }

    /** What the release of a lost hold throws. */
    LockLostException lostException(RegistryLock lock, String reason, @Nullable Throwable cause) {
        String message = "Lock '" + lock.describeLock() + "' (" + lock.description() + ") was lost while held: " + reason;
        return cause == null ? new LockLostException(message) : new LockLostException(message, cause);
    }

    @Override
    public void destroy() {
        watch.close();
        engines.forEach(LeaseEngine::close);
    }
}
