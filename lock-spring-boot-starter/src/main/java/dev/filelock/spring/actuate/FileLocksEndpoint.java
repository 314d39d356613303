package dev.filelock.spring.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.filelock.core.LockOwner;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLocks;
import dev.filelock.spring.LockStatus;
import dev.filelock.spring.LockType;
import dev.filelock.spring.NamedLock;

/**
 * {@code /actuator/filelocks}: each declared lock, its file and type, whether some process holds it
 * now and who (pid, host, thread, since), and for {@code mmap} locks the state flag and generation.
 * {@code /actuator/filelocks/{name}} shows one. Read without taking the locks, so an answer may be
 * stale by the time it is shown.
 */
@Endpoint(id = "filelocks")
public class FileLocksEndpoint {

    private final FileLocks locks;

    public FileLocksEndpoint(FileLocks locks) {
        this.locks = locks;
    }

    /** Every declared lock. */
    @ReadOperation
    public FileLocksDescriptor locks() {
        return new FileLocksDescriptor(locks.declarations().stream().map(this::describe).toList());
    }

    /** One declared lock, or nothing (404) when no lock of that name is declared. */
    @ReadOperation
    public @Nullable LockDescriptor lock(@Selector String name) {
        return locks.declaration(name).map(this::describe).orElse(null);
    }

    private LockDescriptor describe(DeclaredLock declaration) {
        NamedLock lock = locks.lock(declaration.name());
        LockStatus status = null;
        String error = null;
        try {
            status = lock.status();
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        LockOwner holder = status == null ? null : status.holder();
        return new LockDescriptor(declaration.name(), declaration.type(), lock.description(),
                declaration.keyFolder().toString(), declaration.description(),
                declaration.type() == LockType.MMAP ? declaration.length() : null, status != null && status.held(),
                holder == null ? null : Holder.of(holder), status == null ? null : status.stateFlag(),
                status == null ? null : status.generation(), status == null ? Map.of() : status.details(), error);
    }

    /** The list of declared locks. */
    public record FileLocksDescriptor(List<LockDescriptor> locks) {
    }

    /**
     * One declared lock as seen now.
     *
     * @param held       whether some process holds it
     * @param holder     who holds it, when {@code held}; fields unknown to a tool that records nothing are null
     * @param stateFlag  for mmap locks: the state flag in the file's header
     * @param generation for mmap locks: how many acquisitions the lock has seen
     * @param details    what else the lock's type tells of its state
     * @param error      why the state could not be read, if it could not
     */
    public record LockDescriptor(String name, LockType type, String file, String keyFolder, @Nullable String description,
            @Nullable Integer length, boolean held, @Nullable Holder holder, @Nullable Boolean stateFlag,
            @Nullable Long generation, Map<String, Object> details, @Nullable String error) {
    }

    /** Who holds a lock; {@code pid} is -1 and the other fields null for a holder that recorded nothing. */
    public record Holder(long pid, @Nullable String host, @Nullable String thread, @Nullable Instant since) {
        static Holder of(LockOwner owner) {
            return new Holder(owner.pid(), owner.host(), owner.thread(), owner.since());
        }
    }
}
