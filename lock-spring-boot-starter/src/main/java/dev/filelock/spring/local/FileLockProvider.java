package dev.filelock.spring.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.filelock.core.FileLock;
import dev.filelock.core.InterProcessLock;
import dev.filelock.core.LockOwner;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockStatus;
import dev.filelock.spring.LockType;

/**
 * {@code type: file}: a lock-core {@link FileLock}, an OS file lock that shares nothing but
 * exclusion. The keys of a lock split by key share a fixed number of files ({@link KeyStripes}),
 * so that a million distinct keys leave {@value KeyStripes#COUNT} files, not a million.
 */
final class FileLockProvider extends LocalLockProvider {

    private final Map<String, AtomicReferenceArray<InterProcessLock>> stripes = new ConcurrentHashMap<>();

    @Override
    public LockType type() {
        return LockType.FILE;
    }

    @Override
    InterProcessLock keyed(DeclaredLock declaration, String key) {
        AtomicReferenceArray<InterProcessLock> locks = stripes.computeIfAbsent(declaration.name(),
                name -> new AtomicReferenceArray<>(KeyStripes.COUNT));
        int stripe = KeyStripes.of(key);
        InterProcessLock lock = locks.get(stripe);
        if (lock == null) {
            // Two threads may both open it: lock-core hands both the same lock for one file.
            lock = open(declaration, declaration.keyFolder().resolve(KeyStripes.fileName(stripe)));
            locks.set(stripe, lock);
        }
        return lock;
    }

    @Override
    InterProcessLock open(DeclaredLock declaration, Path file) {
        return FileLock.of(file, FileLock.Options.defaults().withSharing(declaration.sharing()));
    }

    @Override
    LockStatus status(InterProcessLock lock) {
        LockOwner owner = lock.owner().orElse(null);
        return LockStatus.of(owner != null, owner);
    }
}
