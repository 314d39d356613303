package dev.filelock.spring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import dev.filelock.core.LockSharing;

/**
 * A lock declared under {@code file-lock.locks.<name>}, with every default applied.
 *
 * @param name           the lock's name
 * @param type           its kind
 * @param file           its lock file (absolute); locks split by key live in {@link #keyFolder()}
 * @param length         the shared region's length in bytes for an {@code mmap} lock, 0 for a
 *                       {@code file} lock
 * @param timeout        how long a call waits for it by default; negative waits for ever
 * @param prefix         the name of the {@link LockHook} bean run after acquiring, or {@code null}
 * @param suffix         the name of the {@link LockHook} bean run before releasing, or {@code null}
 * @param description    free text shown by the actuator endpoint, or {@code null}
 * @param forceOnRelease for {@code mmap} locks: whether the region is forced to storage on release
 * @param protocol       for {@code mmap} locks: the file's layout, this library's or the Python tool's
 * @param maxKeys        for {@code mmap} locks: how many key files {@link #keyFolder()} may hold before a
 *                       key without a file is refused ({@code file-lock.locks.<name>.max-keys});
 *                       {@link #DEFAULT_MAX_KEYS} for other types, which ignore it
 * @param onLost         what a call does the moment the lock is found lost while its method runs
 *                       ({@code file-lock.locks.<name>.on-lost})
 * @param sharing        for {@code file} and {@code mmap} locks: who besides this user may use the
 *                       files ({@code file-lock.sharing}, {@code file-lock.locks.<name>.sharing})
 */
public record DeclaredLock(String name, LockType type, Path file, int length, Duration timeout, String prefix,
        String suffix, String description, boolean forceOnRelease, MmapProtocol protocol, int maxKeys, OnLost onLost,
        LockSharing sharing) {

    /** The default {@code file-lock.locks.<name>.max-keys}; the configuration metadata states the same number. */
    public static final int DEFAULT_MAX_KEYS = 1024;

    public DeclaredLock {
        Objects.requireNonNull(sharing, "sharing");
    }

    /** A lock private to this user. */
    public DeclaredLock(String name, LockType type, Path file, int length, Duration timeout, String prefix,
            String suffix, String description, boolean forceOnRelease, MmapProtocol protocol, int maxKeys,
            OnLost onLost) {
        this(name, type, file, length, timeout, prefix, suffix, description, forceOnRelease, protocol, maxKeys, onLost,
                LockSharing.PRIVATE);
    }

    /** A lock that reports a loss ({@link OnLost#REPORT}), private to this user. */
    public DeclaredLock(String name, LockType type, Path file, int length, Duration timeout, String prefix,
            String suffix, String description, boolean forceOnRelease, MmapProtocol protocol, int maxKeys) {
        this(name, type, file, length, timeout, prefix, suffix, description, forceOnRelease, protocol, maxKeys,
                OnLost.REPORT);
    }

    /** A lock of at most {@link #DEFAULT_MAX_KEYS} key files. */
    public DeclaredLock(String name, LockType type, Path file, int length, Duration timeout, String prefix,
            String suffix, String description, boolean forceOnRelease, MmapProtocol protocol) {
        this(name, type, file, length, timeout, prefix, suffix, description, forceOnRelease, protocol, DEFAULT_MAX_KEYS);
    }

    /** A lock of the {@link MmapProtocol#NATIVE native} protocol and at most {@link #DEFAULT_MAX_KEYS} key files. */
    public DeclaredLock(String name, LockType type, Path file, int length, Duration timeout, String prefix,
            String suffix, String description, boolean forceOnRelease) {
        this(name, type, file, length, timeout, prefix, suffix, description, forceOnRelease, MmapProtocol.NATIVE);
    }

    /** The folder holding one lock file per key: the lock file's name followed by {@code .keys}. */
    public Path keyFolder() {
        return file.resolveSibling(file.getFileName() + ".keys");
    }
}
