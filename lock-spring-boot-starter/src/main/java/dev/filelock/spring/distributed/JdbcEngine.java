package dev.filelock.spring.distributed;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.util.UUIDConverter;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.filelock.core.LockOwner;
import dev.filelock.spring.LockStatus;

/**
 * {@code type: jdbc}: Spring Integration's {@link JdbcLockRegistry} over a
 * {@link DefaultLockRepository} on the application's data source. A lock is a row of
 * {@code <prefix>LOCK} (region, key's UUID, the repository's client id, expiry written from the
 * acquiring JVM's clock). The registry renews only from the holding thread; the repository renews by
 * client id, from any thread, which is how the lease is kept while the method runs. No fencing token:
 * see the guide for what the database can do instead.
 */
final class JdbcEngine extends LeaseEngine {

    private final DefaultLockRepository repository;
    private final JdbcTemplate jdbc;
    private final String region;
    private final String table;
    private final String clientId;

    JdbcEngine(DefaultLockRepository repository, JdbcTemplate jdbc, String region, String table, String clientId,
            String description) {
        super(new JdbcLockRegistry(new BoundedLockRepository(repository, description)), description);
        this.repository = repository;
        this.jdbc = jdbc;
        this.region = region;
        this.table = table;
        this.clientId = clientId;
    }

    @Override
    boolean leased() {
        return true;
    }

    @Override
    boolean renew(String key, Duration lease) {
        return repository.renew(row(key), lease);
    }

    @Override
    LockStatus status(String key, @Nullable Duration lease, @Nullable LockOwner heldHere) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT CLIENT_ID, EXPIRED_AFTER FROM " + table + " WHERE REGION=? AND LOCK_KEY=?", region, row(key));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", description());
        details.put("row", table + " region '" + region + "' key '" + row(key) + "'");
        details.put("lease", String.valueOf(lease));
        boolean held = false;
        boolean ours = false;
        if (!rows.isEmpty()) {
            Object holder = rows.get(0).get("CLIENT_ID");
            LocalDateTime expires = ((Timestamp) rows.get(0).get("EXPIRED_AFTER")).toLocalDateTime();
            // The expiry was written from the holder's clock; compared here with this JVM's, as the registry does.
            held = !expires.isBefore(LocalDateTime.now(ZoneOffset.UTC));
            if (held) {
                ours = clientId.equals(String.valueOf(holder).trim());
                details.put("holder", ours ? "this process" : "client " + holder);
                details.put("expiresAtUtc", expires.toString());
            }
        }
        return new LockStatus(held, ours ? heldHere : null, null, null, details);
    }

    /** The row's LOCK_KEY: the registry's UUID of the key. */
    private static String row(String key) {
        return UUIDConverter.getUUID(key).toString();
    }
}
