package dev.filelock.spring.actuate;

import java.nio.file.Path;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import dev.filelock.spring.FileLocks;

/**
 * {@link LockDirectoryHealthIndicator}'s check for Spring Boot 3, whose health API lives in
 * {@code org.springframework.boot.actuate.health}. Compiled against Boot 3's actuator (see the
 * starter's pom); loaded only when that API is present.
 */
public class Boot3LockDirectoryHealthIndicator extends AbstractHealthIndicator {

    private final LockDirectoryCheck check;

    public Boot3LockDirectoryHealthIndicator(Path directory, FileLocks locks) {
        super(LockDirectoryCheck.FAILED);
        this.check = new LockDirectoryCheck(directory, locks);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        LockDirectoryCheck.Result result = check.run();
        (result.usable() ? builder.up() : builder.down()).withDetails(result.details());
    }
}
