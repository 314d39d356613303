package dev.filelock.spring.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.filelock.spring.FileLocks;
import dev.filelock.spring.actuate.Boot3LockDirectoryHealthIndicator;

/**
 * {@link FileLockHealthAutoConfiguration} for Spring Boot 3.x, whose health API has other packages:
 * the same {@code fileLocks} contribution, switched on by the same property.
 */
@AutoConfiguration(after = FileLockAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBooleanProperty(name = "file-lock.enabled", matchIfMissing = true)
@ConditionalOnBean(FileLocks.class)
@ConditionalOnEnabledHealthIndicator("filelocks")
public final class FileLockBoot3HealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "fileLocksHealthIndicator")
    Boot3LockDirectoryHealthIndicator fileLocksHealthIndicator(FileLockProperties properties, FileLocks locks) {
        return new Boot3LockDirectoryHealthIndicator(properties.getDirectory(), locks);
    }
}
