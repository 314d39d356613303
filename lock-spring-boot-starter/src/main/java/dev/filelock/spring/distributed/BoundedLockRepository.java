package dev.filelock.spring.distributed;

import java.time.Duration;

import org.springframework.integration.jdbc.lock.LockRepository;

/**
 * A {@code jdbc} lock repository whose release ({@code delete}) waits for the database no longer than
 * the hold's remaining validity ({@link ReleaseBound}): Spring Integration's {@code JdbcLock.unlock()}
 * deletes the row on the holding thread, which would otherwise wait for the pool's connection timeout,
 * or for ever on a link that stopped answering. It frees its thread's lock all the same.
 */
final class BoundedLockRepository implements LockRepository {

    private final LockRepository repository;
    private final String database;

    BoundedLockRepository(LockRepository repository, String database) {
        this.repository = repository;
        this.database = database;
    }

    @Override
    public boolean delete(String lock) {
        return ReleaseBound.call(() -> repository.delete(lock), database);
    }

    @Override
    public boolean isAcquired(String lock) {
        return repository.isAcquired(lock);
    }

    @Override
    public void deleteExpired() {
        repository.deleteExpired();
    }

    @Override
    public boolean acquire(String lock, Duration ttl) {
        return repository.acquire(lock, ttl);
    }

    @Override
    public boolean renew(String lock, Duration ttl) {
        return repository.renew(lock, ttl);
    }

    @Override
    public void close() {
        repository.close();
    }
}
