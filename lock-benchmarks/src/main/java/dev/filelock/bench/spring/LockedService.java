package dev.filelock.bench.spring;

import dev.filelock.core.InterProcessLock;
import dev.filelock.spring.FileLocked;

/** The bean whose method runs under the declared lock {@code bench}; it does next to nothing. */
public class LockedService {

    private long calls;

    @FileLocked(name = "bench")
    public long work() {
        return ++calls;
    }

    /** Whether the current thread holds {@code lock} while inside the locked method. */
    @FileLocked(name = "bench")
    public boolean holds(InterProcessLock lock) {
        return lock.isHeldByCurrentThread();
    }

    /** The same work, for calling under the lock by hand. */
    public long workUnlocked() {
        return ++calls;
    }
}
