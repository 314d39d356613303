package dev.filelock.core;

import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A lock on a file that excludes this JVM's other threads, other JVMs and other processes on the
 * same machine, including non-Java tools that lock the same file with {@code flock(2)} (the Python
 * tool this library ports, py-filelock, portalocker, {@code flock(1)}).
 * <pre>{@code
 * FileLock lock = FileLock.of(Path.of("/var/lock/my-app/orders.lock"));
 * try (var held = lock.acquire(Duration.ofSeconds(5))) {
 *     // only one thread on this machine runs this at a time
 * }
 * }</pre>
 * <p>
 * What it guarantees is in {@link InterProcessLock}. In addition:
 * <ul>
 * <li>The lock file and its parent directories are created when missing, {@code 0600} and
 * {@code 0700} whatever the umask, or as {@link Options#sharing()} says. Nothing is followed or
 * created through a symbolic link that another user could have planted, and a directory or file that
 * another user could turn against this process is refused ({@link UntrustedPathException}; see
 * {@link LockSharing}). The file is never
 * truncated or deleted: deleting a lock file that others may hold lets a newcomer lock a new file of
 * the same name while the old holder still works, so this library never does it and neither should
 * you.</li>
 * <li>The holder writes who it is (pid, host, thread, since, to the second) into the file, which
 * {@link #owner()} and timeout messages read, if the file is empty or already holds such a record;
 * any other file is locked but never written. Where the kernel's lock table names a lock's holder
 * (Linux, with {@code flock}) a reader checks the record against it, so a release writes nothing,
 * and a thread that takes the lock again within the same second, with its record still in place,
 * writes nothing either. Elsewhere a release blanks the record.</li>
 * <li>The operating system releases the lock when the holding process dies, {@code kill -9}
 * included.</li>
 * </ul>
 * Caveats: on NFS, {@code flock} is emulated with byte-range locks by Linux since 2.6.12 and may not
 * exclude other clients on old servers; lock files belong on a local file system. Processes in
 * different containers exclude each other when they share the file through a volume of one kernel.
 */
public final class FileLock extends AbstractInterProcessLock {

    /** How the lock is taken from the operating system. */
    public enum Mechanism {
        /**
         * {@code flock(2)}, through JNA: excludes every tool that uses {@code flock}, which is what
         * Python's {@code fcntl.flock}, py-filelock, portalocker and {@code flock(1)} use. The
         * default on Linux and macOS.
         */
        FLOCK,
        /**
         * POSIX record locks ({@code fcntl}), which exclude what the JDK's {@code FileChannel.lock}
         * takes, but <em>not</em> {@code flock} users: on 64-bit Linux as open file description
         * locks ({@code F_OFD_SETLK}), which conflict with {@code FileChannel.lock}'s classic
         * locks; elsewhere through {@code FileChannel} itself, which is {@code LockFileEx} on
         * Windows, where it is the default. Choose it to share a lock with other Java programs that
         * use {@code FileChannel.lock}.
         */
        POSIX;

        /** {@link #FLOCK} on Linux and macOS, {@link #POSIX} elsewhere. */
        public static Mechanism platformDefault() {
            return Platform.isLinux() || Platform.isMac() ? FLOCK : POSIX;
        }
    }

    /**
     * How a {@link FileLock} is made.
     *
     * @param mechanism     how the lock is taken from the operating system
     * @param ownerMetadata whether the holder writes its pid, host, thread and time into the file
     *                      (costs one small positional write on acquire and on release)
     * @param sharing       who may use the file and its directory: this user alone by default
     */
    public record Options(Mechanism mechanism, boolean ownerMetadata, LockSharing sharing) {

        public Options {
            requireNonNull(mechanism, "mechanism");
            requireNonNull(sharing, "sharing");
        }

        /** Private to this user ({@link LockSharing#PRIVATE}). */
        public Options(Mechanism mechanism, boolean ownerMetadata) {
            this(mechanism, ownerMetadata, LockSharing.PRIVATE);
        }

        /** The platform's default mechanism, with owner metadata, private to this user. */
        public static Options defaults() {
            return new Options(Mechanism.platformDefault(), true);
        }

        public Options withMechanism(Mechanism mechanism) {
            return new Options(mechanism, ownerMetadata, sharing);
        }

        public Options withOwnerMetadata(boolean ownerMetadata) {
            return new Options(mechanism, ownerMetadata, sharing);
        }

        public Options withSharing(LockSharing sharing) {
            return new Options(mechanism, ownerMetadata, sharing);
        }
    }

    private final Options options;

    private FileLock(Path realPath, Options options) {
        super(realPath, open(realPath, options));
        this.options = options;
    }

    private static WholeFileLock open(Path realPath, Options options) {
        WholeFileLock file;
        if (options.mechanism() == Mechanism.FLOCK) {
            file = new FlockFile(realPath, options.ownerMetadata(), options.sharing());
        } else {
            file = FlockFile.hasRecordLocks() ? FlockFile.recordLock(realPath, options.ownerMetadata(), options.sharing())
                    : new ChannelFile(realPath, options.ownerMetadata(), options.sharing());
        }
        try {
            return file.openNow();
        } catch (IOException e) {
            throw new LockException("Cannot open lock file " + realPath + ": " + e.getMessage(), e);
        }
    }

    /** The lock on {@code file} with {@link Options#defaults()}. */
    public static FileLock of(Path file) {
        return of(file, Options.defaults());
    }

    /**
     * The lock on {@code file}: the same object for every path that resolves to the same real file,
     * for as long as it is reachable.
     *
     * @throws IllegalArgumentException if {@code file} is null, blank or a directory
     * @throws UntrustedPathException   if the file, its directory or a link on the way could be
     *                                  another user's (see {@link LockSharing})
     * @throws LockException            if the file cannot be created or written, or is already used
     *                                  in this JVM with other options or by another lock kind
     */
    public static FileLock of(Path file, Options options) {
        requireNonNull(options, "options");
        Path real = LockFiles.prepare(file, options.sharing());
        return LockRegistry.obtain(real, FileLock.class, path -> new FileLock(path, options), existing -> {
            if (!existing.options.equals(options)) {
                throw new LockException("Lock file " + real + " is already used in this JVM with " + existing.options
                        + "; every FileLock on one file must use the same options, not " + options);
            }
        });
    }

    /** The options this lock was made with. */
    public Options options() {
        return options;
    }
}
