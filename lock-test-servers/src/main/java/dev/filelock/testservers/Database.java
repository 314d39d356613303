package dev.filelock.testservers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A test PostgreSQL database.
 *
 * @param url      JDBC URL
 * @param user     user name
 * @param password password (may be empty)
 * @param source   where the database came from (an environment variable, Testcontainers, a binary), for messages
 */
public record Database(String url, String user, String password, String source) {

    /** A new connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
