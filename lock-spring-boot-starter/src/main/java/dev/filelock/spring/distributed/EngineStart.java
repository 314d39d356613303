package dev.filelock.spring.distributed;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;

import dev.filelock.core.LockException;
import dev.filelock.spring.DeclaredLock;

/**
 * The one engine of a lock type, made when its first lock is declared. An engine that cannot be
 * reached then (server down, connection refused, no route) does not stop the application: its locks
 * are served once it answers, made again in the background every {@link #RETRY}; until then their
 * calls fail at once with an {@link Unreachable} naming the engine and the cause, and health shows
 * them down. Anything else (a missing lock table on a reachable database) stops start-up as before.
 */
final class EngineStart implements Function<DeclaredLock, LeaseEngine>, AutoCloseable {

    /** How often an engine unreachable at start-up is tried again. */
    static final Duration RETRY = Duration.ofSeconds(2);

    private static final Log LOG = LogFactory.getLog(EngineStart.class);

    private final String what;
    private final Function<DeclaredLock, LeaseEngine> factory;
    private volatile @Nullable LeaseEngine engine;
    // Guarded by this.
    private @Nullable RuntimeException down;
    private @Nullable ScheduledExecutorService retries;

    /**
     * @param what    the engine, for messages, before it answered: {@code the application's database}
     * @param factory makes the engine, reaching it
     */
    EngineStart(String what, Function<DeclaredLock, LeaseEngine> factory) {
        this.what = what;
        this.factory = factory;
    }

    /** The calls of a lock whose engine could not be reached yet. */
    static final class Unreachable extends LockException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** @throws Unreachable while the engine could not be reached, at once */
    @Override
    public LeaseEngine apply(DeclaredLock declaration) {
        LeaseEngine started = engine;
        if (started != null) {
            return started;
        }
        synchronized (this) {
            if (engine != null) {
                return engine;
            }
            if (down == null) {
                try {
                    return engine = factory.apply(declaration);
                } catch (RuntimeException failure) {
                    if (!unreachable(failure)) {
                        throw failure;
                    }
                    down = failure;
                    LOG.warn("Lock '" + declaration.name() + "': " + what + " could not be reached at start-up ("
                            + rootMessage(failure) + "); the application starts, the locks on it fail at once and "
                            + "show DOWN in health until it answers (tried again every " + RETRY.toSeconds() + "s)");
                    retryInBackground(declaration);
                }
            }
            throw new Unreachable("Lock '" + declaration.name() + "' cannot be used yet: " + what
                    + " has not answered since start-up (" + rootMessage(down) + "); calls fail at once until it does "
                    + "(tried again every " + RETRY.toSeconds() + "s); the guarded code did not run", down);
        }
    }

    /** Holds this. */
    private void retryInBackground(DeclaredLock declaration) {
        retries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "file-lock-engine-start");
            thread.setDaemon(true);
            return thread;
        });
        retries.scheduleWithFixedDelay(() -> retry(declaration), RETRY.toNanos(), RETRY.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void retry(DeclaredLock declaration) {
        LeaseEngine made;
        try {
            made = factory.apply(declaration);
        } catch (RuntimeException failure) {
            synchronized (this) {
                down = failure;
            }
            if (!unreachable(failure)) {
                LOG.error("Lock '" + declaration.name() + "': " + what + " answers now but cannot serve locks: "
                        + rootMessage(failure), failure);
            }
            return;
        }
        synchronized (this) {
            engine = made;
            down = null;
            retries.shutdown();
        }
        LOG.info("Lock '" + declaration.name() + "': " + what + " answers now; its locks are served");
    }

    /** Whether {@code failure} says the engine could not be reached, rather than that it refused. */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SocketException || cause instanceof SocketTimeoutException
                    || cause instanceof UnknownHostException
                    || cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        return String.valueOf(NestedExceptionUtils.getMostSpecificCause(failure));
    }

    @Override
    public synchronized void close() {
        if (retries != null) {
            retries.shutdownNow();
        }
    }
}
