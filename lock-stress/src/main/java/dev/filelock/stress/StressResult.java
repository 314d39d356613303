package dev.filelock.stress;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a stress run saw.
 *
 * @param config             the run
 * @param acquisitions       acquisitions reported by the children
 * @param overlaps           acquisitions reported while another child held the lock
 * @param nonHolderReleases  releases reported by a child that did not hold the lock
 * @param killsSurvived      holders killed with {@code kill -9} after which the run went on
 * @param interruptedWaits   waits that an interrupt ended, summed over the children
 * @param recoveryNanos      for each kill followed by another acquisition, the time from the kill
 *                           signal to that acquisition, sorted
 * @param deathNanos         for each kill, the time from the signal until the verifier saw the
 *                           process gone (the part of the recovery that is the OS's), sorted
 * @param failures           every problem seen, in words (overlaps, failed children, a timeout)
 * @param elapsed            how long the run took
 */
public record StressResult(StressConfig config, long acquisitions, long overlaps, long nonHolderReleases,
        int killsSurvived, long interruptedWaits, List<Long> recoveryNanos, List<Long> deathNanos, List<String> failures,
        Duration elapsed) {

    /** No overlap, no release by a non-holder, no failed child, and exactly the acquisitions asked for. */
    public boolean passed() {
        return failures.isEmpty() && overlaps == 0 && nonHolderReleases == 0
                && acquisitions == config.totalAcquisitions();
    }

    /** The longest recovery after a kill, or zero without kills. */
    public Duration maxRecovery() {
        return max(recoveryNanos);
    }

    /** The median recovery after a kill, or zero without kills. */
    public Duration medianRecovery() {
        return median(recoveryNanos);
    }

    /** The median time a killed process took to be gone, or zero without kills. */
    public Duration medianDeath() {
        return median(deathNanos);
    }

    private static Duration max(List<Long> sorted) {
        return sorted.isEmpty() ? Duration.ZERO : Duration.ofNanos(sorted.get(sorted.size() - 1));
    }

    private static Duration median(List<Long> sorted) {
        return sorted.isEmpty() ? Duration.ZERO : Duration.ofNanos(sorted.get(sorted.size() / 2));
    }

    /** One line for a log or a report. */
    public String summary() {
        String line = String.format(Locale.ROOT,
                "%s: %s, %d JVMs x %d = %d acquisitions (expected %d), %d overlaps, %d releases by a non-holder, "
                        + "%d kills survived, %d interrupted waits, recovery after kill max %s median %s "
                        + "(of which the killed JVM's exit: median %s), %.1f s",
                config.kind(), passed() ? "PASSED" : "FAILED", config.processes(), config.acquisitionsPerProcess(),
                acquisitions, config.totalAcquisitions(), overlaps, nonHolderReleases, killsSurvived, interruptedWaits,
                millis(maxRecovery()), millis(medianRecovery()), millis(medianDeath()), elapsed.toMillis() / 1000.0);
        return failures.isEmpty() ? line : line + "\n  " + String.join("\n  ", failures);
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.2f ms", d.toNanos() / 1e6);
    }
}
