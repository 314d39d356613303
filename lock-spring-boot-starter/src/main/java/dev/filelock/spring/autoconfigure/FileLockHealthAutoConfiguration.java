package dev.filelock.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.filelock.spring.FileLocks;
import dev.filelock.spring.actuate.LockDirectoryHealthIndicator;

/** The {@code fileLocks} health contribution, when Spring Boot's health support is present. */
@AutoConfiguration(after = FileLockAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBooleanProperty(name = "file-lock.enabled", matchIfMissing = true)
@ConditionalOnBean(FileLocks.class)
@ConditionalOnEnabledHealthIndicator("filelocks")
public class FileLockHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "fileLocksHealthIndicator")
    LockDirectoryHealthIndicator fileLocksHealthIndicator(FileLockProperties properties, FileLocks locks) {
        return new LockDirectoryHealthIndicator(properties.getDirectory(), locks);
    }
}
