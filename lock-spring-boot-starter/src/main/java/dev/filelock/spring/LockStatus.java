package dev.filelock.spring;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.filelock.core.LockOwner;

/**
 * A lock as seen from outside, without taking it, for the actuator endpoint and timeout messages.
 *
 * @param held       whether some thread or process holds it now
 * @param holder     who holds it, when {@code held} and the type records it
 * @param stateFlag  the {@code mmap} lock's state flag in the file's header; null for other types
 * @param generation how many acquisitions the lock has seen (its last fencing token), for the types
 *                   that count them; null for others
 * @param details    what else the type can tell (a lease, say), by name
 */
public record LockStatus(boolean held, @Nullable LockOwner holder, @Nullable Boolean stateFlag, @Nullable Long generation,
        Map<String, Object> details) {

    public LockStatus {
        details = Map.copyOf(details);
    }

    /** A status with nothing but whether it is held and by whom. */
    public static LockStatus of(boolean held, @Nullable LockOwner holder) {
        return new LockStatus(held, holder, null, null, Map.of());
    }
}
