package dev.filelock.spring.local;

import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;

import org.springframework.integration.support.locks.LockRegistry;

import dev.filelock.core.FileLock;
import dev.filelock.core.InterProcessLock;
import dev.filelock.core.MmapLock;

/**
 * {@code file} and {@code mmap} locks as a Spring Integration {@link LockRegistry}, so that what
 * Spring Integration coordinates through a registry ({@code LockRegistryLeaderInitiator} leader
 * election, aggregators, {@code executeLocked}) coordinates the processes of one host without a
 * server. A key's lock is a file of its own in the registry's folder, named as the keys of a
 * {@code @FileLocked} lock are; the locks are reentrant per thread and released by the thread that
 * took them, as {@link Lock} requires. Needs {@code spring-integration-core}.
 * <pre>{@code
 * @Bean
 * LockRegistry<Lock> hostLocks() {
 *     return FileLockRegistry.files(Path.of("/var/lock/my-app/registry"));
 * }
 * }</pre>
 */
public final class FileLockRegistry implements LockRegistry<Lock> {

    private final Path directory;
    private final Function<Path, InterProcessLock> open;

    private FileLockRegistry(Path directory, Function<Path, InterProcessLock> open) {
        this.directory = directory.toAbsolutePath().normalize();
        this.open = open;
    }

    /** A registry of {@link FileLock}s, one file per key in {@code directory}. */
    public static FileLockRegistry files(Path directory) {
        return new FileLockRegistry(directory, FileLock::of);
    }

    /** A registry of {@link MmapLock}s with a shared region of {@code length} bytes, one file per key in {@code directory}. */
    public static FileLockRegistry mmap(Path directory, int length) {
        return new FileLockRegistry(directory, file -> MmapLock.of(file, length));
    }

    /**
     * The lock of {@code lockKey} (its {@code toString()}): the same lock object for the same key
     * anywhere in this JVM, and the same lock file for every process using this folder.
     */
    @Override
    public InterProcessLock obtain(Object lockKey) {
        return open.apply(directory.resolve(KeyFileNames.of(String.valueOf(lockKey))));
    }

    @Override
    public String toString() {
        return "FileLockRegistry{" + directory + "}";
    }
}
