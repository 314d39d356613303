package dev.filelock.sample.job;

import java.util.Arrays;

/**
 * Percentiles of lock waits, by the nearest-rank method: the p-th percentile is the smallest
 * sample that at least p% of the samples do not exceed.
 *
 * @param count how many waits were measured
 * @param p50   the median wait, in microseconds
 * @param p90   in microseconds
 * @param p99   in microseconds
 * @param max   the longest wait, in microseconds
 */
public record WaitPercentiles(int count, long p50, long p90, long p99, long max) {

    /** No waits measured. */
    public static final WaitPercentiles NONE = new WaitPercentiles(0, 0, 0, 0, 0);

    /** The percentiles of {@code micros}, which is left unchanged. */
    public static WaitPercentiles of(long[] micros) {
        if (micros.length == 0) {
            return NONE;
        }
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new WaitPercentiles(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** A wait as people read it: {@code 850us}, {@code 12.3ms}, {@code 1.52s}. */
    public static String format(long micros) {
        if (micros < 1_000) {
            return micros + "us";
        }
        if (micros < 1_000_000) {
            return String.format("%.1fms", micros / 1_000.0);
        }
        return String.format("%.2fs", micros / 1_000_000.0);
    }
}
