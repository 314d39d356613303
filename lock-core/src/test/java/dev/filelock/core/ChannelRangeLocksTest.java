package dev.filelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slot locks of an mmap lock where open file description locks do not exist. */
class ChannelRangeLocksTest {

    /** Holds a POSIX record lock on the file's first byte until a line arrives on standard input. */
    private static final String HOLD_FIRST_BYTE = String.join("\n",
            "import fcntl, os, sys",
            "fd = os.open(sys.argv[1], os.O_RDWR)",
            "fcntl.lockf(fd, fcntl.LOCK_EX, 1, 0)",
            "print('locked', flush=True)",
            "sys.stdin.readline()");

    @TempDir
    Path dir;

    @Test
    void anInterruptedWaitForAByteKeepsWaitingTakesItAndKeepsTheInterruptStatus() throws Exception {
        Path file = Files.write(dir.resolve("bytes.lock"), new byte[16]);
        try (ChildJvm holder = ChildJvm.command(List.of("python3", "-c", HOLD_FIRST_BYTE, file.toString()));
                ChannelRangeLocks locks = new ChannelRangeLocks(file)) {
            holder.awaitLine("locked");
            CompletableFuture<Boolean> interruptedAfterLocking = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    locks.lock(0);
                    interruptedAfterLocking.complete(Thread.currentThread().isInterrupted());
                } catch (Throwable e) {
                    interruptedAfterLocking.completeExceptionally(e);
                }
            }, "byte-waiter");
            waiter.start();
            InterProcessLockContract.awaitWaiting(waiter);
            waiter.interrupt();
            holder.send("release");
            assertThat(interruptedAfterLocking.get(ChildJvm.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }
}
