package dev.filelock.spring.actuate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLocks;

/**
 * What the health contribution of either Spring Boot generation reports: the lock directory and the
 * folder of each declared lock's file, which of them no process could take a lock in, and which
 * declared lock files were deleted.
 */
final class LockDirectoryCheck {

    private final Path directory;
    private final FileLocks locks;

    LockDirectoryCheck(Path directory, FileLocks locks) {
        this.directory = directory.toAbsolutePath().normalize();
        this.locks = locks;
    }

    /** What the check found: usable or not, and the details shown for either. */
    record Result(boolean usable, Map<String, Object> details) {
    }

    /**
     * Checks the folders now. The details are the directory, how many locks are declared and, when
     * something is unusable, what is missing or not writable by the lock (or "directory") needing it.
     */
    Result run() {
        Map<String, String> unusable = new LinkedHashMap<>();
        if (!locks.declarations().isEmpty()) {
            check("directory", directory, unusable);
        }
        for (DeclaredLock lock : locks.declarations()) {
            check(lock.name(), lock.file().getParent(), unusable);
            locks.lock(lock.name()).file().filter(file -> !Files.exists(file))
                    .ifPresent(file -> unusable.putIfAbsent(lock.name(), "lock file " + file + " was deleted: a holder "
                            + "of the deleted file and a process locking a new one would both run"));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("directory", directory.toString());
        details.put("locks", locks.declarations().size());
        if (!unusable.isEmpty()) {
            details.put("unusable", unusable);
        }
        return new Result(unusable.isEmpty(), details);
    }

    private static void check(String what, Path folder, Map<String, String> unusable) {
        if (!Files.isDirectory(folder)) {
            unusable.putIfAbsent(what, folder + " does not exist");
        } else if (!Files.isWritable(folder)) {
            unusable.putIfAbsent(what, folder + " is not writable by this user");
        }
    }
}
