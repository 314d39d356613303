package dev.filelock.spring;

/** The layout an {@code mmap} lock's file follows ({@code file-lock.locks.<name>.protocol}). */
public enum MmapProtocol {

    /**
     * This library's own layout, a {@link dev.filelock.core.MmapLock}: a header with the lock word
     * in front of the region; the fastest, shared with Java processes only.
     */
    NATIVE,

    /**
     * The Python tool's layout, a {@link dev.filelock.core.PythonMmapLock}: the whole file is the
     * region, the lock is {@code flock} on {@code <file>.lock}, the state flag is the byte at
     * offset 0; shared with the Python scripts that use the tool's {@code MemoryShareLock}.
     */
    PYTHON
}
