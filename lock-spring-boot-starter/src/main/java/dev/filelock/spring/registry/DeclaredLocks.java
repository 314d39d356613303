package dev.filelock.spring.registry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.filelock.core.FileLock;
import dev.filelock.core.InterProcessLock;
import dev.filelock.core.MmapLock;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.FileLockConfigurationException.Problem;
import dev.filelock.spring.FileLocks;

/**
 * The declared locks of one application context. Each declared lock is opened when this is made,
 * so that a file that cannot be created stops the start-up rather than the first call. The lock
 * objects themselves come from lock-core's JVM-wide registry: two contexts in one JVM that declare
 * the same file share one lock, and exclude each other as two threads do.
 */
public class DeclaredLocks implements FileLocks {

    private static final int KEYED_LOCKS_CACHED = 1024;

    private final Map<String, DeclaredLock> declarations = new LinkedHashMap<>();
    private final Map<String, InterProcessLock> locks = new LinkedHashMap<>();
    // Saves the file-system calls of opening a keyed lock again; lock-core keeps the identity.
    private final Map<Path, InterProcessLock> keyed = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Path, InterProcessLock> eldest) {
                    return size() > KEYED_LOCKS_CACHED;
                }
            });

    /**
     * Opens every declared lock.
     *
     * @throws FileLockConfigurationException naming each lock whose file cannot be used
     */
    public DeclaredLocks(Collection<DeclaredLock> declared) {
        List<Problem> problems = new ArrayList<>();
        for (DeclaredLock lock : declared) {
            declarations.put(lock.name(), lock);
            try {
                locks.put(lock.name(), open(lock, lock.file()));
            } catch (RuntimeException e) {
                problems.add(new Problem("Lock '" + lock.name() + "' cannot use its file " + lock.file() + ": "
                        + e.getMessage(), "Set file-lock.directory or file-lock.locks." + lock.name()
                        + ".file to a writable location on a local file system"));
            }
        }
        if (!problems.isEmpty()) {
            throw new FileLockConfigurationException(problems);
        }
    }

    @Override
    public Collection<DeclaredLock> declarations() {
        return Collections.unmodifiableCollection(declarations.values());
    }

    @Override
    public Optional<DeclaredLock> declaration(String name) {
        return Optional.ofNullable(declarations.get(name));
    }

    @Override
    public InterProcessLock lock(String name) {
        InterProcessLock lock = locks.get(name);
        if (lock == null) {
            throw undeclared(name);
        }
        return lock;
    }

    @Override
    public InterProcessLock lock(String name, String key) {
        DeclaredLock declaration = declarations.get(name);
        if (declaration == null) {
            throw undeclared(name);
        }
        if (key == null) {
            throw new IllegalArgumentException("The key of lock '" + name + "' must not be null");
        }
        Path file = declaration.keyFolder().resolve(KeyFileNames.of(key));
        InterProcessLock lock = keyed.get(file);
        if (lock == null) {
            lock = open(declaration, file);
            keyed.put(file, lock);
        }
        return lock;
    }

    private static InterProcessLock open(DeclaredLock lock, Path file) {
        return switch (lock.type()) {
            case FILE -> FileLock.of(file);
            case MMAP -> MmapLock.of(file, lock.length(), new MmapLock.Options(lock.forceOnRelease()));
        };
    }

    private IllegalArgumentException undeclared(String name) {
        return new IllegalArgumentException("No lock named '" + name + "' is declared; declare it under file-lock.locks."
                + name + " (declared: " + declarations.keySet() + ")");
    }
}
