package dev.filelock.sample.job;

/** The workers cannot finish: one died, or the job ran out of time. */
final class JobAbandonedException extends RuntimeException {

    JobAbandonedException(String message) {
        super(message);
    }
}
