package dev.filelock.sample.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.LongStream;

import dev.filelock.spring.LockType;

/** What the workers reported: every wait, per lock and worker, and how many operations failed. */
final class JobTally {

    private final Map<String, Map<String, long[]>> waits = new LinkedHashMap<>();
    private final Map<String, Long> progress = new TreeMap<>();
    private final List<String> errors = new ArrayList<>();
    private long failures;

    void progress(String worker, long rounds) {
        progress.put(worker, rounds);
    }

    void waits(String lock, String worker, long[] micros) {
        waits.computeIfAbsent(lock, name -> new LinkedHashMap<>()).put(worker, micros);
    }

    void done(long failedOperations) {
        failures += failedOperations;
    }

    void error(String worker, String message) {
        errors.add(worker + ": " + message);
    }

    long roundsDone() {
        return progress.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> progress() {
        return progress;
    }

    /** How many operations under {@code lock} completed, over all workers. */
    long completed(String lock) {
        return waits.getOrDefault(lock, Map.of()).values().stream().mapToLong(micros -> micros.length).sum();
    }

    /** How many operations under {@code lock} {@code worker} completed. */
    long completed(String lock, String worker) {
        return waits.getOrDefault(lock, Map.of()).getOrDefault(worker, new long[0]).length;
    }

    /**
     * The row of {@code lock}: the operations the workers completed under it, of {@code asked},
     * against the counter they left behind ({@code observed}); one that did not complete is a problem.
     * Whether a lost update is one is the caller's to say ({@link LockRow#lostUpdates()}).
     */
    LockRow row(String lock, LockType type, long asked, OptionalLong observed, List<String> problems) {
        long expected = completed(lock);
        if (expected != asked) {
            problems.add(lock + ": the workers completed " + expected + " of " + asked + " operations");
        }
        return new LockRow(lock, type, expected, observed, asked - expected, percentiles(lock));
    }

    WaitPercentiles percentiles(String lock) {
        return WaitPercentiles.of(waits.getOrDefault(lock, Map.of()).values().stream()
                .flatMapToLong(LongStream::of).toArray());
    }

    long failures() {
        return failures;
    }

    List<String> errors() {
        return errors;
    }
}
