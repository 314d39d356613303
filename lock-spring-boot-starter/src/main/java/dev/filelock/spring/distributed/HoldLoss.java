package dev.filelock.spring.distributed;

import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.filelock.core.LockLostException;
import dev.filelock.spring.LockHold;
import dev.filelock.spring.NamedLock;

/**
 * The loss of one hold of a lock on a server: recorded once, by whichever thread finds it first (the
 * hold's deadline, a renewal, a session listener, the release), and told at that moment to the hold's
 * listener ({@link LockHold#onLost}: the locked call, which counts {@code file.lock.lost}, logs it
 * and interrupts the holder if asked), or logged as an error when nobody listens. The release throws
 * it again. Every server lock type reports its losses through one of these.
 */
final class HoldLoss {

    private static final Log LOG = LogFactory.getLog(HoldLoss.class);

    private final NamedLock lock;
    // Guarded by this.
    private @Nullable LockLostException lost;
    private @Nullable Consumer<? super LockLostException> listener;

    HoldLoss(NamedLock lock) {
        this.lock = lock;
    }

    synchronized boolean isLost() {
        return lost != null;
    }

    /** Records the loss, unless one is recorded already, and tells it now. */
    void lose(String reason, @Nullable Throwable cause) {
        String message = "Lock '" + lock.declaration().name() + lock.key().map(key -> "' key '" + key).orElse("") + "' ("
                + lock.description() + ") was lost while held: " + reason;
        LockLostException loss = new LockLostException(message, cause);
        Consumer<? super LockLostException> told;
        synchronized (this) {
            if (lost != null) {
                return;
            }
            lost = loss;
            told = listener;
        }
        tell(told, loss);
    }

    /** Tells {@code listener} of the loss when it happens, or now if it happened already. */
    void listen(Consumer<? super LockLostException> listener) {
        LockLostException already;
        synchronized (this) {
            this.listener = listener;
            already = lost;
        }
        if (already != null) {
            tell(listener, already);
        }
    }

    /** @throws LockLostException when the hold was lost: a new one, thrown on the caller's stack */
    void throwIfLost() {
        LockLostException loss;
        synchronized (this) {
            loss = lost;
        }
        if (loss != null) {
            throw new LockLostException(loss.getMessage(), loss.getCause());
        }
    }

    private static void tell(@Nullable Consumer<? super LockLostException> listener, LockLostException loss) {
        if (listener == null) {
            LOG.error(loss.getMessage() + ". Another process may run the code it guards at the same time; "
                    + "its release will throw LockLostException", loss.getCause());
            return;
        }
        try {
            listener.accept(loss);
        } catch (RuntimeException e) {
            LOG.error("Telling the holder that its lock was lost failed: " + loss.getMessage(), e);
        }
    }
}
