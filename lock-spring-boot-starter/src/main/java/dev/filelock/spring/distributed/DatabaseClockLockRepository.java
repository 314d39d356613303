package dev.filelock.spring.distributed;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.jdbc.lock.LockRepository;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.filelock.core.LockOwner;

/**
 * Spring Integration's lock table ({@code <prefix>LOCK}, unchanged) kept on the <b>database's</b>
 * clock: every expiry is written, and every takeover and check judged, by the statements themselves
 * ({@code CURRENT_TIMESTAMP} in UTC), never from a client's clock, so an instance whose clock is
 * minutes off can neither take a live lock nor keep an expired one. Beside each lock row, the row
 * of {@code <prefix>LOCK_HOLDER} records who holds it (host, pid, thread, since, the lease asked
 * for) and its fencing token, taken from the sequence {@code <prefix>LOCK_SEQ} at each acquisition:
 * sequences are durable and never rolled back, so tokens only grow. Plugged into
 * {@link JdbcLockRegistry}, which calls {@link #acquire} and {@link #delete} on the holding thread.
 */
final class DatabaseClockLockRepository implements LockRepository {

    /** The SQL that differs between the databases this repository supports. */
    enum Dialect {
        POSTGRESQL("(CURRENT_TIMESTAMP AT TIME ZONE 'UTC')", "nextval('%s')", ZoneOffset.UTC),
        // An embedded H2 runs in this JVM: its clock is this JVM's, its local time the JVM's zone.
        H2("LOCALTIMESTAMP", "NEXT VALUE FOR %s", ZoneId.systemDefault());

        final String now;
        final String nextValue;
        final ZoneId zone;

        Dialect(String now, String nextValue, ZoneId zone) {
            this.now = now;
            this.nextValue = nextValue;
            this.zone = zone;
        }

        /** {@code now} plus a bound number of milliseconds. */
        String nowPlusMillis() {
            return now + " + CAST(? AS DOUBLE PRECISION) * INTERVAL '0.001' SECOND";
        }

        /** The dialect of a database product, or null when it has none here. */
        static @Nullable Dialect of(String product) {
            String name = product.toLowerCase(Locale.ROOT);
            return name.contains("postgresql") ? POSTGRESQL : name.equals("h2") ? H2 : null;
        }
    }

    private final JdbcTemplate jdbc;
    private final Dialect dialect;
    private final String region;
    private final String clientId;
    private final String table;
    private final String holders;
    private final String sequence;

    DatabaseClockLockRepository(JdbcTemplate jdbc, Dialect dialect, String tablePrefix, String region, String clientId) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.region = region;
        this.clientId = clientId;
        this.table = LockTable.name(tablePrefix);
        this.holders = LockTable.holders(tablePrefix);
        this.sequence = LockTable.sequence(tablePrefix);
    }

    /**
     * Takes the row when it is free, expired by the database's clock, or already this client's; then
     * records the holder with a new fencing token. Each statement commits on its own: a failed insert
     * (another client inserted first) must not abort a transaction holding the others.
     */
    @Override
    public boolean acquire(String lock, Duration ttl) {
        int taken = jdbc.update("UPDATE " + table + " SET CLIENT_ID=?, EXPIRED_AFTER=" + dialect.nowPlusMillis()
                        + " WHERE REGION=? AND LOCK_KEY=? AND (CLIENT_ID=? OR EXPIRED_AFTER<" + dialect.now + ")",
                clientId, ttl.toMillis(), region, lock, clientId);
        if (taken == 0) {
            try {
                jdbc.update("INSERT INTO " + table + " (REGION, LOCK_KEY, CLIENT_ID, CREATED_DATE, EXPIRED_AFTER) VALUES (?, ?, ?, "
                        + dialect.now + ", " + dialect.nowPlusMillis() + ")", region, lock, clientId, ttl.toMillis());
            } catch (DuplicateKeyException held) {
                return false;
            }
        }
        LockOwner holder = LockOwner.currentThread();
        jdbc.update("DELETE FROM " + holders + " WHERE REGION=? AND LOCK_KEY=?", region, lock);
        jdbc.update("INSERT INTO " + holders + " (REGION, LOCK_KEY, CLIENT_ID, HOST, PID, THREAD, SINCE, LEASE_MILLIS, TOKEN)"
                        + " SELECT REGION, LOCK_KEY, CLIENT_ID, ?, ?, ?, " + dialect.now + ", ?, " + dialect.nextValue.formatted(sequence)
                        + " FROM " + table + " WHERE REGION=? AND LOCK_KEY=? AND CLIENT_ID=?",
                column(holder.host()), holder.pid(), column(holder.thread()), ttl.toMillis(), region, lock, clientId);
        return true;
    }

    /** At most the 255 characters the holders' columns keep. */
    private static @Nullable String column(@Nullable String text) {
        return text == null || text.length() <= 255 ? text : text.substring(0, 255);
    }

    @Override
    public boolean isAcquired(String lock) {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE REGION=? AND LOCK_KEY=? AND CLIENT_ID=?"
                + " AND EXPIRED_AFTER>=" + dialect.now, Integer.class, region, lock, clientId);
        return rows != null && rows > 0;
    }

    /**
     * Deletes the row if it is still this client's and unexpired by the database's clock; an expired
     * one is deleted too, but reported (false: the registry throws), since another client could have
     * taken it meanwhile.
     */
    @Override
    public boolean delete(String lock) {
        jdbc.update("DELETE FROM " + holders + " WHERE REGION=? AND LOCK_KEY=? AND CLIENT_ID=?", region, lock, clientId);
        int live = jdbc.update("DELETE FROM " + table + " WHERE REGION=? AND LOCK_KEY=? AND CLIENT_ID=? AND EXPIRED_AFTER>="
                + dialect.now, region, lock, clientId);
        if (live > 0) {
            return true;
        }
        jdbc.update("DELETE FROM " + table + " WHERE REGION=? AND LOCK_KEY=? AND CLIENT_ID=?", region, lock, clientId);
        return false;
    }

    @Override
    public void deleteExpired() {
        jdbc.update("DELETE FROM " + table + " WHERE REGION=? AND EXPIRED_AFTER<" + dialect.now, region);
        jdbc.update("DELETE FROM " + holders + " h WHERE REGION=? AND NOT EXISTS (SELECT 1 FROM " + table
                + " l WHERE l.REGION=h.REGION AND l.LOCK_KEY=h.LOCK_KEY AND l.CLIENT_ID=h.CLIENT_ID)", region);
    }

    /** Extends the row while it is this client's (as Spring Integration's: a row nobody took is still ours). */
    @Override
    public boolean renew(String lock, Duration ttl) {
        return jdbc.update("UPDATE " + table + " SET EXPIRED_AFTER=" + dialect.nowPlusMillis()
                + " WHERE REGION=? AND LOCK_KEY=? AND CLIENT_ID=?", ttl.toMillis(), region, lock, clientId) > 0;
    }

    /** The fencing token of this client's live hold of {@code lock}, or null when it holds none. */
    @Nullable Long token(String lock) {
        List<Long> tokens = jdbc.queryForList("SELECT h.TOKEN FROM " + holders + " h JOIN " + table
                        + " l ON l.REGION=h.REGION AND l.LOCK_KEY=h.LOCK_KEY AND l.CLIENT_ID=h.CLIENT_ID"
                        + " WHERE h.REGION=? AND h.LOCK_KEY=? AND h.CLIENT_ID=? AND l.EXPIRED_AFTER>=" + dialect.now,
                Long.class, region, lock, clientId);
        return tokens.isEmpty() ? null : tokens.get(0);
    }

    /** The live row of {@code lock} by the database's clock, with its holder's record when there is one. */
    @Nullable Row row(String lock) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT l.CLIENT_ID, l.EXPIRED_AFTER, h.HOST, h.PID, h.THREAD,"
                + " h.SINCE, h.LEASE_MILLIS, h.TOKEN FROM " + table + " l LEFT JOIN " + holders
                + " h ON h.REGION=l.REGION AND h.LOCK_KEY=l.LOCK_KEY AND h.CLIENT_ID=l.CLIENT_ID"
                + " WHERE l.REGION=? AND l.LOCK_KEY=? AND l.EXPIRED_AFTER>=" + dialect.now, region, lock);
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = rows.get(0);
        String client = String.valueOf(row.get("CLIENT_ID")).trim();
        Instant expires = instant(row.get("EXPIRED_AFTER"));
        if (row.get("PID") == null) {
            return new Row(client, expires, null, null, null);
        }
        LockOwner holder = new LockOwner(((Number) row.get("PID")).longValue(), (String) row.get("HOST"),
                (String) row.get("THREAD"), instant(row.get("SINCE")));
        return new Row(client, expires, holder, Duration.ofMillis(((Number) row.get("LEASE_MILLIS")).longValue()),
                ((Number) row.get("TOKEN")).longValue());
    }

    private @Nullable Instant instant(@Nullable Object timestamp) {
        return timestamp instanceof Timestamp written ? written.toLocalDateTime().atZone(dialect.zone).toInstant() : null;
    }

    boolean ours(Row row) {
        return clientId.equals(row.client());
    }

    /** Deletes this client's rows, as Spring Integration's repository does when closed. */
    @Override
    public void close() {
        jdbc.update("DELETE FROM " + holders + " WHERE REGION=? AND CLIENT_ID=?", region, clientId);
        jdbc.update("DELETE FROM " + table + " WHERE REGION=? AND CLIENT_ID=?", region, clientId);
    }

    /** A live lock row: who holds it by client id, until when, and that holder's record if it wrote one. */
    record Row(String client, @Nullable Instant expires, @Nullable LockOwner holder, @Nullable Duration lease,
            @Nullable Long token) {
    }
}
