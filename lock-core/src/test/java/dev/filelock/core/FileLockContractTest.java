package dev.filelock.core;

import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/** The in-JVM contract, for both mechanisms. */
class FileLockContractTest {

    @Nested
    class Flock extends InterProcessLockContract {
        @Override
        protected InterProcessLock newLock(Path file) {
            return LockWorker.open("flock", file);
        }
    }

    @Nested
    class Posix extends InterProcessLockContract {
        @Override
        protected InterProcessLock newLock(Path file) {
            return LockWorker.open("posix", file);
        }
    }
}
