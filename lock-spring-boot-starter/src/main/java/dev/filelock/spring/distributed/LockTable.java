package dev.filelock.spring.distributed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.filelock.spring.FileLockConfigurationException;
import dev.filelock.spring.autoconfigure.FileLockProperties.Jdbc.InitializeSchema;

/**
 * The lock table a {@code jdbc} lock needs ({@code INT_LOCK} by default): checked before the first
 * lock is used, created from Spring Integration's own DDL for the database when
 * {@code file-lock.jdbc.initialize-schema} allows it (by default for embedded databases only, as
 * Boot initialises schemas), else refused with the statement that creates it.
 */
final class LockTable {

    private static final String DDL_LOCATION = "org/springframework/integration/jdbc/schema-%s.sql";

    private LockTable() {
    }

    static void ensure(DataSource dataSource, String tablePrefix, InitializeSchema mode, String lockName) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        String table = name(tablePrefix);
        if (exists(jdbc, table)) {
            return;
        }
        String product = product(dataSource);
        String ddl = ddl(product, tablePrefix);
        boolean create = mode == InitializeSchema.ALWAYS
                || mode == InitializeSchema.EMBEDDED && EmbeddedDatabaseConnection.isEmbedded(dataSource);
        if (create && ddl != null) {
            try {
                jdbc.execute(ddl);
            } catch (DataAccessException failed) {
                // Another node starting at the same time may have created it first.
                if (!exists(jdbc, table)) {
                    throw failed;
                }
            }
            return;
        }
        throw new FileLockConfigurationException(
                "Lock '" + lockName + "' has type jdbc, but table " + table + " does not exist in the application's "
                        + product + " database",
                "Create it" + (ddl == null ? " (see Spring Integration's schema-*.sql for your database)" : " with:\n" + ddl + ";\n")
                        + " or let the starter create it with file-lock.jdbc.initialize-schema=always");
    }

    /** The lock table's name: Spring Integration's {@code <prefix>LOCK}. */
    static String name(String tablePrefix) {
        return tablePrefix + "LOCK";
    }

    private static boolean exists(JdbcTemplate jdbc, String table) {
        try {
            jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0", Integer.class);
            return true;
        } catch (BadSqlGrammarException missing) {
            return false;
        }
    }

    private static String product(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the database product of the application's DataSource", e);
        }
    }

    /** The database, for messages: {@code PostgreSQL at jdbc:postgresql://db:5432/app}. */
    static String describe(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName() + " at " + connection.getMetaData().getURL();
        } catch (SQLException e) {
            return "the application's database";
        }
    }

    /** Spring Integration's CREATE TABLE statement of the lock table for {@code product}, or null when it has none. */
    static String ddl(String product, String tablePrefix) {
        String platform = DatabaseDriver.fromProductName(product).getId();
        if (platform == null) {
            return null;
        }
        String resource = String.format(DDL_LOCATION, platform.toLowerCase(Locale.ROOT));
        try (InputStream in = LockTable.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(script.split(";"))
                    .map(String::trim)
                    .filter(statement -> statement.matches("(?is)CREATE TABLE\\s+INT_LOCK\\b.*"))
                    // The table and its constraint: constraint names are unique per schema in some databases.
                    .map(statement -> statement.replace("INT_", tablePrefix))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
