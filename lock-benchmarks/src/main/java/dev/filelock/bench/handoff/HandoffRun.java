package dev.filelock.bench.handoff;

import java.util.Locale;

/**
 * What one handoff run measured.
 *
 * @param kind               {@code file-flock}, {@code file-flock-no-metadata}, {@code mmap} or {@code python-flock}
 * @param processes          how many processes took turns on the lock
 * @param seconds            the measured time of each process
 * @param acquisitions       acquisitions by all processes in that time
 * @param handoffs           times the lock went to another process than the one that held it last
 * @param latencyMedianNanos median time from a release to the next holder's acquisition, over handoffs
 * @param latencyP90Nanos    90th percentile of the same
 */
public record HandoffRun(String kind, int processes, double seconds, long acquisitions, long handoffs,
        long latencyMedianNanos, long latencyP90Nanos) {

    public double acquisitionsPerSecond() {
        return acquisitions / seconds;
    }

    public double handoffsPerSecond() {
        return handoffs / seconds;
    }

    String toJson() {
        return String.format(Locale.ROOT, "{\"kind\": \"%s\", \"processes\": %d, \"seconds\": %.1f, "
                        + "\"acquisitions\": %d, \"handoffs\": %d, \"acquisitionsPerSecond\": %.0f, "
                        + "\"handoffsPerSecond\": %.0f, \"handoffLatencyMedianNanos\": %d, \"handoffLatencyP90Nanos\": %d}",
                kind, processes, seconds, acquisitions, handoffs, acquisitionsPerSecond(), handoffsPerSecond(),
                latencyMedianNanos, latencyP90Nanos);
    }

    String summary() {
        return String.format(Locale.ROOT, "%-13s %d processes: %,10.0f acquisitions/s, %,9.0f handoffs/s, "
                        + "handoff latency median %,8.1f µs, p90 %,8.1f µs",
                kind, processes, acquisitionsPerSecond(), handoffsPerSecond(), latencyMedianNanos / 1e3,
                latencyP90Nanos / 1e3);
    }
}
