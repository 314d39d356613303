package dev.filelock.stress;

import dev.filelock.core.FileLock;
import dev.filelock.core.MmapLock;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/** The kinds of lock the stress verifier can hammer, by the name used on the command line. */
public enum LockKind {

    /** {@link FileLock} with {@code flock(2)}. */
    FILE_FLOCK("file-flock"),
    /** {@link FileLock} with the JDK's {@code FileChannel} lock (POSIX record locks). */
    FILE_POSIX("file-posix"),
    /** {@link MmapLock} over a small region, not forced on release (forcing does not change exclusion). */
    MMAP("mmap"),
    /** Spring Integration's {@code RedisLockRegistry} (see {@link ServerLocks}). */
    REDIS("redis"),
    /** Spring Integration's {@code JdbcLockRegistry} on PostgreSQL (see {@link ServerLocks}). */
    JDBC("jdbc"),
    /**
     * A lock that excludes nothing across processes (a {@link ReentrantLock} per JVM): only for
     * proving that the verifier does catch overlaps.
     */
    NONE("none");

    /** The kinds a stress run covers by default: every real one. */
    public static final List<LockKind> REAL = List.of(FILE_FLOCK, FILE_POSIX, MMAP);

    static final int MMAP_REGION_BYTES = 64;

    private final String label;

    LockKind(String label) {
        this.label = label;
    }

    /** The name used on the command line and in reports, e.g. {@code file-flock}. */
    public String label() {
        return label;
    }

    /** The kind named {@code label}, failing with the list of known names. */
    public static LockKind parse(String label) {
        return Arrays.stream(values()).filter(kind -> kind.label.equals(label.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown lock kind '" + label + "'; use one of "
                        + Arrays.stream(values()).map(LockKind::label).collect(Collectors.joining(", "))));
    }

    /** This JVM's lock of this kind on {@code file}. */
    Lock open(Path file) {
        return switch (this) {
            case FILE_FLOCK -> FileLock.of(file, FileLock.Options.defaults().withMechanism(FileLock.Mechanism.FLOCK));
            case FILE_POSIX -> FileLock.of(file, FileLock.Options.defaults().withMechanism(FileLock.Mechanism.POSIX));
            case MMAP -> MmapLock.of(file, MMAP_REGION_BYTES, new MmapLock.Options(false));
            case REDIS -> ServerLocks.redis(file.getFileName().toString());
            case JDBC -> ServerLocks.jdbc(file.getFileName().toString());
            case NONE -> new ReentrantLock();
        };
    }

    /**
     * What this kind needs before the children start: the server of {@code redis} and {@code jdbc}
     * (see {@link ServerLocks}), the lock table of {@code jdbc}.
     */
    void prepare() {
        if (this == REDIS) {
            ServerLocks.provideRedis();
        } else if (this == JDBC) {
            ServerLocks.provideDatabase();
            ServerLocks.createLockTable();
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
