package dev.filelock.spring.actuate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLocks;

/**
 * Down when the lock directory, or the folder of a declared lock's file, is missing or not
 * writable: then no process can take the locks (someone deleted or re-permissioned it after
 * start-up); and while a declared lock's file is missing, because a process that holds it, or
 * opened it before it was deleted, excludes no process that opens the path anew. Whether locks are
 * held is not health: see the {@code filelocks} endpoint.
 */
public class LockDirectoryHealthIndicator extends AbstractHealthIndicator {

    private final Path directory;
    private final FileLocks locks;

    public LockDirectoryHealthIndicator(Path directory, FileLocks locks) {
        super("File lock directory health check failed");
        this.directory = directory.toAbsolutePath().normalize();
        this.locks = locks;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
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
        builder.withDetail("directory", directory.toString()).withDetail("locks", locks.declarations().size());
        if (unusable.isEmpty()) {
            builder.up();
        } else {
            builder.down().withDetail("unusable", unusable);
        }
    }

    private static void check(String what, Path folder, Map<String, String> unusable) {
        if (!Files.isDirectory(folder)) {
            unusable.putIfAbsent(what, folder + " does not exist");
        } else if (!Files.isWritable(folder)) {
            unusable.putIfAbsent(what, folder + " is not writable by this user");
        }
    }
}
