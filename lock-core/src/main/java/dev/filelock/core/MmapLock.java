package dev.filelock.core;

import java.nio.file.Path;

/**
 * A lock whose file is also a small shared memory region (skeleton: the implementation lands with
 * the mmap-lock issue).
 */
public final class MmapLock extends AbstractInterProcessLock {

    /**
     * How an {@link MmapLock} is made.
     *
     * @param forceOnRelease whether the region is forced to the storage device on every release
     */
    public record Options(boolean forceOnRelease) {

        public static Options defaults() {
            return new Options(true);
        }
    }

    private MmapLock(Path realPath, ProcessLevelLock processLock) {
        super(realPath, processLock);
    }

    /** The lock on {@code file} with a region of {@code length} bytes and default options. */
    public static MmapLock of(Path file, int length) {
        return of(file, length, Options.defaults());
    }

    /** The lock on {@code file} with a region of {@code length} bytes. */
    public static MmapLock of(Path file, int length, Options options) {
        throw new UnsupportedOperationException("MmapLock is not implemented yet");
    }

    /** The user's region; only the holding thread may use it. */
    public SharedRegion region() {
        throw new UnsupportedOperationException("MmapLock is not implemented yet");
    }

    /** The region's length in bytes. */
    public int length() {
        throw new UnsupportedOperationException("MmapLock is not implemented yet");
    }

    /** The state flag, generation and owner, read without taking the lock. */
    public MmapLockState state() {
        throw new UnsupportedOperationException("MmapLock is not implemented yet");
    }
}
