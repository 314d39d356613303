package dev.filelock.core;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The JVM-wide set of locks, keyed by real path (as Lucene's {@code NativeFSLockFactory} keeps its
 * held locks): every {@code of(...)} for one file returns the same lock object while it is
 * reachable. An unreachable lock's OS resources are closed by a {@link Cleaner}; before a new lock
 * is made for the same file, the old resources are closed first, so that closing them can never
 * drop a lock that the new object took (POSIX record locks belong to the process, not the
 * descriptor). A lock whose file was lost for good ({@link ProcessLevelLock#isUsable()}) is
 * replaced the same way.
 */
final class LockRegistry {

    private static final Cleaner CLEANER = Cleaner.create();
    private static final ConcurrentHashMap<Path, Entry> LOCKS = new ConcurrentHashMap<>();

    private LockRegistry() {
    }

    /**
     * The lock registered for {@code realPath}, checked by {@code compatible}, or a new one made by
     * {@code factory}.
     *
     * @throws LockException if the file is already used by a lock of another kind
     */
    static <T extends AbstractInterProcessLock> T obtain(Path realPath, Class<T> kind,
            Function<Path, T> factory, Consumer<T> compatible) {
        Entry entry = LOCKS.compute(realPath, (path, existing) -> {
            AbstractInterProcessLock lock = existing == null ? null : existing.get();
            if (lock != null && lock.processLock.isUsable()) {
                return existing;
            }
            if (existing != null) {
                existing.resources.close();
            }
            T created = factory.apply(path);
            Entry fresh = new Entry(created);
            CLEANER.register(created, () -> {
                fresh.resources.close();
                LOCKS.remove(path, fresh);
            });
            return fresh;
        });
        AbstractInterProcessLock lock = entry.get();
        if (lock == null) {
            // Collected between compute and get: extremely rare, simply ask again.
            return obtain(realPath, kind, factory, compatible);
        }
        if (!kind.isInstance(lock)) {
            throw new LockException("File " + realPath + " is already used by a " + lock.getClass().getSimpleName()
                    + " in this JVM; a file can back only one kind of lock. Use another file for the "
                    + kind.getSimpleName() + ".");
        }
        T typed = kind.cast(lock);
        compatible.accept(typed);
        return typed;
    }

    private static final class Entry extends WeakReference<AbstractInterProcessLock> {
        final ProcessLevelLock resources;

        Entry(AbstractInterProcessLock lock) {
            super(lock);
            this.resources = lock.processLock;
        }
    }
}
