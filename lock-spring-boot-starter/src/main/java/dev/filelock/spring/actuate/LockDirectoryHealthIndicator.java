package dev.filelock.spring.actuate;

import java.nio.file.Path;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.filelock.spring.FileLocks;

/**
 * Down when the lock directory, or the folder of a declared lock's file, is missing or not
 * writable: then no process can take the locks (someone deleted or re-permissioned it after
 * start-up); and while a declared lock's file is missing or replaced by another file, because a
 * process that holds it, or opened it before it was deleted or replaced, excludes no process that
 * opens the path anew; and while the engine of a lock on a server ({@code redis}, {@code jdbc}, ...)
 * does not answer, e.g. a database down since start-up. A replacement is over once this process's
 * lock is on the new file: the check tries the lock once, without waiting, to find out (see
 * {@code LockDirectoryCheck}).
 * Whether locks are held is not health: see the {@code filelocks} endpoint. This is the Spring
 * Boot 4 contribution; {@code Boot3LockDirectoryHealthIndicator} reports the same on Boot 3.
 */
public class LockDirectoryHealthIndicator extends AbstractHealthIndicator {

    private final LockDirectoryCheck check;

    public LockDirectoryHealthIndicator(Path directory, FileLocks locks) {
        super(LockDirectoryCheck.FAILED);
        this.check = new LockDirectoryCheck(directory, locks);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        LockDirectoryCheck.Result result = check.run();
        (result.usable() ? builder.up() : builder.down()).withDetails(result.details());
    }
}
