package dev.filelock.spring.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.util.unit.DataSize;

import dev.filelock.core.LockException;
import dev.filelock.core.LockSharing;
import dev.filelock.core.UntrustedPathException;
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
        }
        LockSharing sharing = sharing("file-lock.sharing", properties.getSharing(), null, problems);
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
                DeclaredLock lock = declare(entry.getKey(), entry.getValue(), directory, properties.getDefaultTimeout(),
                        properties.getSharing(), sharing, problems);
                if (lock != null) {
                    declared.add(lock);
                }
            }
            if (sharing != null && !properties.getLocks().isEmpty()) {
                checkDirectories(directory, sharing, declared, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new FileLockConfigurationException(problems);
        }
        return declared;
    }

    private static DeclaredLock declare(String name, FileLockProperties.Lock lock, Path directory, Duration defaultTimeout,
            FileLockProperties.Sharing defaults, LockSharing defaultSharing, List<Problem> problems) {
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
        LockSharing sharing = lock.getSharing() == null ? defaultSharing
                : sharing(property + ".sharing", lock.getSharing(), defaults, problems);
        if (lock.getSharing() != null && type != LockType.FILE && type != LockType.MMAP) {
            problems.add(new Problem(property + ".sharing is set but the lock's type is " + id(type) + ", which has no "
                    + "files", "Remove the sharing, or set " + property + ".type=file or mmap"));
        }
        Duration timeout = lock.getTimeout() == null ? defaultTimeout : lock.getTimeout();
        if (problems.size() > before || sharing == null) {
            return null;
        }
        return new DeclaredLock(name, type, file, length, timeout, blankToNull(lock.getPrefix()),
                blankToNull(lock.getSuffix()), blankToNull(lock.getDescription()), lock.isForceOnRelease(), protocol, maxKeys,
                lock.getOnLost(), sharing);
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

    /**
     * The sharing {@code settings} say, a setting left empty taken from {@code defaults} (the
     * global settings of a lock's own); null, with a problem added, when it is not a valid one.
     */
    private static LockSharing sharing(String property, FileLockProperties.Sharing settings,
            FileLockProperties.Sharing defaults, List<Problem> problems) {
        String group = blankToNull(settings == null ? null : settings.getGroup());
        String fileMode = blankToNull(settings == null ? null : settings.getFileMode());
        if (defaults != null) {
            group = group == null ? blankToNull(defaults.getGroup()) : group;
            fileMode = fileMode == null ? blankToNull(defaults.getFileMode()) : fileMode;
        }
        if (group == null && fileMode != null) {
            problems.add(new Problem(property + ".file-mode is " + fileMode + " but no group shares the files",
                    "Set " + property + ".group to the group that shares them, or remove the file-mode"));
            return null;
        }
        try {
            return group == null ? LockSharing.PRIVATE
                    : fileMode == null ? LockSharing.group(group) : LockSharing.group(group, fileMode);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(property + " is not valid: " + e.getMessage(),
                    "Fix " + property + ".group and " + property + ".file-mode"));
            return null;
        }
    }

    /**
     * Makes the lock directory and the folders of the file and mmap locks when missing, private or
     * as shared, and refuses any that another user could control: at start-up, not at a first call.
     */
    private static void checkDirectories(Path directory, LockSharing sharing, List<DeclaredLock> declared,
            List<Problem> problems) {
        Map<Path, Folder> folders = new LinkedHashMap<>();
        folders.put(directory, new Folder("file-lock.directory " + directory, sharing));
        for (DeclaredLock lock : declared) {
            if (lock.type() == LockType.FILE || lock.type() == LockType.MMAP) {
                Path folder = lock.file().getParent();
                folders.putIfAbsent(folder, new Folder("The folder " + folder + " of file-lock.locks." + lock.name()
                        + ".file", lock.sharing()));
            }
        }
        folders.forEach((folder, use) -> {
            try {
                if (!Files.isWritable(use.sharing().prepareDirectory(folder))) {
                    problems.add(new Problem(use.what() + " is not writable by this user", "Make it writable (every "
                            + "process sharing the locks needs read and write access), or set file-lock.directory to a "
                            + "writable folder"));
                }
            } catch (UntrustedPathException e) {
                problems.add(new Problem(use.what() + " is refused: " + e.reason(), "Set file-lock.directory to a folder "
                        + "that only this user can write, or leave it unset (the default is private to this user); to "
                        + "share locks with other users on purpose, set file-lock.sharing.group to a group of theirs and "
                        + "give the folder that group"));
            } catch (LockException e) {
                problems.add(new Problem(use.what() + " cannot be created (" + e.getMessage() + ")",
                        "Create it with write access for this user, or set file-lock.directory to a writable folder"));
            }
        });
    }

    /** A folder checked at start-up: what messages call it, and the sharing of its locks. */
    private record Folder(String what, LockSharing sharing) {
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
