package dev.filelock.sample.desktop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import dev.filelock.sample.SampleProperties;
import dev.filelock.spring.FileLocked;
import org.springframework.stereotype.Service;

/**
 * A text report that several processes update, serialised by the {@code report} file lock, as the
 * original tool serialised several scripts' writes to one file. Its counter line is read, parsed,
 * and written back: without the lock, concurrent writers would lose increments.
 */
@Service
public class ReportFile {

    private static final String COUNT = "count=";
    private static final String LAST = "last=";

    private final Path file;

    public ReportFile(SampleProperties properties) {
        this.file = properties.reportFile();
    }

    /**
     * One increment of the counter line.
     *
     * @param enteredAt {@link System#nanoTime()} when the method body started, so the caller can
     *                  tell how long it waited for the lock
     * @param count     the counter after this increment
     */
    public record Increment(long enteredAt, long count) {
    }

    /**
     * Adds one to the counter, recording {@code writer} as the last writer; {@code dwell} is how
     * long to keep the lock between reading and writing (zero in the main job; the web mode uses
     * it so that a second instance visibly waits).
     */
    @FileLocked("report")
    public Increment increment(String writer, Duration dwell) throws InterruptedException {
        long enteredAt = System.nanoTime();
        long count = readCount() + 1;
        if (!dwell.isZero()) {
            Thread.sleep(dwell.toMillis());
        }
        write(count, writer);
        return new Increment(enteredAt, count);
    }

    /** The counter, read under the lock. */
    @FileLocked("report")
    public long count() {
        return readCount();
    }

    /** Sets the counter to zero. */
    @FileLocked("report")
    public void reset() {
        write(0, "-");
    }

    public Path file() {
        return file;
    }

    private long readCount() {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith(COUNT))
                    .mapToLong(line -> Long.parseLong(line.substring(COUNT.length()).trim()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(file + " has no '" + COUNT + "' line; "
                            + "was it written without the 'report' lock? Delete it to start afresh"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report " + file, e);
        }
    }

    private void write(long count, String writer) {
        try {
            Files.createDirectories(file.getParent());
            // Written aside and moved over the report, so a reader sees the old or the new file, never
            // half of one: a writer left unprotected (the redis profile's file leg) loses updates
            // but corrupts nothing.
            Path written = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(written, "# file-lock sample report, updated under the 'report' lock\n"
                    + COUNT + count + "\n" + LAST + writer + "\n");
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }
}
