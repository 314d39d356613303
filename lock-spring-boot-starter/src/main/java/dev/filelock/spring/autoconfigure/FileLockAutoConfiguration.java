package dev.filelock.spring.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockProvider;
import dev.filelock.spring.aop.FileLockAopConfiguration;

/**
 * {@link dev.filelock.spring.FileLocked} for Spring Boot: the declared locks of
 * {@code file-lock.locks}, served by the {@link LockProvider} of each type, and the AOP beans
 * (applied by proxies, or configuring the aspect when AspectJ weaves it), the start-up checks and
 * the release of held locks at shutdown. {@link FileLocks} backs off when the application defines
 * its own.
 */
@AutoConfiguration(after = AopAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "file-lock.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FileLockProperties.class)
@Import(FileLockAopConfiguration.class)
public final class FileLockAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(FileLocks.class)
    DeclaredLocks fileLocks(FileLockProperties properties, ObjectProvider<LockProvider> providers, Environment environment) {
        UnknownProperties.refuse(environment);
        return new DeclaredLocks(LockDeclarations.from(properties), providers.orderedStream().toList());
    }
}
