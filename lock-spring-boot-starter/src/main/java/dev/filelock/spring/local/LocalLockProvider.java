package dev.filelock.spring.local;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.filelock.core.InterProcessLock;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockProvider;
import dev.filelock.spring.LockStatus;
import dev.filelock.spring.NamedLock;

/**
 * What the {@code file} and {@code mmap} providers share: a lock-core lock per file, a key's lock in
 * a file of its own in the declaration's key folder. The lock objects come from lock-core's
 * JVM-wide registry, so two contexts of one JVM declaring the same file share one lock.
 */
abstract sealed class LocalLockProvider implements LockProvider permits FileLockProvider, MmapLockProvider {

    private static final int KEYED_LOCKS_CACHED = 1024;

    // Saves the file-system calls of opening a keyed lock again; lock-core keeps the identity.
    private final Map<Path, LocalLock> keyed = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, LocalLock> eldest) {
            return size() > KEYED_LOCKS_CACHED;
        }
    });

    @Override
    public NamedLock lock(DeclaredLock declaration, @Nullable String key) {
        if (key == null) {
            return new LocalLock(this, declaration, null, open(declaration, declaration.file()));
        }
        Path file = declaration.keyFolder().resolve(KeyFileNames.of(key));
        LocalLock lock = keyed.get(file);
        if (lock == null) {
            lock = new LocalLock(this, declaration, key, open(declaration, file));
            keyed.put(file, lock);
        }
        return lock;
    }

    /** Opens the lock-core lock of {@code declaration} in {@code file}. */
    abstract InterProcessLock open(DeclaredLock declaration, Path file);

    /** Reads {@code lock}'s state without taking it. */
    abstract LockStatus status(InterProcessLock lock);

    /** A new hold of {@code lock}, which the current thread has just acquired. */
    LocalHold hold(LocalLock lock) {
        return new LocalHold(lock);
    }
}
