package dev.filelock.spring;

/** The kind of a declared lock ({@code file-lock.locks.<name>.type}). */
public enum LockType {

    /** A {@link dev.filelock.core.FileLock}: an OS file lock, nothing shared but exclusion. */
    FILE,

    /**
     * An {@link dev.filelock.core.MmapLock}: a lock with a small shared memory region of
     * {@code length} bytes that hooks and methods read and write under the lock.
     */
    MMAP,

    /**
     * A lock on the application's Redis ({@code spring.data.redis.*}) through Spring Integration's
     * {@code RedisLockRegistry}: excludes processes on every machine using that Redis, with a lease.
     */
    REDIS,

    /**
     * A lock in the application's database ({@code spring.datasource.*}, table {@code INT_LOCK})
     * through Spring Integration's {@code JdbcLockRegistry}: excludes processes on every machine
     * using that database, with a lease.
     */
    JDBC,

    /**
     * A lock of a Spring Integration {@code LockRegistry} bean the application defines, named by
     * {@code file-lock.locks.<name>.registry}.
     */
    REGISTRY
}
