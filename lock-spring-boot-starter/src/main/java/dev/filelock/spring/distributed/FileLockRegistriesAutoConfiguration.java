package dev.filelock.spring.distributed;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.jdbc.lock.LockRepository;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.LockProvider;
import dev.filelock.spring.LockType;
import dev.filelock.spring.autoconfigure.FileLockAutoConfiguration;
import dev.filelock.spring.autoconfigure.FileLockProperties;

/**
 * The lock types on Spring Integration lock registries, each there only when the application has
 * what it needs: {@code redis} with {@code spring-integration-redis} and a
 * {@link RedisConnectionFactory}, {@code jdbc} with {@code spring-integration-jdbc} and one
 * {@link DataSource}, {@code registry} with Spring Integration alone. A provider bean of the
 * application's with the same name replaces the starter's. Nothing here touches a server until a
 * lock of the type is declared.
 */
@AutoConfiguration(before = FileLockAutoConfiguration.class, afterName = {
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration"})
@ConditionalOnBooleanProperty(name = "file-lock.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "org.springframework.integration.support.locks.LockRegistry")
@EnableConfigurationProperties(FileLockProperties.class)
public final class FileLockRegistriesAutoConfiguration {

    /** The lease of a {@code redis} or {@code jdbc} lock that declares none. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    @Bean
    @ConditionalOnMissingBean(name = "fileLockRegistryProvider")
    LockProvider fileLockRegistryProvider(BeanFactory beans, FileLockProperties properties) {
        Map<String, LeaseEngine> engines = new ConcurrentHashMap<>();
        return new RegistryLockProvider(LockType.REGISTRY, declaration -> {
            String name = properties.getLocks().get(declaration.name()).getRegistry();
            return engines.computeIfAbsent(name, bean -> new RegistryEngine(registry(beans, declaration.name(), bean), bean));
        }, declaration -> null);
    }

    private static LockRegistry<?> registry(BeanFactory beans, String lock, String name) {
        try {
            return beans.getBean(name, LockRegistry.class);
        } catch (NoSuchBeanDefinitionException e) {
            throw new FileLockConfigurationException("Lock '" + lock + "' has type registry and names the LockRegistry bean '"
                    + name + "', which the application does not define (" + e.getMessage() + ")",
                    "Define a Spring Integration LockRegistry bean named '" + name + "', or fix file-lock.locks." + lock + ".registry");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ RedisLockRegistry.class, RedisConnectionFactory.class })
    @ConditionalOnBean(RedisConnectionFactory.class)
    static class RedisLocks {

        @Bean
        @ConditionalOnMissingBean(name = "fileLockRedisProvider")
        LockProvider fileLockRedisProvider(RedisConnectionFactory connections, FileLockProperties properties) {
            FileLockProperties.Redis redis = properties.getRedis();
            return new RegistryLockProvider(LockType.REDIS,
                    new EngineStart("the application's Redis", declaration -> new RedisEngine(connections, redis.getKeyPrefix(),
                            redis.getWaitReplicas(), redis.getWaitReplicasTimeout())),
                    leases(properties));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ JdbcLockRegistry.class, JdbcTemplate.class })
    @ConditionalOnSingleCandidate(DataSource.class)
    static class JdbcLocks {

        @Bean
        @ConditionalOnMissingBean(name = "fileLockJdbcProvider")
        LockProvider fileLockJdbcProvider(DataSource dataSource, ObjectProvider<PlatformTransactionManager> transactions,
                FileLockProperties properties) {
            FileLockProperties.Jdbc jdbc = properties.getJdbc();
            return new RegistryLockProvider(LockType.JDBC, new EngineStart("the application's database", declaration -> {
                LockTable.ensure(dataSource, jdbc.getTablePrefix(), jdbc.getInitializeSchema(), declaration.name());
                String clientId = UUID.randomUUID().toString();
                JdbcTemplate template = new JdbcTemplate(dataSource);
                DatabaseClockLockRepository.Dialect dialect = DatabaseClockLockRepository.Dialect.of(LockTable.product(dataSource));
                LockRepository repository;
                if (dialect != null) {
                    repository = new DatabaseClockLockRepository(template, dialect, jdbc.getTablePrefix(), jdbc.getRegion(), clientId);
                } else {
                    // Expiries from this JVM's clock: the guide says what that means for skewed clocks.
                    DefaultLockRepository fromJvmClock = new DefaultLockRepository(dataSource, clientId);
                    fromJvmClock.setRegion(jdbc.getRegion());
                    fromJvmClock.setPrefix(jdbc.getTablePrefix());
                    fromJvmClock.setTransactionManager(transactions.getIfUnique(() -> new JdbcTransactionManager(dataSource)));
                    fromJvmClock.afterPropertiesSet();
                    fromJvmClock.afterSingletonsInstantiated();
                    repository = fromJvmClock;
                }
                return new JdbcEngine(repository, template, jdbc.getRegion(),
                        LockTable.name(jdbc.getTablePrefix()), clientId, LockTable.describe(dataSource));
            }), leases(properties));
        }
    }

    /** The lease of each declared lock: its own, else {@link #DEFAULT_LEASE}. */
    private static Function<DeclaredLock, @Nullable Duration> leases(FileLockProperties properties) {
        return declaration -> {
            Duration lease = properties.getLocks().get(declaration.name()).getLease();
            return lease == null ? DEFAULT_LEASE : lease;
        };
    }
}
