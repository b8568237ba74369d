package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WindowCounterTest {
    private static final Instant T0 = Instant.parse("2026-07-01T12:00:00Z");

    @Test
    void countsOnlyBucketsInsideTheWindow() {
        WindowCounter w = new WindowCounter(Duration.ofSeconds(10), 30, 1);
        w.add(T0, T0, 0, 1);
        w.add(T0.plusSeconds(5), T0.plusSeconds(5), 0, 2);
        assertThat(w.sum(T0.plusSeconds(5), 0)).isEqualTo(3);
        assertThat(w.sum(T0.plusSeconds(299), 0))
                .as("still inside 30 buckets of 10 s")
                .isEqualTo(3);
        assertThat(w.sum(T0.plusSeconds(300), 0))
                .as("the first bucket left the window")
                .isZero();
        assertThat(w.isEmpty(T0.plusSeconds(300))).isTrue();
    }

    @Test
    void ignoresEventsOlderThanTheWindowAndClampsFutureOnesToNow() {
        WindowCounter w = new WindowCounter(Duration.ofSeconds(10), 6, 1);
        Instant now = T0.plusSeconds(600);
        assertThat(w.add(T0, now, 0, 1)).isFalse();
        assertThat(w.add(now.plusSeconds(3600), now, 0, 1)).isTrue();
        assertThat(w.sum(now, 0)).isEqualTo(1);
    }

    @Test
    void aReusedSlotStartsFromZero() {
        WindowCounter w = new WindowCounter(Duration.ofSeconds(1), 2, 1);
        w.add(T0, T0, 0, 5);
        Instant later = T0.plusSeconds(2);
        w.add(later, later, 0, 1);
        assertThat(w.sum(later, 0)).isEqualTo(1);
    }

    @Property(tries = 200)
    void sumEqualsABruteForceCountOverTheWindow(
            @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 600) Integer> offsets,
            @ForAll @IntRange(min = 0, max = 700) int nowOffset) {
        Duration bucket = Duration.ofSeconds(10);
        int slots = 12;
        WindowCounter w = new WindowCounter(bucket, slots, 1);
        List<Integer> sorted = new ArrayList<>(offsets);
        sorted.sort(Integer::compareTo);
        List<Integer> accepted = new ArrayList<>();
        for (int o : sorted) {
            Instant at = T0.plusSeconds(o);
            if (w.add(at, at, 0, 1)) {
                accepted.add(o);
            }
        }
        assertThat(accepted).hasSize(sorted.size());
        int now = Math.max(nowOffset, sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
        long nowBucket = Math.floorDiv(T0.plusSeconds(now).toEpochMilli(), bucket.toMillis());
        long expected = accepted.stream()
                .filter(o -> Math.floorDiv(T0.plusSeconds(o).toEpochMilli(), bucket.toMillis()) > nowBucket - slots)
                .count();
        assertThat(w.sum(T0.plusSeconds(now), 0)).isEqualTo(expected);
    }
}
