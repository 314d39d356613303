package dev.filelock.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

import dev.filelock.spring.LockType;
import dev.filelock.spring.MmapProtocol;
import dev.filelock.spring.OnLost;

/** The {@code file-lock.*} properties: where lock files live, defaults, and the named locks. */
@ConfigurationProperties("file-lock")
public class FileLockProperties {

    /**
     * The default {@code file-lock.aspect-order}: outside {@code @Transactional} (whose order is the
     * lowest precedence). The configuration metadata states the same number (a test keeps them equal).
     */
    public static final int DEFAULT_ASPECT_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    /** How the aspect is applied to {@code @FileLocked} methods. */
    public enum AdviceMode {
        /** AspectJ weaving when the aspect class has been woven (an agent is running), else proxies. */
        AUTO,
        /** Spring AOP proxies: calls from outside the bean are locked, calls to itself are not. */
        PROXY,
        /** AspectJ weaving (load-time or compile-time): every call is locked, self-invocation included. */
        ASPECTJ
    }

    /**
     * Whether the starter is on: the aspect, the declared locks, the start-up checks, and the
     * metrics, endpoint and health contribution.
     */
    private boolean enabled = true;

    /**
     * The folder for lock files whose {@code file} is relative; created when missing, private to
     * this user (0700) unless {@code file-lock.sharing} says otherwise. Default:
     * {@code $XDG_RUNTIME_DIR/file-lock} when that folder exists and belongs to this user, else
     * {@code file-lock-<user>} under {@code java.io.tmpdir}. A directory another user owns, or
     * that group or others may write without the sticky bit, is refused at start-up unless it is
     * shared on purpose.
     */
    private Path directory = DefaultLockDirectory.of(System.getenv("XDG_RUNTIME_DIR"),
            System.getProperty("java.io.tmpdir"), System.getProperty("user.name"));

    /**
     * Who besides this user may use the lock files and their directories: nobody by default. Set a
     * group to share them on purpose with other users, a Python peer running as another user
     * included.
     */
    private final Sharing sharing = new Sharing();

    /**
     * How long a call waits for a lock whose declaration and annotation set no timeout. 0 tries
     * once; a negative value waits for ever.
     */
    private Duration defaultTimeout = Duration.ofSeconds(30);

    /**
     * Order of the locking advice among other advice: lower runs outside. The default runs outside
     * {@code @Transactional} (whose order is the lowest precedence), so the lock is taken before the
     * transaction begins and released after it ends.
     */
    private int aspectOrder = DEFAULT_ASPECT_ORDER;

    /** How the aspect is applied: auto, proxy or aspectj. */
    private AdviceMode adviceMode = AdviceMode.AUTO;

    /**
     * How long a closing application context waits for locked calls in flight to release their
     * locks before it releases those held for unfinished asynchronous work.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    /** The named locks that {@code @FileLocked(name = ...)} refers to. */
    private Map<String, Lock> locks = new LinkedHashMap<>();

    /** How {@code redis} locks use the application's Redis. */
    private final Redis redis = new Redis();

    /** How {@code jdbc} locks use the application's database. */
    private final Jdbc jdbc = new Jdbc();

    /**
     * {@code file-lock.sharing} and {@code file-lock.locks.<name>.sharing}: the lock files shared on
     * purpose with a group's members, as lock-core's {@code LockSharing}.
     */
    public static class Sharing {

        /**
         * The group, by name or number, that shares the lock files and their directory with this
         * user: files are created with it and with the file mode, folders with it, the same mode
         * with search where readable and the set-group-ID bit, and a directory or file of this
         * group is accepted whoever owns it. Every member can hold the locks (read access to a lock
         * file is the power to hold it). Empty (the default): private to this user, files 0600 and
         * folders 0700 whatever the umask, and a directory or file another user could control is
         * refused.
         */
        private String group;

        /**
         * The mode of the lock files created when shared, as ls -l shows it. Default: rw-rw----
         * (the group reads and writes, as a Python peer of the group needs).
         */
        private String fileMode;

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public String getFileMode() {
            return fileMode;
        }

        public void setFileMode(String fileMode) {
            this.fileMode = fileMode;
        }
    }

    /** What a web application answers when a locked call times out. */
    private final Web web = new Web();

    /** {@code file-lock.web}. */
    public static class Web {

        /** The problem response for a lock that was not acquired in time. */
        private final ProblemDetails problemDetails = new ProblemDetails();

        public ProblemDetails getProblemDetails() {
            return problemDetails;
        }
    }

    /** {@code file-lock.web.problem-details}. */
    public static class ProblemDetails {

        /**
         * Whether a {@code LockTimeoutException} that leaves a Spring MVC or WebFlux handler becomes an
         * RFC 9457 problem response (with the lock's name, key, wait and holder) instead of a 500. An
         * exception handler of the application's own for it still wins.
         */
        private boolean enabled = true;

        /**
         * The HTTP status of that response: 409 Conflict by default (the request conflicts with work
         * in progress and can be sent again); 503 or 423 where clients expect those.
         */
        private int status = 409;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getStatus() {
            return status;
        }

        public void setStatus(int status) {
            this.status = status;
        }
    }

    public Web getWeb() {
        return web;
    }

    /** {@code file-lock.redis}. */
    public static class Redis {

        /**
         * Prefix of the Redis keys of the locks ({@code <prefix>:<name>[:<key>]}) and of their holders'
         * records ({@code <prefix>-holder:...}, which live no longer than the lock). Every process
         * sharing the locks must use the same.
         */
        private String keyPrefix = "file-lock";

        /**
         * How many replicas must have received a lock before its acquisition counts (Redis
         * {@code WAIT}); 0, the default, does not wait. With N &gt; 0 an acquisition that reaches
         * fewer replicas within {@code wait-replicas-timeout} is released and fails, so that a
         * failover to one of those replicas cannot hand the lock to a second holder.
         */
        private int waitReplicas;

        /**
         * The longest an acquisition waits for {@code wait-replicas} replicas. The wait blocks the
         * Redis connection it runs on (the application's shared one, with Lettuce's default).
         */
        private Duration waitReplicasTimeout = Duration.ofSeconds(1);

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        public int getWaitReplicas() {
            return waitReplicas;
        }

        public void setWaitReplicas(int waitReplicas) {
            this.waitReplicas = waitReplicas;
        }

        public Duration getWaitReplicasTimeout() {
            return waitReplicasTimeout;
        }

        public void setWaitReplicasTimeout(Duration waitReplicasTimeout) {
            this.waitReplicasTimeout = waitReplicasTimeout;
        }
    }

    /** {@code file-lock.jdbc}. */
    public static class Jdbc {

        /** When the starter creates a missing lock table (as Boot's DatabaseInitializationMode). */
        public enum InitializeSchema {
            /** Only in an embedded database (H2, HSQLDB, Derby). */
            EMBEDDED,
            /** In any database. */
            ALWAYS,
            /** Never: the table must exist. */
            NEVER
        }

        /** Prefix of the lock table's name, as Spring Integration's: the table is {@code <prefix>LOCK}. */
        private String tablePrefix = "INT_";

        /** The REGION of the lock table's rows that this starter's locks use, apart from other users of the table. */
        private String region = "file-lock";

        /**
         * When the starter creates the lock table if it is missing: embedded (only in an embedded
         * database, the default, as Boot does), always, or never.
         */
        private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

        public String getTablePrefix() {
            return tablePrefix;
        }

        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public InitializeSchema getInitializeSchema() {
            return initializeSchema;
        }

        public void setInitializeSchema(InitializeSchema initializeSchema) {
            this.initializeSchema = initializeSchema;
        }
    }

    public Redis getRedis() {
        return redis;
    }

    public Sharing getSharing() {
        return sharing;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    /** One named lock ({@code file-lock.locks.<name>}). */
    public static class Lock {

        /**
         * The kind of lock: file (an OS file lock), mmap (a lock with a shared memory region), redis or
         * jdbc (a lock on the application's Redis or database, across machines), registry (a Spring
         * Integration LockRegistry bean of the application's, named by {@code registry}).
         */
        private LockType type = LockType.FILE;

        /**
         * The lock file, relative to {@code file-lock.directory} or absolute. Default:
         * {@code <name>.lock}. Locks split by key live in the folder {@code <file>.keys}.
         */
        private Path file;

        /** For an mmap lock: the shared region's length (bytes, or a size such as 4KB). Required for mmap. */
        private DataSize length;

        /** How long a call waits for this lock (default: file-lock.default-timeout); negative waits for ever. */
        private Duration timeout;

        /** The name of a LockHook bean run right after this lock is acquired, for every method using it. */
        private String prefix;

        /** The name of a LockHook bean run right before this lock is released, for every method using it. */
        private String suffix;

        /** What the lock protects, shown by the actuator endpoint. */
        private String description;

        /** For an mmap lock: whether the region is forced to the storage device on every release. */
        private boolean forceOnRelease = true;

        /**
         * For an mmap lock: the file's layout. native (this library's, Java only) or python (the
         * Python tool's MemoryShareLock: the whole file is the region, flock on <file>.lock, the
         * state flag at offset 0), to share the region with Python scripts.
         */
        private MmapProtocol protocol = MmapProtocol.NATIVE;

        /**
         * For an mmap lock split by key: how many key files its folder {@code <file>.keys} may hold.
         * An mmap lock keeps a file and a region of {@code length} bytes for every key it has seen,
         * so a call whose key has no file yet fails with a LockException once the folder holds this
         * many (counted on disk, whichever process made them); keys that have a file keep working.
         * Default: 1024. Only for type mmap: a file lock's keys share 1,024 files anyway.
         */
        private Integer maxKeys;

        /**
         * For a redis or jdbc lock: how long the server keeps the lock of a holder that stopped
         * renewing it (crashed, paused, cut off). Renewed every third of it while held; a lease lost
         * anyway ends the call with LockLostException. Default: 30s.
         */
        private Duration lease;

        /** For a registry lock: the name of the Spring Integration LockRegistry bean that provides it. */
        private String registry;

        /**
         * What a call does the moment this lock is found lost while its method runs (a lease that ran
         * out, a server that no longer records the hold): report (count file.lock.lost and log an
         * error, the method runs on) or interrupt (report, and interrupt the thread running the
         * method). The call ends with LockLostException either way.
         */
        private OnLost onLost = OnLost.REPORT;

        public OnLost getOnLost() {
            return onLost;
        }

        public void setOnLost(OnLost onLost) {
            this.onLost = onLost;
        }

        /**
         * For a file or mmap lock: who besides this user may use its files, when it differs from
         * {@code file-lock.sharing} (a setting left empty here is taken from there).
         */
        private Sharing sharing;

        public Sharing getSharing() {
            return sharing;
        }

        public void setSharing(Sharing sharing) {
            this.sharing = sharing;
        }

        public Duration getLease() {
            return lease;
        }

        public void setLease(Duration lease) {
            this.lease = lease;
        }

        public String getRegistry() {
            return registry;
        }

        public void setRegistry(String registry) {
            this.registry = registry;
        }

        public LockType getType() {
            return type;
        }

        public void setType(LockType type) {
            this.type = type;
        }

        public Path getFile() {
            return file;
        }

        public void setFile(Path file) {
            this.file = file;
        }

        public DataSize getLength() {
            return length;
        }

        public void setLength(DataSize length) {
            this.length = length;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public String getSuffix() {
            return suffix;
        }

        public void setSuffix(String suffix) {
            this.suffix = suffix;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public boolean isForceOnRelease() {
            return forceOnRelease;
        }

        public void setForceOnRelease(boolean forceOnRelease) {
            this.forceOnRelease = forceOnRelease;
        }

        public Integer getMaxKeys() {
            return maxKeys;
        }

        public void setMaxKeys(Integer maxKeys) {
            this.maxKeys = maxKeys;
        }

        public MmapProtocol getProtocol() {
            return protocol;
        }

        public void setProtocol(MmapProtocol protocol) {
            this.protocol = protocol;
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Path getDirectory() {
        return directory;
    }

    public void setDirectory(Path directory) {
        this.directory = directory;
    }

    public Duration getDefaultTimeout() {
        return defaultTimeout;
    }

    public void setDefaultTimeout(Duration defaultTimeout) {
        this.defaultTimeout = defaultTimeout;
    }

    public int getAspectOrder() {
        return aspectOrder;
    }

    public void setAspectOrder(int aspectOrder) {
        this.aspectOrder = aspectOrder;
    }

    public AdviceMode getAdviceMode() {
        return adviceMode;
    }

    public void setAdviceMode(AdviceMode adviceMode) {
        this.adviceMode = adviceMode;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Map<String, Lock> getLocks() {
        return locks;
    }

    public void setLocks(Map<String, Lock> locks) {
        this.locks = locks;
    }
}
