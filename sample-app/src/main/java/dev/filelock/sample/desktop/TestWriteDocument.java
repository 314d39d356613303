package dev.filelock.sample.desktop;

import java.util.Map;
import java.util.TreeMap;

/**
 * The small JSON document kept in the {@code test-write} lock's 1000-byte region, like the original
 * tool's {@code test_write.json}.
 *
 * @param writes     how many writes all processes made
 * @param lastWriter who wrote last
 * @param generation the lock's generation at the last write: it must grow with every write
 * @param byWriter   how many writes each writer made
 */
public record TestWriteDocument(long writes, String lastWriter, long generation, Map<String, Long> byWriter) {

    public TestWriteDocument {
        byWriter = Map.copyOf(byWriter);
    }

    public static TestWriteDocument empty() {
        return new TestWriteDocument(0, "-", 0, Map.of());
    }

    /** This document after one more write by {@code writer} under {@code generation}. */
    public TestWriteDocument afterWrite(String writer, long generation) {
        if (generation <= this.generation) {
            throw new IllegalStateException("generation " + generation + " is not after " + this.generation
                    + ": the document was written by a holder the lock did not fence");
        }
        Map<String, Long> counts = new TreeMap<>(byWriter);
        counts.merge(writer, 1L, Long::sum);
        return new TestWriteDocument(writes + 1, writer, generation, counts);
    }
}
