package dev.filelock.spring.distributed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.util.ClassUtils;

import io.lettuce.core.api.async.BaseRedisAsyncCommands;

import dev.filelock.core.LockLostException;
import dev.filelock.core.LockOwner;
import dev.filelock.spring.LockStatus;

/**
 * {@code type: redis}: Spring Integration's {@link RedisLockRegistry} on the application's
 * {@link RedisConnectionFactory}. A lock is the Redis string {@code <prefix>:<key>} holding the
 * registry's client id, with the lease as its expiry. Beside it, while it is held, the hash
 * {@code <prefix>-holder:<key>} records who holds it (host, pid, thread, since, the lease asked
 * for, the fencing token once issued); it expires with the lock and is deleted at the release, so
 * nothing outlives a lock. Fencing tokens are the server's clock in microseconds ({@code TIME}),
 * read by a script that first checks this process still holds the lock and returns only once the
 * server's clock has left that microsecond: they keep increasing across {@code FLUSHALL}, a restart
 * without persistence and a restore from an older snapshot, as long as the server's clock does not
 * go back.
 */
final class RedisEngine extends LeaseEngine {

    private static final boolean LETTUCE = ClassUtils.isPresent("io.lettuce.core.api.async.BaseRedisAsyncCommands",
            RedisEngine.class.getClassLoader());

    private static final RedisScript<Long> RECORD_HOLDER = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then
                return 0
            end
            redis.call('DEL', KEYS[2])
            redis.call('HSET', KEYS[2], 'client', ARGV[1], 'host', ARGV[2], 'pid', ARGV[3], 'thread', ARGV[4],
                    'since', ARGV[5], 'lease', ARGV[6])
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl > 0 then
                redis.call('PEXPIRE', KEYS[2], ttl)
            end
            return 1
            """, Long.class);

    private static final RedisScript<Long> NEXT_TOKEN = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then
                return false
            end
            local now = redis.call('TIME')
            local later
            local reads = 0
            repeat
                later = redis.call('TIME')
                reads = reads + 1
            until later[1] ~= now[1] or later[2] ~= now[2] or reads > 10000
            if reads > 10000 then
                return redis.error_reply('the server clock (TIME) did not advance')
            end
            local token = now[1] .. string.rep('0', 6 - string.len(now[2])) .. now[2]
            if redis.call('EXISTS', KEYS[2]) == 1 then
                redis.call('HSET', KEYS[2], 'token', token)
            end
            return tonumber(token)
            """, Long.class);

    private static final RedisScript<Long> RENEW = new DefaultRedisScript<>("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then
                return 0
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            return 1
            """, Long.class);

    private static final RedisScript<Long> FORGET_HOLDER = new DefaultRedisScript<>("""
            if redis.call('HGET', KEYS[1], 'client') == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0
            """, Long.class);

    // The pub/sub lock waits for its holder's unlock message, and notices a lease that ran out without
    // one (a holder that crashed or stopped) only when a wait ends: so waits are cut into steps this
    // long, the pace at which Spring Integration's spin lock polls by default (idleBetweenTries).
    private static final Duration EXPIRY_CHECK = Duration.ofMillis(100);

    private final RedisLockRegistry registry;
    private final StringRedisTemplate redis;
    private final String prefix;
    private final int waitReplicas;
    private final Duration waitReplicasTimeout;
    // The registry's client id, the value of every lock it holds; learnt from the first lock held.
    private volatile String clientId;

    RedisEngine(RedisConnectionFactory connections, String prefix, int waitReplicas, Duration waitReplicasTimeout) {
        this(new RedisLockRegistry(connections, prefix), connections, prefix, waitReplicas, waitReplicasTimeout);
    }

    private RedisEngine(RedisLockRegistry registry, RedisConnectionFactory connections, String prefix, int waitReplicas,
            Duration waitReplicasTimeout) {
        super(registry, connections instanceof LettuceConnectionFactory lettuce
                ? "Redis at " + lettuce.getHostName() + ":" + lettuce.getPort()
                : "Redis");
        this.registry = registry;
        // Woken by the holder's unlock instead of polling every 100 ms, which made contended waits last
        // hundreds of milliseconds while the lock was free most of the time.
        registry.setRedisLockType(RedisLockRegistry.RedisLockType.PUB_SUB_LOCK);
        this.redis = new StringRedisTemplate(connections);
        this.prefix = prefix;
        this.waitReplicas = waitReplicas;
        this.waitReplicasTimeout = waitReplicasTimeout;
    }

    @Override
    Duration longestWait() {
        return EXPIRY_CHECK;
    }

    @Override
    boolean leased() {
        return true;
    }

    /**
     * Records the holder beside the lock and, with {@code wait-replicas}, waits until that record
     * (written after the lock, on one replication stream) reached the replicas asked for.
     */
    @Override
    void acquired(String key, @Nullable Duration lease, LockOwner holder) {
        Duration leased = lease == null ? FileLockRegistriesAutoConfiguration.DEFAULT_LEASE : lease;
        String client = clientId(key, leased);
        Long replicas = redis.execute(new SessionCallback<Long>() {
            @Override
            @SuppressWarnings({ "unchecked", "rawtypes" })
            public Long execute(RedisOperations operations) {
                Long recorded = (Long) operations.execute(RECORD_HOLDER, List.of(lockKey(key), holderKey(key)), client,
                        String.valueOf(holder.host()), String.valueOf(holder.pid()), String.valueOf(holder.thread()),
                        String.valueOf(holder.since().toEpochMilli()), String.valueOf(leased.toMillis()));
                if (recorded == null || recorded == 0) {
                    throw new LockLostException(description() + " no longer records key '" + key + "' as this process's");
                }
                if (waitReplicas <= 0) {
                    return 0L;
                }
                // Same connection as the record, so WAIT counts the replicas that acknowledged it.
                return (Long) operations.execute((RedisCallback<Long>) RedisEngine.this::waitForReplicas);
            }
        });
        if (waitReplicas > 0 && (replicas == null || replicas < waitReplicas)) {
            throw new IllegalStateException("it reached " + replicas + " of the " + waitReplicas
                    + " replicas asked for (file-lock.redis.wait-replicas) within " + waitReplicasTimeout
                    + ", so a failover could hand it to another process");
        }
    }

    /** Redis {@code WAIT} on {@code connection}: how many replicas acknowledged its writes in time. */
    private Long waitForReplicas(RedisConnection connection) {
        long millis = Math.max(1, waitReplicasTimeout.toMillis());
        Object client = connection.getNativeConnection();
        if (LETTUCE && client instanceof BaseRedisAsyncCommands<?, ?> lettuce) {
            // Spring Data's execute() reads every reply as bytes, and WAIT answers an integer.
            try {
                return lettuce.waitForReplication(waitReplicas, millis).get(millis + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for replicas", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("WAIT for replicas failed: " + e, e);
            }
        }
        return (Long) connection.execute("WAIT", bytes(waitReplicas), bytes(millis));
    }

    @Override
    void releasing(String key) {
        String client = clientId;
        if (client == null) {
            return;
        }
        try {
            redis.execute(FORGET_HOLDER, List.of(holderKey(key)), client);
        } catch (DataAccessException unreachable) {
            // The record expires with the lock's lease; the release that follows reports the engine's state.
        }
    }

    @Override
    boolean renew(String key, Duration lease) {
        String client = clientId;
        if (client == null) {
            return renewInRegistry(key, lease);
        }
        Long renewed = redis.execute(RENEW, List.of(lockKey(key), holderKey(key)), client, String.valueOf(lease.toMillis()));
        return renewed != null && renewed == 1;
    }

    private boolean renewInRegistry(String key, Duration lease) {
        try {
            registry.renewLock(key, lease);
            return true;
        } catch (IllegalStateException notOurs) {
            return false;
        }
    }

    @Override
    OptionalLong fencingToken(String key, Duration lease) {
        Long token = redis.execute(NEXT_TOKEN, List.of(lockKey(key), holderKey(key)), clientId(key, lease));
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
            if (candidate == null || !renewInRegistry(key, lease)) {
                throw new LockLostException(description() + " no longer records key '" + key + "' as this process's");
            }
            clientId = id = candidate;
        }
        return id;
    }

    /**
     * The lock's value, expiry and holder record. Another process's hold shows that process (host,
     * pid, thread, since) and the lease it asked for, from its record.
     */
    @Override
    LockStatus status(String key, @Nullable Duration lease, @Nullable LockOwner heldHere) {
        String holder = redis.opsForValue().get(lockKey(key));
        Long expiresIn = redis.getExpire(lockKey(key), TimeUnit.MILLISECONDS);
        Map<Object, Object> record = redis.opsForHash().entries(holderKey(key));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", description());
        details.put("key", lockKey(key));
        details.put("lease", String.valueOf(lease));
        boolean ours = holder != null && ours(key, lease, holder, heldHere);
        LockOwner shown = ours ? heldHere : null;
        Long token = null;
        if (holder != null) {
            boolean recorded = holder.equals(record.get("client"));
            details.put("holder", ours ? "this process" : recorded ? "another process" : "client " + holder);
            if (expiresIn != null && expiresIn >= 0) {
                details.put("expiresInMillis", expiresIn);
            }
            if (recorded) {
                if (!ours) {
                    shown = new LockOwner(number(record.get("pid"), -1), text(record.get("host")),
                            text(record.get("thread")), Instant.ofEpochMilli(number(record.get("since"), 0)));
                    details.put("lease", Duration.ofMillis(number(record.get("lease"), 0)).toString());
                }
                token = record.containsKey("token") ? number(record.get("token"), 0) : null;
            }
        }
        return new LockStatus(holder != null, shown, null, token, details);
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

    private static long number(@Nullable Object value, long otherwise) {
        try {
            return value == null ? otherwise : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static @Nullable String text(@Nullable Object value) {
        return value == null || "null".equals(value) ? null : value.toString();
    }

    private static byte[] bytes(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private String lockKey(String key) {
        return prefix + ":" + key;
    }

    private String holderKey(String key) {
        return prefix + "-holder:" + key;
    }

    @Override
    public void close() {
        registry.destroy();
    }
}
