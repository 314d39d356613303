package dev.filelock.sample;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings ({@code sample.*}); the locks themselves are {@code file-lock.*}.
 *
 * @param reportFile  the text file whose counter line the {@code report} lock guards
 * @param journalFile where the exclusive job writes a start and an end line for every run
 * @param worker      the name a worker process goes by
 * @param reportDwell how long a worker's increment of the report keeps the counter between reading
 *                    and writing it: the read-modify-write window in which an unprotected writer
 *                    loses updates (0 in the main job; the redis profile widens it)
 * @param job         the main job
 */
@ConfigurationProperties("sample")
public record SampleProperties(Path reportFile, Path journalFile, @DefaultValue("worker") String worker,
        @DefaultValue("0ms") Duration reportDwell, @DefaultValue Job job) {

    public SampleProperties {
        if (reportFile == null || journalFile == null) {
            throw new IllegalArgumentException(
                    "sample.report-file and sample.journal-file must be set (application.yml puts them in file-lock.directory)");
        }
        if (reportDwell.isNegative()) {
            throw new IllegalArgumentException("sample.report-dwell must not be negative, not " + reportDwell);
        }
    }

    /**
     * The main job's size.
     *
     * @param workers    how many worker processes contend for the locks
     * @param operations how many rounds each worker runs (a round takes each job lock once)
     * @param timeout    how long the whole job may take before it gives up
     */
    public record Job(@DefaultValue("3") int workers, @DefaultValue("300") int operations,
            @DefaultValue("2m") Duration timeout) {

        public Job {
            if (workers < 1 || workers > 16) {
                throw new IllegalArgumentException("sample.job.workers must be between 1 and 16, not " + workers);
            }
            if (operations < 1) {
                throw new IllegalArgumentException("sample.job.operations must be at least 1, not " + operations);
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("sample.job.timeout must be positive, not " + timeout);
            }
        }
    }
}
