package dev.filelock.testservers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

class TestServersTest {

    @Test
    void theSharedRedisAnswers() {
        RedisAddress redis = TestServers.redis();
        try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
        assertThat(TestServers.redis()).isSameAs(redis);
    }

    @Test
    void theSharedDatabaseAnswers() throws SQLException {
        assertThat(selectOne(TestServers.database())).isEqualTo(1);
    }

    @Test
    void anOwnRedisStopsAndComesBackEmptyOnTheSamePort() {
        OwnRedis redis = TestServers.ownRedis();
        try {
            RedisAddress address = redis.address();
            try (Jedis jedis = new Jedis(address.host(), address.port())) {
                jedis.set("k", "v");
            }
            redis.stop();
            assertThatThrownBy(() -> {
                try (Jedis jedis = new Jedis(address.host(), address.port())) {
                    jedis.ping();
                }
            }).isInstanceOf(JedisConnectionException.class);
            redis.start();
            try (Jedis jedis = new Jedis(address.host(), address.port())) {
                assertThat(jedis.get("k")).isNull();
            }
        } finally {
            redis.stop();
        }
    }

    @Test
    void anOwnPostgresStopsAndComesBackWithItsDataOnTheSamePort() throws SQLException {
        try (OwnPostgres postgres = TestServers.ownPostgres()) {
            Database database = postgres.database();
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                statement.execute("create table kept (v int)");
            }
            postgres.stop();
            assertThatThrownBy(() -> selectOne(database)).isInstanceOf(SQLException.class);
            postgres.start();
            try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select count(*) from kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    private static int selectOne(Database database) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select 1")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
