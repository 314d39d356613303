package dev.filelock.sample.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * The Redis server of the {@code redis} profile's job: the application's own when
 * {@code spring.data.redis.url} is set, else one started for the run from the binary that the
 * {@code embedded-redis} artifact ships, on a free loopback port, without persistence, and stopped
 * by {@link #close()}. So the job runs on a machine with nothing but a JDK.
 */
final class JobRedis implements AutoCloseable {

    private final String url;
    private final String source;
    private final RedisServer started;

    private JobRedis(String url, String source, RedisServer started) {
        this.url = url;
        this.source = source;
        this.started = started;
    }

    /** The server at {@code configuredUrl}, or, when it is blank, a server of this run's own. */
    static JobRedis use(String configuredUrl) {
        if (!configuredUrl.isBlank()) {
            return new JobRedis(configuredUrl, "spring.data.redis.url", null);
        }
        try {
            int port = freePort();
            RedisServer server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            return new JobRedis("redis://127.0.0.1:" + port, "embedded-redis, started for this run", server);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a Redis server from embedded-redis' binary (" + e.getMessage()
                    + "); give the job a Redis of yours with --spring.data.redis.url=redis://host:port", e);
        }
    }

    /** {@code redis://host:port}, as {@code spring.data.redis.url} takes it. */
    String url() {
        return url;
    }

    /** Where the server comes from, for the job's output. */
    String source() {
        return source;
    }

    @Override
    public void close() {
        if (started != null) {
            try {
                started.stop();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not stop the embedded Redis server at " + url, e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
