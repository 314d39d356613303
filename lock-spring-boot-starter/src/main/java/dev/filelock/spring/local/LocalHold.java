package dev.filelock.spring.local;

import dev.filelock.core.InterProcessLock;
import dev.filelock.core.LockLostException;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.NamedLock;

/** One hold of a {@code file} lock (and, extended, of an {@code mmap} lock). */
class LocalHold implements LockHold {

    private final LocalLock lock;
    private final InterProcessLock core;
    private boolean released;

    LocalHold(LocalLock lock, InterProcessLock core) {
        this.lock = lock;
        this.core = core;
    }

    /** The lock-core lock held. */
    final InterProcessLock core() {
        return core;
    }

    @Override
    public NamedLock lock() {
        return lock;
    }

    @Override
    public boolean isLost() {
        try {
            core.ensureValid();
            return false;
        } catch (LockLostException e) {
            return true;
        }
    }

    @Override
    public void release() {
        if (!released) {
            released = true;
            core.unlock();
        }
    }
}
