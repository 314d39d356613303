package dev.filelock.core;

import java.nio.file.Path;

/** The in-JVM contract every lock kind passes, for the mmap lock. */
class MmapLockContractTest extends InterProcessLockContract {

    @Override
    protected InterProcessLock newLock(Path file) {
        return MmapLock.of(file, MmapWorker.LENGTH);
    }
}
