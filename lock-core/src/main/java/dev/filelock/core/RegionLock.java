package dev.filelock.core;

import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * An {@link InterProcessLock} with a fixed-length region of a file shared by every process that
 * uses it: {@link MmapLock} (this library's own layout) and {@link PythonMmapLock} (the Python
 * tool's layout, shared with Python processes).
 */
public interface RegionLock extends InterProcessLock {

    /**
     * The region. Only the thread that holds the lock may use it; any other access throws
     * {@link IllegalStateException}.
     */
    SharedRegion region();

    /** The region's length in bytes. */
    int length();

    /**
     * Runs {@code body} under the lock, like the original tool's decorator: waits up to
     * {@code timeout}, runs {@code prefix} with the region, then {@code body}, then {@code suffix}
     * with the region, and releases the lock, by the rules of {@link LockedSequence}: once
     * {@code prefix} has completed, {@code suffix} runs even when {@code body} throws; the lock is
     * always released; an exception from {@code body} is never hidden (one from {@code suffix}
     * after it is added to it as suppressed).
     *
     * @param prefix may be null for none
     * @param suffix may be null for none
     * @return what {@code body} returned
     * @throws LockTimeoutException if the lock was not acquired in time
     * @throws Exception            what {@code prefix}, {@code body} or {@code suffix} threw
     */
    default <T> T call(Duration timeout, RegionHook prefix, Callable<T> body, RegionHook suffix) throws Exception {
        Objects.requireNonNull(body, "body must not be null");
        HeldLock held = acquire(timeout);
        SharedRegion region = region();
        try {
            return LockedSequence.run(prefix == null ? null : () -> prefix.accept(region), body::call,
                    suffix == null ? null : () -> suffix.accept(region), held::close);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable impossible) {
            // Hooks and body are declared to throw Exception at most.
            throw new UndeclaredThrowableException(impossible);
        }
    }
}
