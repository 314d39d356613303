package dev.filelock.stress;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Lock;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The {@code redis} and {@code jdbc} kinds: Spring Integration's lock registries, as the starter's
 * {@code redis} and {@code jdbc} lock types use them, on the server that the system properties
 * {@code filelock.stress.redis-url} ({@code redis://host:port}) and {@code filelock.stress.jdbc-url}
 * ({@code -user}, {@code -password}) name; the verifier passes them on to its children. The TTL is
 * short so that a killed holder's lock frees soon; the holds of a stress run last microseconds.
 */
final class ServerLocks {

    static final String REDIS_URL = "filelock.stress.redis-url";
    static final String JDBC_URL = "filelock.stress.jdbc-url";
    static final String JDBC_USER = "filelock.stress.jdbc-user";
    static final String JDBC_PASSWORD = "filelock.stress.jdbc-password";

    private static final Duration TTL = Duration.ofSeconds(2);
    // The registries poll a busy lock; their default pause (100 ms) would make a stress run crawl.
    private static final Duration POLL = Duration.ofMillis(5);

    private ServerLocks() {
    }

    /** A Redis lock named {@code key}. */
    static Lock redis(String key) {
        URI url = URI.create(required(REDIS_URL));
        LettuceConnectionFactory connections = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
        connections.afterPropertiesSet();
        connections.start();
        RedisLockRegistry registry = new RedisLockRegistry(connections, "stress", TTL);
        registry.setIdleBetweenTries(POLL);
        // The registry's own executor has non-daemon threads kept 60 s after their last unlock: never
        // destroyed here, it held every child JVM alive for a minute after its last acquisition, which the
        // run's time counted.
        CustomizableThreadFactory threads = new CustomizableThreadFactory("stress-redis-lock-");
        threads.setDaemon(true);
        registry.setExecutor(Executors.newCachedThreadPool(threads));
        return registry.obtain(key);
    }

    /** A database lock named {@code key}, in region {@code stress} of INT_LOCK. */
    static Lock jdbc(String key) {
        // One connection per child, kept: opening one per statement would measure PostgreSQL's connection set-up.
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(required(JDBC_URL),
                System.getProperty(JDBC_USER, "postgres"), System.getProperty(JDBC_PASSWORD, ""), true);
        DefaultLockRepository repository = new DefaultLockRepository(dataSource);
        repository.setRegion("stress");
        repository.setTransactionManager(new JdbcTransactionManager(dataSource));
        repository.afterPropertiesSet();
        repository.afterSingletonsInstantiated();
        JdbcLockRegistry registry = new JdbcLockRegistry(repository, TTL);
        registry.setIdleBetweenTries(POLL);
        return registry.obtain(key);
    }

    /** Creates INT_LOCK when missing (PostgreSQL's DDL, as Spring Integration ships it); run once, before the children. */
    static void createLockTable() {
        new JdbcTemplate(new DriverManagerDataSource(required(JDBC_URL), System.getProperty(JDBC_USER, "postgres"),
                System.getProperty(JDBC_PASSWORD, ""))).execute("""
                CREATE TABLE IF NOT EXISTS INT_LOCK (
                    LOCK_KEY CHAR(36) NOT NULL,
                    REGION VARCHAR(100) NOT NULL,
                    CLIENT_ID CHAR(36),
                    CREATED_DATE TIMESTAMP NOT NULL,
                    EXPIRED_AFTER TIMESTAMP NOT NULL,
                    constraint INT_LOCK_PK primary key (LOCK_KEY, REGION))""");
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("This lock kind needs -D" + property + "=... naming the server");
        }
        return value;
    }
}
