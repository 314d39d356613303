package dev.filelock.spring.distributed;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.Lock;

import org.springframework.integration.support.locks.LockRegistry;

import dev.filelock.spring.LockStatus;

/**
 * {@code type: registry}: any Spring Integration {@link LockRegistry} bean of the application's, as
 * configured there. Its leases, if it has any, are its own business: this starter neither renews
 * them nor can tell they ran out, except when the registry's {@code unlock()} says so.
 */
final class RegistryEngine implements LeaseEngine {

    private final LockRegistry<?> registry;
    private final String description;

    RegistryEngine(LockRegistry<?> registry, String beanName) {
        this.registry = registry;
        this.description = "LockRegistry bean '" + beanName + "' (" + registry + ")";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Lock obtain(String key) {
        return registry.obtain(key);
    }

    @Override
    public boolean leased() {
        return false;
    }

    @Override
    public boolean renew(String key, Duration lease) {
        throw new UnsupportedOperationException("A registry lock has no lease of this starter's");
    }

    @Override
    public OptionalLong fencingToken(String key, Duration lease) {
        return OptionalLong.empty();
    }

    @Override
    public LockStatus status(String key, Duration lease) {
        return new LockStatus(false, null, null, null, Map.of("engine", description,
                "state", "a LockRegistry tells nobody but the holder whether a lock is held"));
    }
}
