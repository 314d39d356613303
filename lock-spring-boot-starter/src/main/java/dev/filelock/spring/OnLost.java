package dev.filelock.spring;

/**
 * What a {@link FileLocked} call does the moment its lock is found lost while the method still runs
 * ({@code file-lock.locks.<name>.on-lost}): a lease that ran out on this JVM's clock, a server that
 * no longer records the hold, a session lost. Either way {@code file.lock.lost} is counted and an
 * error logged at that moment, and the call ends with {@link dev.filelock.core.LockLostException}.
 */
public enum OnLost {

    /** Report the loss and let the method run on; it can ask {@link LockContext#isHeld()}. */
    REPORT,

    /**
     * Report the loss and interrupt the thread running the method, so that it stops early. What an
     * interrupt does is the method's business: blocking calls that honour it throw
     * ({@code InterruptedException} from sleeps, waits, {@code BlockingQueue}s, {@code Future.get};
     * NIO channels are <em>closed</em> and throw {@code ClosedByInterruptException}, so a file channel
     * being written is unusable afterwards); classic socket and file streams ignore it; a busy loop
     * must check {@code Thread.interrupted()} or {@link LockContext#isHeld()} itself. The interrupt is
     * cleared neither by the starter nor at the call's end: the thread sees it until something clears it.
     */
    INTERRUPT
}
