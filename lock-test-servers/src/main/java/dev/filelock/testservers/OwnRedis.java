package dev.filelock.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * A Redis server of one test's own, started from the binary that {@code embedded-redis} ships, on a
 * free loopback port that it keeps across {@link #stop()} and {@link #start()}, so that a client
 * configured once sees the same server go away and come back.
 */
public final class OwnRedis {

    private final int port;
    private final RedisServer server;

    private OwnRedis(int port, Path snapshots, RedisAddress primary) throws IOException {
        this.port = port;
        // No persistence of its own: a restarted server starts empty, as after a crash without AOF,
        // unless a test SAVEd a snapshot (dump.rdb) in its directory, which it then loads.
        RedisServerBuilder builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no");
        if (snapshots != null) {
            builder.setting("dir " + snapshots).setting("dbfilename dump.rdb");
        }
        if (primary != null) {
            builder.setting("replicaof " + primary.host() + " " + primary.port());
        }
        this.server = builder.build();
    }

    static OwnRedis launch() {
        return launch(null, null);
    }

    /**
     * @param snapshots where {@code SAVE} writes {@code dump.rdb} and a start loads it from; null: the default
     * @param primary   the server this one replicates ({@code replicaof}); null: a primary
     */
    static OwnRedis launch(Path snapshots, RedisAddress primary) {
        try {
            OwnRedis redis = new OwnRedis(freePort(), snapshots, primary);
            redis.server.start();
            return redis;
        } catch (IOException e) {
            throw TestServers.failedToStart("a Redis server from embedded-redis' binary", e);
        }
    }

    /** Where this server answers (also while it is stopped: where it will answer again). */
    public RedisAddress address() {
        return new RedisAddress("127.0.0.1", port, "embedded-redis");
    }

    /** Starts the server again on the same port. */
    public void start() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server; what it held is gone. */
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
