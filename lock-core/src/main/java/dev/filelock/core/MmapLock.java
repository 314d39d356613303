package dev.filelock.core;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A lock whose file is also a small region of memory shared by every process that uses it: a flag,
 * a counter, a short JSON document, changed by one thread on the machine at a time.
 * <pre>{@code
 * MmapLock lock = MmapLock.of(Path.of("/dev/shm/my-app/window.lock"), 100);
 * try (var held = lock.acquire(Duration.ofSeconds(5))) {
 *     SharedRegion region = lock.region();
 *     if (region.recoveredFromCrash()) {
 *         // the last holder died half-way: check or rebuild the region
 *     }
 *     region.putString(0, "{\"window\":3}");
 * }
 * }</pre>
 * It has the contract of every {@link InterProcessLock} (reentrant, timeouts, interruptible, one
 * lock per real path per JVM). In addition:
 * <ul>
 * <li><b>Fast</b>: a free lock is taken with a compare-and-set on a word of the mapping, without
 * a system call, and released with a store after one {@code stat} that checks the file is still
 * the one the path names (see {@link #unlock()}). Waiters spin briefly, then park with
 * back-off.</li>
 * <li><b>Crash-safe</b>: every process that opens the file holds an operating-system lock on a slot
 * of its own for as long as it lives. A waiter that finds the lock held by a process whose slot the
 * kernel has released (it died, {@code kill -9} included) takes the lock over; of several waiters,
 * exactly one does. A live holder is never robbed, however long it holds, stopped or not. This
 * works across PID namespaces (containers sharing a volume), because the kernel, not a pid, says
 * who is alive.</li>
 * <li><b>Honest</b>: {@link SharedRegion#recoveredFromCrash()} tells the new holder that the region
 * may be half-written; {@link SharedRegion#generation()} grows with every acquisition.</li>
 * <li>{@link #state()} shows, without locking, the state flag ("1" held, "0" free, kept in the
 * header, never in the user's bytes), the generation and the holder (see {@link MmapLockState}
 * for what "since" means here).</li>
 * </ul>
 * The file is opened and created as a {@link FileLock}'s is: never through a link another user could
 * have planted, {@code 0600} in a {@code 0700} folder unless {@link Options#sharing()} says otherwise,
 * and refused when another user could control it.
 * <p>
 * The file starts with a versioned header; a file with another magic, version or region length is
 * refused, never overwritten. Don't truncate or replace the file while processes use it: a process
 * that touches a mapped page the file no longer covers is killed by the OS ({@code SIGBUS}). The
 * size is checked when the file is opened and in every slow path (waiting, {@link #state()},
 * {@link #owner()}, {@link #ensureValid()}), after which the lock refuses to be used; an
 * uncontended acquisition does not check it (that would cost a system call, a hundred times the
 * acquisition), and a release checks it, with the file's identity, only when no check was made
 * for the last millisecond: a hold that lasts that long is always checked when it ends, and a
 * loss during shorter holds is reported by a release within a millisecond of them.
 */
public final class MmapLock extends MappedRegionLock<MmapLock.Options> {

    /**
     * How an {@link MmapLock} is made.
     *
     * @param forceOnRelease whether a release writes the region to the storage device when the hold
     *                       changed it ({@code msync}; about 1–3 µs on tmpfs such as
     *                       {@code /dev/shm}, milliseconds on a disk), as the original tool
     *                       flushes on every release. Without it, the region is as durable as
     *                       any page cache write: it survives the crash of a process, not of the
     *                       machine.
     * @param sharing        who may use the file and its directory: this user alone by default
     */
    public record Options(boolean forceOnRelease, LockSharing sharing) {

        public Options {
            requireNonNull(sharing, "sharing");
        }

        /** Private to this user ({@link LockSharing#PRIVATE}). */
        public Options(boolean forceOnRelease) {
            this(forceOnRelease, LockSharing.PRIVATE);
        }

        /** Force on release, private to this user. */
        public static Options defaults() {
            return new Options(true);
        }

        public Options withForceOnRelease(boolean forceOnRelease) {
            return new Options(forceOnRelease, sharing);
        }

        public Options withSharing(LockSharing sharing) {
            return new Options(forceOnRelease, sharing);
        }
    }

    /**
     * The longest region an mmap lock file can hold, in bytes: the file (a header of 16,512 bytes
     * and the region) must be mappable as one Java buffer.
     */
    public static final int MAX_LENGTH = MmapLayout.MAX_USER_LENGTH;

    private final MmapFile file;

    private MmapLock(Path realPath, int length, Options options, MmapFile file) {
        super(realPath, file, length, options, file.userRegion(), file);
        this.file = file;
    }

    /** The lock on {@code file} with a region of {@code length} bytes and default options. */
    public static MmapLock of(Path file, int length) {
        return of(file, length, Options.defaults());
    }

    /**
     * The lock on {@code file} with a region of {@code length} bytes: the same object for every path
     * that resolves to the same real file, for as long as it is reachable. The file is created and
     * initialised when missing or empty.
     *
     * @throws IllegalArgumentException if {@code file} is null, blank or a directory, or
     *                                  {@code length} is not positive
     * @throws UntrustedPathException   if the file, its directory or a link on the way could be
     *                                  another user's (see {@link LockSharing})
     * @throws LockException            if the file is not an mmap lock file with a region of
     *                                  {@code length} bytes, cannot be created, opened or mapped, or
     *                                  is already used in this JVM with another length or options,
     *                                  or by another lock kind
     */
    public static MmapLock of(Path file, int length, Options options) {
        requireNonNull(options, "options");
        if (length <= 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("region length must be between 1 and " + MAX_LENGTH
                    + " bytes (MmapLock.MAX_LENGTH), got " + length);
        }
        Path real = LockFiles.prepare(file, options.sharing());
        return LockRegistry.obtain(real, MmapLock.class,
                path -> new MmapLock(path, length, options, MmapFile.open(path, length, options.sharing())),
                existing -> existing.requireSame("Mmap lock file", length, options));
    }

    /**
     * The state flag, generation and owner, read without taking the lock. The answer may be stale
     * by the time it is returned.
     *
     * @throws LockException if the file was truncated
     */
    public MmapLockState state() {
        try {
            return file.state();
        } catch (IOException e) {
            throw new LockException("Cannot read the state of mmap lock " + path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    void afterAcquire() {
        region.begin();
    }

    @Override
    void beforeRelease() {
        if (region.end() && options().forceOnRelease()) {
            file.force();
        }
    }
}
