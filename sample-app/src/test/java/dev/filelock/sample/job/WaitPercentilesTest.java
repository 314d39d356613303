package dev.filelock.sample.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WaitPercentilesTest {

    @Test
    void nearestRankOfOneToAHundredIsTheRankItself() {
        long[] waits = LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray();

        WaitPercentiles percentiles = WaitPercentiles.of(waits);

        assertThat(percentiles).isEqualTo(new WaitPercentiles(100, 50, 90, 99, 100));
        assertThat(waits[0]).as("the samples are left unsorted").isEqualTo(100);
    }

    @Test
    void aFewSamplesRoundUpToTheNextRank() {
        assertThat(WaitPercentiles.of(new long[] {30, 10, 20})).isEqualTo(new WaitPercentiles(3, 20, 30, 30, 30));
        assertThat(WaitPercentiles.of(new long[] {7})).isEqualTo(new WaitPercentiles(1, 7, 7, 7, 7));
    }

    @Test
    void noSamplesGiveZeros() {
        assertThat(WaitPercentiles.of(new long[0])).isEqualTo(WaitPercentiles.NONE);
    }

    @Test
    void waitsAreFormattedInTheirNaturalUnit() {
        assertThat(WaitPercentiles.format(850)).isEqualTo("850us");
        assertThat(WaitPercentiles.format(12_345)).isEqualTo("12.3ms");
        assertThat(WaitPercentiles.format(1_520_000)).isEqualTo("1.52s");
    }
}
