package dev.filelock.spring.distributed;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How {@code redis} locks use the application's Redis ({@code file-lock.redis}). */
@ConfigurationProperties("file-lock.redis")
public class FileLockRedisProperties {

    /**
     * Prefix of the Redis keys of the locks ({@code <prefix>:<name>[:<key>]}) and of their fencing
     * counters ({@code <prefix>-fence:...}). Every process sharing the locks must use the same.
     */
    private String keyPrefix = "file-lock";

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }
}
