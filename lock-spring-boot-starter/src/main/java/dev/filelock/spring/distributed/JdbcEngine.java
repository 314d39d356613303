package dev.filelock.spring.distributed;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.jdbc.lock.LockRepository;
import org.springframework.integration.util.UUIDConverter;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.filelock.core.LockLostException;
import dev.filelock.core.LockOwner;
import dev.filelock.spring.LockStatus;

/**
 * {@code type: jdbc}: Spring Integration's {@link JdbcLockRegistry} on the application's data
 * source. On PostgreSQL and H2 its repository is a {@link DatabaseClockLockRepository}: expiries on
 * the database's clock, the holder recorded beside the row, a fencing token from a sequence. On
 * other databases it is Spring Integration's {@link DefaultLockRepository}, whose expiries come from
 * each JVM's clock, without holder records or tokens. The registry renews only from the holding
 * thread; the repository renews by client id, from any thread, which is how the lease is kept while
 * the method runs.
 */
final class JdbcEngine extends LeaseEngine {

    private final LockRepository repository;
    private final JdbcTemplate jdbc;
    private final String region;
    private final String table;
    private final String clientId;

    JdbcEngine(LockRepository repository, JdbcTemplate jdbc, String region, String table, String clientId,
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
    OptionalLong fencingToken(String key, Duration lease) {
        if (!(repository instanceof DatabaseClockLockRepository clocked)) {
            return OptionalLong.empty();
        }
        Long token = clocked.token(row(key));
        if (token == null) {
            throw new LockLostException(description() + " no longer records key '" + key
                    + "' as this process's, so no fencing token was issued");
        }
        return OptionalLong.of(token);
    }

    @Override
    LockStatus status(String key, @Nullable Duration lease, @Nullable LockOwner heldHere) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", description());
        details.put("row", table + " region '" + region + "' key '" + row(key) + "'");
        details.put("lease", String.valueOf(lease));
        if (repository instanceof DatabaseClockLockRepository clocked) {
            DatabaseClockLockRepository.Row row = clocked.row(row(key));
            if (row == null) {
                return new LockStatus(false, null, null, null, details);
            }
            boolean ours = clocked.ours(row);
            details.put("holder", ours ? "this process" : row.holder() != null ? "another process" : "client " + row.client());
            details.put("expiresAt", String.valueOf(row.expires()));
            if (!ours && row.lease() != null) {
                details.put("lease", row.lease().toString());
            }
            return new LockStatus(true, ours ? heldHere : row.holder(), null, row.token(), details);
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT CLIENT_ID, EXPIRED_AFTER FROM " + table + " WHERE REGION=? AND LOCK_KEY=?", region, row(key));
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
