package dev.filelock.core;

import java.nio.file.Path;

/** The in-JVM contract every lock kind passes, for the Python-protocol mmap lock. */
class PythonMmapLockContractTest extends InterProcessLockContract {

    @Override
    protected InterProcessLock newLock(Path file) {
        return PythonMmapLock.of(file, 16);
    }
}
