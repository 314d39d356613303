package dev.filelock.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.filelock.spring.metrics.LockMetrics;
import dev.filelock.spring.metrics.MicrometerLockMetrics;

/** Micrometer timers for lock waits and holds, when the application has a {@link MeterRegistry}. */
// After whichever generation's registry auto-configuration is present: Boot 4's first, then Boot 3's.
@AutoConfiguration(before = FileLockAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "file-lock.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public class FileLockMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LockMetrics fileLockMetrics(MeterRegistry registry) {
        return new MicrometerLockMetrics(registry);
    }
}
