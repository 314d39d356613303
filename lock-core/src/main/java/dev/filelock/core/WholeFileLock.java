package dev.filelock.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A whole-file OS lock on one open file that stays open as long as the lock object lives, with the
 * owner record in the file: the steps every such lock takes, in one place. The subclasses
 * ({@link FlockFile}, {@link ChannelFile}) supply only the OS-specific calls: open, lock without
 * waiting, unlock, positional read and write, close; and, if they can wait in the kernel
 * ({@link #blocks()}), the blocking lock that {@link KernelWait} calls.
 */
abstract class WholeFileLock implements ProcessLevelLock {

    final Path path;
    private final boolean recordOwner;
    private LockOwner holder;

    WholeFileLock(Path path, boolean recordOwner) {
        this.path = path;
        this.recordOwner = recordOwner;
    }

    /**
     * Takes the OS lock without waiting, opening the file first if it is not open.
     *
     * @return false if another process (or open file) holds it
     */
    abstract boolean lockFile(boolean shared) throws IOException;

    /** Drops the OS lock this object holds. */
    abstract void unlockFile() throws IOException;

    /** Reads up to {@code buffer.length} bytes at {@code position}; the count read. */
    abstract int read(byte[] buffer, long position) throws IOException;

    /** Writes {@code bytes} at {@code position}; the count written. */
    abstract int write(byte[] bytes, long position) throws IOException;

    /** Closes the file, which drops the OS lock; idempotent. */
    abstract void closeFile();

    @Override
    public final synchronized boolean tryAcquire(int attempt) throws IOException {
        if (!lockFile(false)) {
            return false;
        }
        adopt();
        return true;
    }

    @Override
    public final synchronized void adopt() throws IOException {
        LockOwner me = LockOwner.currentThread();
        holder = me;
        if (recordOwner) {
            try {
                writeRecord(OwnerRecord.encode(me));
            } catch (IOException | RuntimeException e) {
                abandon();
                throw e;
            }
        }
    }

    @Override
    public final synchronized void abandon() {
        holder = null;
        unlockOrClose();
    }

    @Override
    public final synchronized void release() throws IOException {
        holder = null;
        try {
            if (recordOwner) {
                writeRecord(OwnerRecord.blank());
            }
        } finally {
            unlockOrClose();
        }
    }

    @Override
    public final synchronized Optional<LockOwner> owner() throws IOException {
        if (holder != null) {
            return Optional.of(holder);
        }
        // Probing with our own open file is safe only because no thread of ours holds it now
        // (checked above, under this monitor): a flock on a held description would convert it.
        if (lockFile(true)) {
            unlockOrClose();
            return Optional.empty();
        }
        return Optional.of(recordedOwner());
    }

    @Override
    public final synchronized LockOwner recordedOwner() throws IOException {
        byte[] buffer = new byte[OwnerRecord.SIZE];
        return OwnerRecord.decode(buffer, read(buffer, 0));
    }

    @Override
    public int spinAttempts() {
        return 0;
    }

    @Override
    public final synchronized void close() {
        holder = null;
        closeFile();
    }

    // Closing the file is the one release that cannot fail.
    private void unlockOrClose() {
        try {
            unlockFile();
        } catch (IOException | RuntimeException e) {
            close();
        }
    }

    private void writeRecord(byte[] record) throws IOException {
        int n = write(record, 0);
        if (n != record.length) {
            throw new IOException("short write of owner metadata to " + path + " (" + n + " of " + record.length
                    + " bytes); is the disk full?");
        }
    }
}
