package dev.filelock.spring.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.filelock.spring.FileLocks;
import dev.filelock.spring.actuate.FileLocksEndpoint;

/** The {@code filelocks} actuator endpoint, when the actuator is present and the endpoint available. */
@AutoConfiguration(after = FileLockAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBooleanProperty(name = "file-lock.enabled", matchIfMissing = true)
@ConditionalOnBean(FileLocks.class)
@ConditionalOnAvailableEndpoint(FileLocksEndpoint.class)
public class FileLockEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FileLocksEndpoint fileLocksEndpoint(FileLocks locks) {
        return new FileLocksEndpoint(locks);
    }
}
