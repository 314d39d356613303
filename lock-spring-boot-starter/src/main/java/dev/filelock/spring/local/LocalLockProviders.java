package dev.filelock.spring.local;

import java.util.List;

import dev.filelock.spring.LockProvider;

/** The providers of the lock types that need no server: {@code file} and {@code mmap}. */
public final class LocalLockProviders {

    private LocalLockProviders() {
    }

    /** A provider of {@code file} and one of {@code mmap} locks. */
    public static List<LockProvider> all() {
        return List.of(new FileLockProvider(), new MmapLockProvider());
    }
}
