package dev.filelock.stress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The small stress run of every lock kind, with real child JVMs; the big run is
 * {@code ./mvnw -pl lock-stress -am -Pstress -DskipTests verify} (see docs/reliability.md).
 */
class StressVerifierTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(names = {"FILE_FLOCK", "FILE_POSIX", "MMAP"})
    void fourJvmsHammeringOneLockNeverOverlap(LockKind kind) throws Exception {
        assertEveryAcquisitionExclusive(StressVerifier.run(new StressConfig(kind, 4, 2000, 0, false, 42, dir, TIMEOUT)),
                8000);
    }

    @ParameterizedTest
    @EnumSource(names = {"FILE_FLOCK", "FILE_POSIX", "MMAP"})
    void killedHoldersAndInterruptedWaitersCostNothing(LockKind kind) throws Exception {
        StressResult result = StressVerifier.run(new StressConfig(kind, 3, 300, 2, true, 7, dir, TIMEOUT));
        System.out.println(result.summary());

        assertThat(result.failures()).as(result.summary()).isEmpty();
        assertThat(result.overlaps()).isZero();
        assertThat(result.killsSurvived()).isEqualTo(2);
        assertThat(result.recoveryNanos()).hasSize(2);
        assertThat(result.deathNanos()).hasSize(2);
        assertThat(result.acquisitions()).isEqualTo(900);
        assertThat(result.passed()).isTrue();
    }

    /** Spring Integration's registries, on the test servers the verifier provides: the same exact count and no overlap. */
    @ParameterizedTest
    @EnumSource(names = {"REDIS", "JDBC"})
    void threeJvmsHammeringOneServerLockNeverOverlap(LockKind kind) throws Exception {
        assertEveryAcquisitionExclusive(StressVerifier.run(new StressConfig(kind, 3, 200, 0, false, 42, dir, TIMEOUT)),
                600);
    }

    /** A run without kills: every one of {@code acquisitions} made, none overlapping, none released by a non-holder. */
    private static void assertEveryAcquisitionExclusive(StressResult result, long acquisitions) {
        System.out.println(result.summary());

        assertThat(result.failures()).as(result.summary()).isEmpty();
        assertThat(result.overlaps()).isZero();
        assertThat(result.nonHolderReleases()).isZero();
        assertThat(result.acquisitions()).isEqualTo(acquisitions);
        assertThat(result.passed()).isTrue();
    }

    @Test
    void aLockThatExcludesNothingIsCaught() throws Exception {
        StressResult result = StressVerifier.run(new StressConfig(LockKind.NONE, 4, 2000, 0, false, 1, dir, TIMEOUT));
        System.out.println(result.summary());

        assertThat(result.overlaps()).isPositive();
        assertThat(result.nonHolderReleases()).isPositive();
        assertThat(result.failures()).anySatisfy(failure -> assertThat(failure).startsWith("overlap: "));
        assertThat(result.passed()).isFalse();
    }

    @Test
    void badConfigurationIsRefusedWithTheFix() {
        assertThatThrownBy(
                        () -> new StressConfig(LockKind.FILE_FLOCK, 2, 10, 20, false, 1, dir, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kills must be between 0 and the number of acquisitions less one (19)");
        assertThatThrownBy(() -> LockKind.parse("zookeeper"))
                .hasMessageContaining("Unknown lock kind 'zookeeper'; use one of file-flock, file-posix, mmap, redis, jdbc, none");
    }
}
