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

import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockProvider;
import dev.filelock.spring.LockType;
import dev.filelock.spring.NamedLock;

/**
 * The provider of one lock type on a Spring Integration lock registry ({@code redis}, {@code jdbc},
 * {@code registry}): the locks and the watch of their leases. A lease lost is told the moment it is
 * found ({@link HoldLoss}) and thrown by the release.
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
            lock = new RegistryLock(this, () -> engine(declaration), declaration, key, leases.apply(declaration));
            try {
                lock.engine();
            } catch (EngineStart.Unreachable down) {
                // Served once the engine answers; until then its calls fail at once and health shows it down.
            }
            locks.put(id, lock);
        }
        return lock;
    }

    private LeaseEngine engine(DeclaredLock declaration) {
        LeaseEngine engine = engineOf.apply(declaration);
        engines.add(engine);
        return engine;
    }

    LeaseWatch watch() {
        return watch;
    }

    /** A renewal that could not reach the engine: retried until the lease runs out. */
    void renewalFailed(RegistryLock lock, RuntimeException failure) {
        LOG.warn("Could not renew the lease of lock '" + lock.describeLock() + "' at " + lock.engine().description()
                + " (" + failure + "); retrying until the lease runs out");
    }

    @Override
    public void destroy() throws Exception {
        if (engineOf instanceof AutoCloseable starting) {
            starting.close();
        }
        watch.close();
        engines.forEach(LeaseEngine::close);
    }
}
