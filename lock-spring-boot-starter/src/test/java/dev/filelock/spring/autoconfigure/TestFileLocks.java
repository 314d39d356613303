package dev.filelock.spring.autoconfigure;

import java.util.Collection;
import java.util.List;

import dev.filelock.spring.DeclaredLock;
import dev.filelock.spring.FileLocks;

/** The starter's {@link FileLocks} without an application context, for tests of other packages. */
public final class TestFileLocks {

    private TestFileLocks() {
    }

    /** The locks of {@code declared}, served by the starter's own providers. */
    public static FileLocks of(Collection<DeclaredLock> declared) {
        return new DeclaredLocks(declared, List.of());
    }
}
