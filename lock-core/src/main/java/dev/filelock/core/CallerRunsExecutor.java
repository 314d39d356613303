package dev.filelock.core;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs every task on the thread that submits it. Given to an
 * {@link java.nio.channels.AsynchronousFileChannel}, it makes the channel's reads and writes plain
 * calls on the caller's thread, which are still not interruptible the way a {@code FileChannel}'s
 * are. It is shared and never shut down.
 */
final class CallerRunsExecutor extends AbstractExecutorService {

    static final CallerRunsExecutor INSTANCE = new CallerRunsExecutor();

    private CallerRunsExecutor() {
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public void shutdown() {
        throw new UnsupportedOperationException("a shared executor that is never shut down");
    }

    @Override
    public List<Runnable> shutdownNow() {
        throw new UnsupportedOperationException("a shared executor that is never shut down");
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }
}
