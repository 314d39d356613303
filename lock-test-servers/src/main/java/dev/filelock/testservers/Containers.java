package dev.filelock.testservers;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The Docker path: one container per server, removed by Testcontainers' reaper when the JVM exits. */
final class Containers {

    private static final int REDIS_PORT = 6379;

    private Containers() {
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers removes it
    static RedisAddress redis() {
        GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(REDIS_PORT);
        redis.start();
        return new RedisAddress(redis.getHost(), redis.getMappedPort(REDIS_PORT), "Testcontainers");
    }

    @SuppressWarnings("resource") // lives as long as the JVM; Testcontainers removes it
    static Database postgres() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");
        postgres.start();
        return new Database(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(), "Testcontainers");
    }
}
