package dev.filelock.spring.local;

import java.nio.file.Path;

import dev.filelock.core.FileLock;
import dev.filelock.core.InterProcessLock;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockStatus;
import dev.filelock.spring.LockType;

/** {@code type: file}: a lock-core {@link FileLock}, an OS file lock that shares nothing but exclusion. */
final class FileLockProvider extends LocalLockProvider {

    @Override
    public LockType type() {
        return LockType.FILE;
    }

    @Override
    InterProcessLock open(DeclaredLock declaration, Path file) {
        return FileLock.of(file);
    }

    @Override
    LockStatus status(InterProcessLock lock) {
        var owner = lock.owner();
        return LockStatus.of(owner.isPresent(), owner.orElse(null));
    }
}
