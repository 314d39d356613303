package dev.filelock.spring.distributed;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.support.locks.LockRegistry;

import dev.filelock.core.LockOwner;
import dev.filelock.spring.LockStatus;

/**
 * {@code type: registry}: any Spring Integration {@link LockRegistry} bean of the application's, as
 * configured there. Its leases, if it has any, are its own business: this starter neither renews
 * them nor can tell they ran out, except when the registry's {@code unlock()} says so.
 */
final class RegistryEngine extends LeaseEngine {

    RegistryEngine(LockRegistry<?> registry, String beanName) {
        super(registry, "LockRegistry bean '" + beanName + "' (" + registry + ")");
    }

    @Override
    boolean leased() {
        return false;
    }

    @Override
    boolean renew(String key, Duration lease) {
        throw new UnsupportedOperationException("A registry lock has no lease of this starter's");
    }

    /**
     * Held when this process holds it through the starter (with the thread and since when), or when
     * the registry's lock object for the key is a {@link ReentrantLock} that is locked: an in-JVM
     * registry's ({@code DefaultLockRegistry}'s), held by a caller outside the starter or by another
     * key sharing the object (it stripes keys over 256 locks); a call for this key would wait either
     * way. Any other registry tells nobody but the holder whether its lock is held, so another
     * process's hold is not shown. Asking obtains the key's lock object from the registry, as a call would.
     */
    @Override
    LockStatus status(String key, @Nullable Duration lease, @Nullable LockOwner heldHere) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", description());
        boolean lockedInRegistry = false;
        if (obtain(key) instanceof ReentrantLock local) {
            lockedInRegistry = local.isLocked();
            details.put("registry", !lockedInRegistry ? "its lock object for this key is free in this JVM"
                    : heldHere != null ? "its lock object for this key is held in this JVM, by the holder shown"
                    : "its lock object for this key is held in this JVM, not through this starter (by a direct caller"
                            + " of the registry, or for another key sharing the object)");
        } else {
            details.put("registry", "tells nobody but the holder whether a lock is held: holds of other processes"
                    + " are not shown, only this process's");
        }
        return new LockStatus(heldHere != null || lockedInRegistry, heldHere, null, null, details);
    }
}
