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
 * What the {@code file} and {@code mmap} providers share: a lock-core lock per file, the key of a
 * lock split by key mapped to a file in the declaration's key folder ({@link #keyFile}). The lock
 * objects come from lock-core's JVM-wide registry, so two contexts of one JVM declaring the same
 * file share one lock.
 */
abstract sealed class LocalLockProvider implements LockProvider permits FileLockProvider, MmapLockProvider {

    @Override
    public NamedLock lock(DeclaredLock declaration, @Nullable String key) {
        if (key == null) {
            return new LocalLock(this, declaration, null, open(declaration, declaration.file()));
        }
        return new LocalLock(this, declaration, key, keyed(declaration, key));
    }

    /** The lock-core lock that {@code key} of {@code declaration} takes. */
    abstract InterProcessLock keyed(DeclaredLock declaration, String key);

    /** Opens the lock-core lock of {@code declaration} in {@code file}. */
    abstract InterProcessLock open(DeclaredLock declaration, Path file);

    /** Reads {@code lock}'s state without taking it. */
    abstract LockStatus status(InterProcessLock lock);

    /** A new hold of {@code lock}, whose lock-core lock {@code core} the current thread has just acquired. */
    LocalHold hold(LocalLock lock, InterProcessLock core) {
        return new LocalHold(lock, core);
    }

    /** A bounded cache of opened locks, most recently used kept: saves the file-system calls of opening again. */
    static <K, V> Map<K, V> recentlyUsed(int size) {
        return Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > size;
            }
        });
    }
}
