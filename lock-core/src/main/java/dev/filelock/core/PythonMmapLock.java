package dev.filelock.core;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A lock with a shared region that speaks the protocol of the Python tool this library ports (its
 * {@code MemoryShareLock} class and {@code file_lock} decorator), so that a Java process and the
 * Python scripts on the same machine hold one lock over the same bytes:
 * <ul>
 * <li>the region is the plain mapping of {@code <file>}, {@code length} bytes from offset 0, with
 * no header;</li>
 * <li>the exclusion is a {@link FileLock} on {@code <file>.lock}: {@code flock(2)}, which
 * py-filelock takes;</li>
 * <li>the state flag is the byte at offset 0: right after acquiring, ASCII {@code '1'} is written
 * there, then the prefix runs; right before releasing, the suffix runs, then {@code '0'} is
 * written, so the flag reads {@code '1'} for the whole hold, as with the Python class. The flag
 * overlaps the user's data, as in the original: keep your data from offset 1 on. The decorator
 * form writes no flag: {@link Options#withStateFlag(boolean) withStateFlag(false)}.</li>
 * </ul>
 * <pre>{@code
 * PythonMmapLock lock = PythonMmapLock.of(Path.of("/tmp/app/switch_window.txt"), 10);
 * lock.call(Duration.ofSeconds(5), null, () -> { ... lock.region().getByte(1) ... }, null);
 * }</pre>
 * Both files are opened and created as a {@link FileLock}'s: never through a link another user could
 * have planted, {@code 0600} in a {@code 0700} folder unless {@link Options#sharing()} says otherwise,
 * and refused when another user could control them; {@code <file>.lock} is created only once
 * {@code <file>} is accepted.
 * <p>
 * It has the contract of every {@link InterProcessLock} (reentrant, timeouts, interruptible, one
 * lock per real path per JVM). Unlike the Python class, it never truncates the file: when missing or
 * empty it is created with {@code length} zero bytes, fully allocated; a file of another length, or
 * a native {@link MmapLock} file, is refused and left untouched. A Python peer must therefore open
 * the file {@code "r+"} (as the decorator does), not {@code "w+"}: a truncation under a hold is
 * refused at the next acquisition, but a process touching a page the file no longer covers is killed
 * by the OS ({@code SIGBUS}).
 * <p>
 * Crash recovery is the operating system's: the {@code flock} of a holder that dies is released,
 * so the next waiter gets the lock, and the region keeps whatever the dead holder wrote.
 * {@link SharedRegion#recoveredFromCrash()} is true when the flag still read {@code '1'} at
 * acquisition: the last flag-writing holder died inside its hold (after setting the flag, before
 * clearing it). It cannot see a crash of a holder that writes no flag (the decorator form), and a
 * decorator-form holder that stores {@code '1'} at offset 0 as data looks like a crash. Without the
 * flag it is always false. {@link SharedRegion#generation()} is not kept by this protocol and
 * throws {@link UnsupportedOperationException}.
 */
public final class PythonMmapLock extends MappedRegionLock<PythonMmapLock.Options> {

    /**
     * How a {@link PythonMmapLock} is made.
     *
     * @param stateFlag      whether the lock writes {@code '1'} at offset 0 after acquiring and
     *                       {@code '0'} before releasing, as the Python class does; false for the
     *                       decorator form, which leaves offset 0 to the user
     * @param forceOnRelease whether a release writes the region to the storage device when the hold
     *                       wrote to it ({@code msync}), as the Python class flushes on leaving
     * @param sharing        who may use the region file, its {@code .lock} and their directory: this
     *                       user alone by default; a Python peer running as another user shares
     *                       them through a group ({@link LockSharing#group})
     */
    public record Options(boolean stateFlag, boolean forceOnRelease, LockSharing sharing) {

        public Options {
            requireNonNull(sharing, "sharing");
        }

        /** Private to this user ({@link LockSharing#PRIVATE}). */
        public Options(boolean stateFlag, boolean forceOnRelease) {
            this(stateFlag, forceOnRelease, LockSharing.PRIVATE);
        }

        /** The Python class: state flag, force on release; private to this user. */
        public static Options defaults() {
            return new Options(true, true);
        }

        public Options withStateFlag(boolean stateFlag) {
            return new Options(stateFlag, forceOnRelease, sharing);
        }

        public Options withForceOnRelease(boolean forceOnRelease) {
            return new Options(stateFlag, forceOnRelease, sharing);
        }

        public Options withSharing(LockSharing sharing) {
            return new Options(stateFlag, forceOnRelease, sharing);
        }
    }

    private final PythonRegionFile file;

    private PythonMmapLock(Path realPath, int length, Options options, PythonRegionFile file) {
        super(realPath, file, length, options, file.region(), file);
        this.file = file;
    }

    /** The lock on {@code file} with a region of {@code length} bytes and default options. */
    public static PythonMmapLock of(Path file, int length) {
        return of(file, length, Options.defaults());
    }

    /**
     * The lock on the region file {@code file} of {@code length} bytes, excluding through
     * {@code <file>.lock}: the same object for every path that resolves to the same real file, for
     * as long as it is reachable. Both files are created when missing.
     *
     * @throws IllegalArgumentException if {@code file} is null, blank or a directory, or
     *                                  {@code length} is not positive
     * @throws UntrustedPathException   if a file, their directory or a link on the way could be
     *                                  another user's (see {@link LockSharing})
     * @throws LockException            if the file has another length or is a native mmap lock
     *                                  file, cannot be created, opened or mapped, or is already used
     *                                  in this JVM with another length or options, or by another
     *                                  lock kind
     */
    public static PythonMmapLock of(Path file, int length, Options options) {
        requireNonNull(options, "options");
        if (length <= 0) {
            throw new IllegalArgumentException("region length must be positive, got " + length);
        }
        Path real = LockFiles.prepare(file, options.sharing());
        // <file>.lock is made only next to a region file that is one (a file of another kind or
        // length is refused first), and before the region is checked under the initialisation
        // lock: a native MmapLock opening the file meanwhile sees it and refuses (see
        // PythonRegionFile.open).
        Path exclusionFile = PythonRegionFile.exclusionFile(real);
        if (!Files.exists(exclusionFile, LinkOption.NOFOLLOW_LINKS)) {
            PythonRegionFile.accept(real, length, options.sharing());
        }
        FileLock exclusion = FileLock.of(exclusionFile,
                FileLock.Options.defaults().withSharing(options.sharing()));
        return LockRegistry.obtain(real, PythonMmapLock.class,
                path -> new PythonMmapLock(path, length, options,
                        PythonRegionFile.open(path, length, options.stateFlag(), exclusion, options.sharing())),
                existing -> existing.requireSame("Python-protocol mmap file", length, options));
    }

    /** The file whose {@code flock} excludes: {@code <file>.lock}. */
    public Path exclusionFile() {
        return PythonRegionFile.exclusionFile(path());
    }

    /**
     * Whether the state flag reads {@code '1'} now, read without the lock (so possibly stale); always
     * false without the flag. Someone holds the lock if it is true, unless a holder died inside its
     * hold or a decorator-form user stored {@code '1'} at offset 0.
     */
    public boolean flagSet() {
        return options().stateFlag() && file.flag() == PythonRegionFile.HELD;
    }

    @Override
    void afterAcquire() {
        file.beginHold();
        region.begin();
    }

    @Override
    void beforeRelease() {
        file.endHold(region.end() && options().forceOnRelease());
    }
}
