package dev.filelock.spring.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.filelock.core.LockLostException;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.NamedLock;

/**
 * What the health contribution of either Spring Boot generation reports: the lock directory and the
 * folder of each declared lock's file, which of them no process could take a lock in, which
 * declared lock files were deleted or replaced, and which locks on a server cannot reach it.
 * <p>
 * A replaced file (same path, another file) is seen by its identity (device and inode), remembered
 * from when the check was made. Then the check asks whether this process's lock is on the file there
 * now: it tries the lock once, without waiting, and asks the hold whether it is still valid
 * (lock-core's {@code ensureValid()}), which also moves an idle lock onto the new file. While the
 * lock is held, here or elsewhere, that cannot be asked, and the check reports the replacement.
 */
final class LockDirectoryCheck {

    /** The message of a health check that threw, on either Spring Boot generation. */
    static final String FAILED = "File lock directory health check failed";

    private final Path directory;
    private final FileLocks locks;
    // The identity of each declared lock's file as this process knows it to be locked.
    private final Map<String, Object> knownFiles = new ConcurrentHashMap<>();

    LockDirectoryCheck(Path directory, FileLocks locks) {
        this.directory = directory.toAbsolutePath().normalize();
        this.locks = locks;
        for (DeclaredLock lock : locks.declarations()) {
            locks.lock(lock.name()).file().map(LockDirectoryCheck::identity)
                    .ifPresent(identity -> knownFiles.put(lock.name(), identity));
        }
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
        // Most locks share a folder (the directory itself): each folder is asked about once.
        Map<Path, Optional<String>> folders = new HashMap<>();
        if (!locks.declarations().isEmpty()) {
            check("directory", directory, folders, unusable);
        }
        for (DeclaredLock lock : locks.declarations()) {
            check(lock.name(), lock.file().getParent(), folders, unusable);
            NamedLock named = locks.lock(lock.name());
            named.file().ifPresentOrElse(file -> checkFile(lock.name(), named, file, unusable),
                    () -> checkServer(lock.name(), named, unusable));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("directory", directory.toString());
        details.put("locks", locks.declarations().size());
        if (!unusable.isEmpty()) {
            details.put("unusable", unusable);
        }
        return new Result(unusable.isEmpty(), details);
    }

    private void checkFile(String name, NamedLock lock, Path file, Map<String, String> unusable) {
        Object now = identity(file);
        if (now == null) {
            unusable.putIfAbsent(name, "lock file " + file + " was deleted: a holder of the deleted file and a process "
                    + "locking a new one would both run");
            return;
        }
        Object known = knownFiles.get(name);
        if (known == null || known.equals(now) || onFileThereNow(lock)) {
            knownFiles.put(name, now);
            return;
        }
        unusable.putIfAbsent(name, "lock file " + file + " was replaced by another file (" + known + " before, " + now
                + " now) while the lock is held, here or by another process: a holder of the replaced file and a "
                + "process locking the new one would both run; find what replaces lock files");
    }

    /**
     * A lock on a server is unusable while its engine does not answer: one not reached since start-up
     * fails at once, one reached before answers its status query or fails it (after the client's own
     * timeouts).
     */
    private static void checkServer(String name, NamedLock lock, Map<String, String> unusable) {
        try {
            lock.status();
        } catch (RuntimeException unreachable) {
            unusable.putIfAbsent(name, String.valueOf(unreachable.getMessage()));
        }
    }

    /** Whether this process's lock, tried once without waiting, is on the file its path names now. */
    private static boolean onFileThereNow(NamedLock lock) {
        Optional<LockHold> hold;
        try {
            hold = lock.tryAcquire(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            return false;
        }
        if (hold.isEmpty()) {
            return false;
        }
        boolean valid = !hold.get().isLost();
        try {
            hold.get().release();
        } catch (LockLostException e) {
            valid = false;
        }
        return valid;
    }

    /** The file's device and inode (its {@code fileKey}), or null when there is no file. */
    private static @Nullable Object identity(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.fileKey() != null ? attributes.fileKey() : attributes.creationTime();
        } catch (IOException e) {
            return null;
        }
    }

    private static void check(String what, Path folder, Map<Path, Optional<String>> folders,
            Map<String, String> unusable) {
        folders.computeIfAbsent(folder, LockDirectoryCheck::problem).ifPresent(problem -> unusable.putIfAbsent(what, problem));
    }

    /** What makes {@code folder} unusable for lock files, if anything. */
    private static Optional<String> problem(Path folder) {
        if (!Files.isDirectory(folder)) {
            return Optional.of(folder + " does not exist");
        }
        if (!Files.isWritable(folder)) {
            return Optional.of(folder + " is not writable by this user");
        }
        return Optional.empty();
    }
}
