package dev.filelock.spring.aop;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;

import dev.filelock.core.InterProcessLock;
import dev.filelock.core.MmapLock;
import dev.filelock.core.SharedRegion;
import dev.filelock.spring.LockContext;
import dev.filelock.spring.LockType;

/** The {@link LockContext} of one call. */
final class CallContext implements LockContext {

    private final LockedMethod lockedMethod;
    private final String key;
    private final InterProcessLock lock;
    private final Object target;
    private final Object[] arguments;

    CallContext(LockedMethod lockedMethod, String key, InterProcessLock lock, Object target, Object[] arguments) {
        this.lockedMethod = lockedMethod;
        this.key = key;
        this.lock = lock;
        this.target = target;
        this.arguments = arguments;
    }

    @Override
    public String lockName() {
        return lockedMethod.lock().name();
    }

    @Override
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    @Override
    public LockType type() {
        return lockedMethod.lock().type();
    }

    @Override
    public Path file() {
        return lock.path();
    }

    @Override
    public Method method() {
        return lockedMethod.method();
    }

    @Override
    public Object[] arguments() {
        return arguments.clone();
    }

    @Override
    public Object target() {
        return target;
    }

    @Override
    public SharedRegion region() {
        if (lock instanceof MmapLock mmap) {
            return mmap.region();
        }
        throw new IllegalStateException("Lock '" + lockName() + "' is a file lock and has no shared region (called from "
                + lockedMethod.where() + "); declare it with file-lock.locks." + lockName()
                + ".type=mmap and a length to share data, or don't use region() in its hooks");
    }

    @Override
    public boolean recoveredFromCrash() {
        return lock instanceof MmapLock mmap && mmap.region().recoveredFromCrash();
    }

    @Override
    public long generation() {
        return lock instanceof MmapLock mmap ? mmap.region().generation() : 0;
    }

    InterProcessLock lock() {
        return lock;
    }

    LockedMethod lockedMethod() {
        return lockedMethod;
    }
}
