package dev.filelock.spring.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.filelock.core.InterProcessLock;
import dev.filelock.core.LockException;
import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.LockStatus;
import dev.filelock.spring.NamedLock;

/** A declared {@code file} or {@code mmap} lock, or one key of it: a lock-core lock. */
final class LocalLock implements NamedLock {

    private final LocalLockProvider provider;
    private final DeclaredLock declaration;
    private final @Nullable String key;
    private volatile InterProcessLock lock;

    LocalLock(LocalLockProvider provider, DeclaredLock declaration, @Nullable String key, InterProcessLock lock) {
        this.provider = provider;
        this.declaration = declaration;
        this.key = key;
        this.lock = lock;
    }

    @Override
    public DeclaredLock declaration() {
        return declaration;
    }

    @Override
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    @Override
    public String description() {
        return lock.path().toString();
    }

    @Override
    public Optional<Path> file() {
        return Optional.of(lock.path());
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    // Small, so that it is inlined where the hold is used: then a call that only releases the hold
    // allocates neither it nor the Optional.
    @Override
    public Optional<LockHold> tryAcquire(Duration timeout) throws InterruptedException {
        InterProcessLock held = take(timeout);
        return held == null ? Optional.empty() : Optional.of(provider.hold(this, held));
    }

    /** The lock-core lock now held, or null when not acquired within {@code timeout}. */
    private @Nullable InterProcessLock take(Duration timeout) throws InterruptedException {
        InterProcessLock current = lock;
        try {
            return take(current, timeout) ? current : null;
        } catch (LockException e) {
            // lock-core retires a lock whose file was lost for good (an mmap file truncated or
            // replaced) and opens the file there now for the next of(...): follow it, once.
            InterProcessLock reopened = provider.open(declaration, current.path());
            if (reopened == current) {
                throw e;
            }
            lock = reopened;
            return take(reopened, timeout) ? reopened : null;
        }
    }

    private static boolean take(InterProcessLock lock, Duration timeout) throws InterruptedException {
        if (timeout.isNegative()) {
            lock.lockInterruptibly();
            return true;
        }
        // convert saturates, and lock-core treats an enormous timeout as waiting for ever.
        return lock.tryLock(TimeUnit.NANOSECONDS.convert(timeout), TimeUnit.NANOSECONDS);
    }

    @Override
    public LockStatus status() {
        return provider.status(lock);
    }

    // One lock-core lock per real path per JVM: two of these are the same lock when they wrap it.
    @Override
    public boolean equals(Object other) {
        return other instanceof LocalLock that && that.lock == lock;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(lock);
    }

    @Override
    public String toString() {
        return "lock '" + declaration.name() + "'" + (key == null ? "" : " key '" + key + "'") + " (" + description() + ")";
    }
}
