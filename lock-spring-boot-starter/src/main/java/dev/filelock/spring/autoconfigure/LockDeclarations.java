package dev.filelock.spring.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.util.unit.DataSize;

import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.FileLockConfigurationException.Problem;
import dev.filelock.spring.LockType;
import dev.filelock.spring.MmapProtocol;

/** Turns {@code file-lock.locks} into {@link DeclaredLock}s, refusing what cannot work. */
final class LockDeclarations {

    private LockDeclarations() {
    }

    /**
     * @throws FileLockConfigurationException with every problem found
     */
    static List<DeclaredLock> from(FileLockProperties properties) {
        List<Problem> problems = new ArrayList<>();
        List<DeclaredLock> declared = new ArrayList<>();
        Path directory = properties.getDirectory() == null ? null : properties.getDirectory().toAbsolutePath().normalize();
        if (directory == null) {
            problems.add(new Problem("file-lock.directory is empty", "Set it to a writable folder, e.g. /var/lock/my-app"));
        } else if (!properties.getLocks().isEmpty()) {
            checkDirectory(directory, problems);
        }
        if (properties.getDefaultTimeout() == null) {
            problems.add(new Problem("file-lock.default-timeout is empty",
                    "Set it to a duration such as 30s; 0 tries once, -1 waits for ever"));
        }
        if (properties.getShutdownTimeout() == null || properties.getShutdownTimeout().isNegative()) {
            problems.add(new Problem("file-lock.shutdown-timeout is " + properties.getShutdownTimeout(),
                    "Set it to a duration of 0 or more, such as 30s"));
        }
        if (directory != null) {
            for (Map.Entry<String, FileLockProperties.Lock> entry : properties.getLocks().entrySet()) {
                DeclaredLock lock = declare(entry.getKey(), entry.getValue(), directory, properties.getDefaultTimeout(), problems);
                if (lock != null) {
                    declared.add(lock);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new FileLockConfigurationException(problems);
        }
        return declared;
    }

    private static DeclaredLock declare(String name, FileLockProperties.Lock lock, Path directory, Duration defaultTimeout,
            List<Problem> problems) {
        String property = "file-lock.locks." + name;
        int before = problems.size();
        LockType type = lock.getType() == null ? LockType.FILE : lock.getType();
        Path file = lock.getFile() == null ? Path.of(name + ".lock") : lock.getFile();
        if (file.toString().isBlank()) {
            problems.add(new Problem(property + ".file is blank", "Name a file such as " + name + ".lock, or remove it"));
        }
        file = directory.resolve(file).normalize();
        int length = 0;
        if (type == LockType.MMAP) {
            length = length(property, lock.getLength(), problems);
        } else if (lock.getLength() != null) {
            mmapOnly(property, "length", "is set", type, "to share a region of that length", problems);
        }
        MmapProtocol protocol = lock.getProtocol() == null ? MmapProtocol.NATIVE : lock.getProtocol();
        if (type != LockType.MMAP && protocol != MmapProtocol.NATIVE) {
            mmapOnly(property, "protocol", "is " + protocol.name().toLowerCase(Locale.ROOT), type,
                    "to share a region in that layout", problems);
        }
        int maxKeys = DeclaredLock.DEFAULT_MAX_KEYS;
        if (lock.getMaxKeys() != null && type != LockType.MMAP) {
            mmapOnly(property, "max-keys", "is set", type, "to cap the files and regions its keys keep", problems);
        } else if (lock.getMaxKeys() != null && lock.getMaxKeys() < 1) {
            problems.add(new Problem(property + ".max-keys is " + lock.getMaxKeys(),
                    "Set it to 1 or more (default " + DeclaredLock.DEFAULT_MAX_KEYS + "), or remove it"));
        } else if (lock.getMaxKeys() != null) {
            maxKeys = lock.getMaxKeys();
        }
        distributed(property, type, lock, problems);
        Duration timeout = lock.getTimeout() == null ? defaultTimeout : lock.getTimeout();
        if (problems.size() > before) {
            return null;
        }
        return new DeclaredLock(name, type, file, length, timeout, blankToNull(lock.getPrefix()),
                blankToNull(lock.getSuffix()), blankToNull(lock.getDescription()), lock.isForceOnRelease(), protocol, maxKeys,
                lock.getOnLost());
    }

    /**
     * Refuses {@code setting} of a lock whose type is not mmap: only an mmap lock has a shared
     * region, and the length, protocol and key cap that go with it.
     *
     * @param state   what the setting is, e.g. "is set" or "is python"
     * @param purpose what type mmap would make of it, e.g. "to share a region of that length"
     */
    private static void mmapOnly(String property, String setting, String state, LockType type, String purpose,
            List<Problem> problems) {
        problems.add(new Problem(property + "." + setting + " " + state + " but the lock's type is " + id(type)
                + ", which has no shared region", "Remove the " + setting + ", or set " + property + ".type=mmap " + purpose));
    }

    /** The properties that only some types have: a lease (redis, jdbc), a registry bean (registry). */
    private static void distributed(String property, LockType type, FileLockProperties.Lock lock, List<Problem> problems) {
        boolean leased = type == LockType.REDIS || type == LockType.JDBC;
        if (lock.getLease() != null && !leased) {
            problems.add(new Problem(property + ".lease is set but the lock's type is " + id(type) + ", which has no lease",
                    "Remove the lease, or set " + property + ".type=redis or jdbc"));
        } else if (lock.getLease() != null && (lock.getLease().isNegative() || lock.getLease().isZero())) {
            problems.add(new Problem(property + ".lease is " + lock.getLease(),
                    "Set it to a positive duration well above the longest pause you expect, e.g. 30s"));
        }
        if (type == LockType.REGISTRY && blankToNull(lock.getRegistry()) == null) {
            problems.add(new Problem(property + " has type registry but names no LockRegistry bean",
                    "Set " + property + ".registry to the name of a Spring Integration LockRegistry bean"));
        } else if (type != LockType.REGISTRY && lock.getRegistry() != null) {
            problems.add(new Problem(property + ".registry is set but the lock's type is " + id(type),
                    "Remove the registry, or set " + property + ".type=registry"));
        }
    }

    /** The type as written in the properties: {@code file}, {@code mmap}, ... */
    static String id(LockType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static int length(String property, DataSize length, List<Problem> problems) {
        if (length == null) {
            problems.add(new Problem(property + " is an mmap lock without a length",
                    "Set " + property + ".length to the shared region's size in bytes, e.g. 1000 or 4KB"));
            return 0;
        }
        if (length.toBytes() <= 0 || length.toBytes() > Integer.MAX_VALUE - 4096) {
            problems.add(new Problem(property + ".length is " + length.toBytes() + " bytes",
                    "Set it between 1 byte and 2GB, e.g. 1000 or 4KB"));
            return 0;
        }
        return (int) length.toBytes();
    }

    private static void checkDirectory(Path directory, List<Problem> problems) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            problems.add(new Problem("file-lock.directory " + directory + " cannot be created ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    "Create it with write access for this user, or set file-lock.directory to a writable folder"));
            return;
        }
        if (!Files.isWritable(directory)) {
            problems.add(new Problem("file-lock.directory " + directory + " is not writable by this user",
                    "Make it writable (every process sharing the locks needs read and write access), or set "
                            + "file-lock.directory to a writable folder"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
