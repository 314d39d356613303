package dev.filelock.core;

/**
 * Code that runs with an {@link MmapLock}'s region while the lock is held: the original tool's
 * {@code prefix(mmap, ...)} and {@code suffix(mmap, ...)}. See
 * {@link MmapLock#call(java.time.Duration, RegionHook, java.util.concurrent.Callable, RegionHook)}.
 */
@FunctionalInterface
public interface RegionHook {

    /** A hook that does nothing. */
    RegionHook NONE = region -> {
    };

    void accept(SharedRegion region) throws Exception;
}
