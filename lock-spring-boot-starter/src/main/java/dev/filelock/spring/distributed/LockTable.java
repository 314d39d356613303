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
        String product = product(dataSource);
        boolean create = mode == InitializeSchema.ALWAYS
                || mode == InitializeSchema.EMBEDDED && EmbeddedDatabaseConnection.isEmbedded(dataSource);
        if (exists(jdbc, table)) {
            ensureHolders(jdbc, product, tablePrefix, create, lockName);
            return;
        }
        String ddl = ddl(product, tablePrefix);
        if (create && ddl != null) {
            try {
                jdbc.execute(ddl);
            } catch (DataAccessException failed) {
                // Another node starting at the same time may have created it first.
                if (!exists(jdbc, table)) {
                    throw failed;
                }
            }
            ensureHolders(jdbc, product, tablePrefix, true, lockName);
            return;
        }
        throw new FileLockConfigurationException(
                "Lock '" + lockName + "' has type jdbc, but table " + table + " does not exist in the application's "
                        + product + " database",
                "Create it" + (ddl == null ? " (see Spring Integration's schema-*.sql for your database)" : " with:\n" + ddl + ";\n")
                        + " or let the starter create it with file-lock.jdbc.initialize-schema=always");
    }

    /**
     * Where the database has a {@link DatabaseClockLockRepository.Dialect}: the holders' table and the
     * fencing tokens' sequence beside the lock table, created when allowed, else refused with their DDL.
     */
    private static void ensureHolders(JdbcTemplate jdbc, String product, String tablePrefix, boolean create, String lockName) {
        if (DatabaseClockLockRepository.Dialect.of(product) == null) {
            return;
        }
        String holdersDdl = "CREATE TABLE IF NOT EXISTS " + holders(tablePrefix) + " (REGION VARCHAR(100) NOT NULL,"
                + " LOCK_KEY CHAR(36) NOT NULL, CLIENT_ID CHAR(36), HOST VARCHAR(255), PID BIGINT, THREAD VARCHAR(255),"
                + " SINCE TIMESTAMP, LEASE_MILLIS BIGINT, TOKEN BIGINT,"
                + " CONSTRAINT " + holders(tablePrefix) + "_PK PRIMARY KEY (REGION, LOCK_KEY))";
        String sequenceDdl = "CREATE SEQUENCE IF NOT EXISTS " + sequence(tablePrefix);
        boolean missing = !exists(jdbc, holders(tablePrefix)) || !sequenceExists(jdbc, sequence(tablePrefix));
        if (!missing) {
            return;
        }
        if (!create) {
            throw new FileLockConfigurationException("Lock '" + lockName + "' has type jdbc, but the table "
                    + holders(tablePrefix) + " (who holds each lock) or the sequence " + sequence(tablePrefix)
                    + " (fencing tokens) does not exist in the application's " + product + " database",
                    "Create them with:\n" + holdersDdl + ";\n" + sequenceDdl + ";\n"
                            + " or let the starter create them with file-lock.jdbc.initialize-schema=always");
        }
        jdbc.execute(holdersDdl);
        jdbc.execute(sequenceDdl);
    }

    private static boolean sequenceExists(JdbcTemplate jdbc, String sequence) {
        Integer found = jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SEQUENCES WHERE UPPER(SEQUENCE_NAME)=?",
                Integer.class, sequence.toUpperCase(Locale.ROOT));
        return found != null && found > 0;
    }

    /** The table recording who holds each lock: {@code <prefix>LOCK_HOLDER}. */
    static String holders(String tablePrefix) {
        return name(tablePrefix) + "_HOLDER";
    }

    /** The sequence of the fencing tokens: {@code <prefix>LOCK_SEQ}. */
    static String sequence(String tablePrefix) {
        return name(tablePrefix) + "_SEQ";
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

    /** The database's product name ({@code PostgreSQL}, {@code H2}). */
    static String product(DataSource dataSource) {
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
