package dev.filelock.testservers;

import java.net.URI;

/**
 * Where a test Redis answers.
 *
 * @param host   host name or address
 * @param port   TCP port
 * @param source where the address came from (an environment variable, Testcontainers, a binary), for messages
 */
public record RedisAddress(String host, int port, String source) {

    /** {@code redis://host:port}, as {@code spring.data.redis.url} takes it. */
    public String url() {
        return "redis://" + host + ":" + port;
    }

    static RedisAddress parse(String url, String source) {
        URI uri = URI.create(url);
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(source + "=" + url + " is not a redis://host:port address");
        }
        return new RedisAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), source);
    }
}
