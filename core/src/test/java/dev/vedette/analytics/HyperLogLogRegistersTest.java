package dev.vedette.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A sketch kept outside the JVM as (register, rank) pairs, merged with max and read back through
 * {@link HyperLogLog#raise}, estimates exactly what the sketch that added the keys estimates.
 */
class HyperLogLogRegistersTest {
    @Test
    void registersAndRanksReadBackGiveTheSameEstimateAsAddingTheKeys() {
        HyperLogLog added = new HyperLogLog(11);
        int[] stored = new int[1 << 11];
        for (int i = 0; i < 30_000; i++) {
            String key = "customer" + i + "@example.com";
            added.add(key);
            long hash = HyperLogLog.hash(key);
            int register = HyperLogLog.registerOf(hash, 11);
            stored[register] = Math.max(stored[register], HyperLogLog.rankOf(hash, 11));
        }
        HyperLogLog readBack = new HyperLogLog(11);
        for (int r = 0; r < stored.length; r++) {
            readBack.raise(r, stored[r]);
        }

        assertThat(readBack.estimate()).isEqualTo(added.estimate());
        assertThat((double) readBack.estimate()).isCloseTo(30_000, org.assertj.core.data.Percentage.withPercentage(7));
    }

    @Test
    void theSplitOfAHashIsFixed() {
        // top 11 bits are the register; the rank counts the leading zeros of the rest, plus one
        long hash = 0b10000000001L << 53 | 1L << 40;
        assertThat(HyperLogLog.registerOf(hash, 11)).isEqualTo(0b10000000001);
        assertThat(HyperLogLog.rankOf(hash, 11)).isEqualTo(13);
        assertThat(HyperLogLog.rankOf(0L, 11)).isEqualTo(54);
    }

    @Test
    void raisingOutsideTheSketchNamesTheBadValue() {
        HyperLogLog hll = new HyperLogLog(11);
        assertThatThrownBy(() -> hll.raise(2048, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("register must be between 0 and 2047, was 2048");
        assertThatThrownBy(() -> hll.raise(0, 55))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rank must be between 0 and 54, was 55");
        assertThatThrownBy(() -> HyperLogLog.registerOf(1L, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("precision");
    }
}
