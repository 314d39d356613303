package dev.filelock.spring.aop;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import dev.filelock.core.LockLostException;
import dev.filelock.core.SharedRegion;
import dev.filelock.spring.LockContext;
import dev.filelock.spring.LockContextHolder;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.LockType;
import dev.filelock.spring.NamedLock;

/**
 * The {@link LockContext} of one call; what only a hold can tell is read from it once acquired. It is
 * also the hold's loss listener: a loss found while the method runs is reported then, once.
 */
final class CallContext implements LockContext {

    private final LockedMethod lockedMethod;
    private final @Nullable String key;
    private final NamedLock lock;
    private final Object target;
    private final Object[] arguments;
    private @Nullable LockHold hold;
    // The thread running the method while the context is bound; the one an on-lost interrupt stops.
    private volatile @Nullable Thread runner;
    private final AtomicBoolean lossReported = new AtomicBoolean();

    CallContext(LockedMethod lockedMethod, @Nullable String key, NamedLock lock, Object target, Object[] arguments) {
        this.lockedMethod = lockedMethod;
        this.key = key;
        this.lock = lock;
        this.target = target;
        this.arguments = arguments;
    }

    @Override
    public String lockName() {
        return lockedMethod.lock().name();
    }

    @Override
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    @Override
    public LockType type() {
        return lockedMethod.lock().type();
    }

    @Override
    public Path file() {
        return lock.file().orElseThrow(() -> new IllegalStateException("Lock '" + lockName() + "' (" + lock.description()
                + ") is a " + type().name().toLowerCase(Locale.ROOT) + " lock, which lives in no file"));
    }

    @Override
    public Method method() {
        return lockedMethod.method();
    }

    @Override
    public Object[] arguments() {
        return arguments.clone();
    }

    @Override
    public Object target() {
        return target;
    }

    @Override
    public SharedRegion region() {
        return held().region().orElseThrow(() -> new IllegalStateException("Lock '" + lockName() + "' is a "
                + type().name().toLowerCase(Locale.ROOT) + " lock and has no shared region (called from "
                + lockedMethod.where() + "); declare it with file-lock.locks." + lockName()
                + ".type=mmap and a length to share data, or don't use region() in its hooks"));
    }

    @Override
    public boolean recoveredFromCrash() {
        return held().recoveredFromCrash();
    }

    @Override
    public long generation() {
        return fencingToken().orElse(0);
    }

    @Override
    public OptionalLong fencingToken() {
        return held().fencingToken();
    }

    @Override
    public boolean isHeld() {
        return !held().isLost();
    }

    NamedLock lock() {
        return lock;
    }

    LockedMethod lockedMethod() {
        return lockedMethod;
    }

    /** Records the hold, once the lock is acquired, and has its loss told to {@code onLoss}. */
    void held(LockHold hold, BiConsumer<CallContext, LockLostException> onLoss) {
        this.hold = hold;
        hold.onLost(loss -> onLoss.accept(this, loss));
    }

    /** Makes this the thread's {@link LockContext#current()} while the method runs; returns the enclosing one. */
    @Nullable LockContext bind() {
        runner = Thread.currentThread();
        return LockContextHolder.bind(this);
    }

    /** Ends {@link #bind()}: {@code outer} is what it returned. */
    void unbind(@Nullable LockContext outer) {
        runner = null;
        LockContextHolder.restore(outer);
    }

    /** The thread running the method, while it does. */
    @Nullable Thread runner() {
        return runner;
    }

    /** Whether the loss is still to be reported: true once, for whoever reports it first. */
    boolean firstToReportLoss() {
        return lossReported.compareAndSet(false, true);
    }

    private LockHold held() {
        LockHold current = hold;
        if (current == null) {
            throw new IllegalStateException("The LockContext of lock '" + lockName()
                    + "' is valid only while its call holds the lock");
        }
        return current;
    }
}
