package dev.filelock.sample.desktop;

import java.util.concurrent.atomic.AtomicReference;

import dev.filelock.spring.FileLocked;
import org.springframework.stereotype.Service;

/** Writes under the {@code test-write} mmap lock, whose region holds a small JSON document. */
@Service
public class TestWriter {

    /**
     * One write by {@code writer}; the {@code recordWrite} suffix updates the document.
     *
     * @return {@link System#nanoTime()} when the method body started
     */
    @FileLocked(name = "test-write", suffix = "recordWrite")
    public long write(String writer) {
        return System.nanoTime();
    }

    /** The document, read under the lock into {@code into} (pass an empty one). */
    @FileLocked(name = "test-write", prefix = "readDocument")
    public TestWriteDocument document(AtomicReference<TestWriteDocument> into) {
        return into.get();
    }

    /** Starts an empty document. */
    @FileLocked(name = "test-write", prefix = "resetDocument")
    public void reset() {
        // The prefix does the work in the region.
    }
}
