package dev.filelock.spring.distributed;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.integration.redis.util.RedisLockRegistry;

import org.jspecify.annotations.Nullable;

import dev.filelock.core.LockLostException;
import dev.filelock.core.LockOwner;
import dev.filelock.spring.LockStatus;

/**
 * {@code type: redis}: Spring Integration's {@link RedisLockRegistry} on the application's
 * {@link RedisConnectionFactory}. A lock is the Redis string {@code <prefix>:<key>} holding the
 * registry's client id, with the lease as its expiry; its fencing token is the counter
 * {@code <prefix>-fence:<key>}, incremented by a script that first checks this process still holds
 * the lock, so that a holder whose lease expired can never obtain a token above its successor's.
 */
final class RedisEngine extends LeaseEngine {

    private static final RedisScript<Long> NEXT_TOKEN = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('INCR', KEYS[2])
            end
            return false
            """, Long.class);

    // The pub/sub lock waits for its holder's unlock message, and notices a lease that ran out without
    // one (a holder that crashed or stopped) only when a wait ends: so waits are cut into steps this
    // long, the pace at which Spring Integration's spin lock polls by default (idleBetweenTries).
    private static final Duration EXPIRY_CHECK = Duration.ofMillis(100);

    private final RedisLockRegistry registry;
    private final StringRedisTemplate redis;
    private final String prefix;
    // The registry's client id, the value of every lock it holds; learnt from the first lock held.
    private volatile String clientId;

    RedisEngine(RedisConnectionFactory connections, String prefix) {
        this(new RedisLockRegistry(connections, prefix), connections, prefix);
    }

    private RedisEngine(RedisLockRegistry registry, RedisConnectionFactory connections, String prefix) {
        super(registry, connections instanceof LettuceConnectionFactory lettuce
                ? "Redis at " + lettuce.getHostName() + ":" + lettuce.getPort()
                : "Redis");
        this.registry = registry;
        // Woken by the holder's unlock instead of polling every 100 ms, which made contended waits last
        // hundreds of milliseconds while the lock was free most of the time.
        registry.setRedisLockType(RedisLockRegistry.RedisLockType.PUB_SUB_LOCK);
        this.redis = new StringRedisTemplate(connections);
        this.prefix = prefix;
    }

    @Override
    Duration longestWait() {
        return EXPIRY_CHECK;
    }

    @Override
    boolean leased() {
        return true;
    }

    @Override
    boolean renew(String key, Duration lease) {
        try {
            registry.renewLock(key, lease);
            return true;
        } catch (IllegalStateException notOurs) {
            return false;
        }
    }

    @Override
    OptionalLong fencingToken(String key, Duration lease) {
        Long token = redis.execute(NEXT_TOKEN, List.of(lockKey(key), fenceKey(key)), clientId(key, lease));
        if (token == null) {
            throw new LockLostException(description() + " no longer records key '" + key
                    + "' as this process's, so no fencing token was issued");
        }
        return OptionalLong.of(token);
    }

    /**
     * The registry's client id, read from a lock this process holds. A renewal, which the registry
     * checks against its own id, then proves the value read was ours: while this process holds the
     * lock, no one else can have set it back to our id.
     */
    private String clientId(String key, Duration lease) {
        String id = clientId;
        if (id == null) {
            String candidate = redis.opsForValue().get(lockKey(key));
            if (candidate == null || !renew(key, lease)) {
                throw new LockLostException(description() + " no longer records key '" + key + "' as this process's");
            }
            clientId = id = candidate;
        }
        return id;
    }

    @Override
    LockStatus status(String key, @Nullable Duration lease, @Nullable LockOwner heldHere) {
        String holder = redis.opsForValue().get(lockKey(key));
        Long expiresIn = redis.getExpire(lockKey(key), TimeUnit.MILLISECONDS);
        String token = redis.opsForValue().get(fenceKey(key));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", description());
        details.put("key", lockKey(key));
        details.put("lease", String.valueOf(lease));
        boolean ours = holder != null && ours(key, lease, holder, heldHere);
        if (holder != null) {
            details.put("holder", ours ? "this process" : "client " + holder);
            if (expiresIn != null && expiresIn >= 0) {
                details.put("expiresInMillis", expiresIn);
            }
        }
        return new LockStatus(holder != null, ours ? heldHere : null, null,
                token == null ? null : Long.valueOf(token), details);
    }

    /**
     * Whether {@code holder}, the value of the lock's key, is the registry's client id. Until a token
     * or a status taken during a hold of this process's has learnt the id, it is learnt here.
     */
    private boolean ours(String key, @Nullable Duration lease, String holder, @Nullable LockOwner heldHere) {
        if (clientId == null && heldHere != null && lease != null) {
            try {
                clientId(key, lease);
            } catch (LockLostException released) {
                return false;
            }
        }
        return holder.equals(clientId);
    }

    private String lockKey(String key) {
        return prefix + ":" + key;
    }

    private String fenceKey(String key) {
        return prefix + "-fence:" + key;
    }

    @Override
    public void close() {
        registry.destroy();
    }
}
