package dev.filelock.spring;

/** The kind of a declared lock ({@code file-lock.locks.<name>.type}). */
public enum LockType {

    /** A {@link dev.filelock.core.FileLock}: an OS file lock, nothing shared but exclusion. */
    FILE,

    /**
     * An {@link dev.filelock.core.MmapLock}: a lock with a small shared memory region of
     * {@code length} bytes that hooks and methods read and write under the lock.
     */
    MMAP
}
