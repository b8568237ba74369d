package dev.vedette.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.test.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActiveUsersTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @ParameterizedTest
    @ValueSource(ints = {12, 13, 14})
    void estimateOf100kDistinctKeysIsWithinThreeStandardErrors(int precision) {
        HyperLogLog hll = new HyperLogLog(precision);
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            hll.add("user-" + i);
            hll.add("user-" + i); // repeats do not count
        }

        double error = Math.abs(hll.estimate() - n) / (double) n;

        assertThat(hll.standardError()).isEqualTo(1.04 / Math.sqrt(1 << precision));
        assertThat(error).isLessThanOrEqualTo(3 * hll.standardError());
    }

    @Test
    void smallCardinalitiesAreNearlyExact() {
        HyperLogLog hll = new HyperLogLog(12);
        for (int i = 0; i < 10; i++) {
            hll.add("u" + i);
        }
        hll.add(null);

        assertThat(hll.estimate()).isEqualTo(10);
        assertThat(new HyperLogLog(12).estimate()).isZero();
    }

    @Test
    void mergedSketchesEstimateTheUnion() {
        HyperLogLog a = new HyperLogLog(13);
        HyperLogLog b = new HyperLogLog(13);
        for (int i = 0; i < 50_000; i++) {
            a.add("k" + i);
            b.add("k" + (i + 25_000));
        }

        a.mergeFrom(b);

        assertThat(Math.abs(a.estimate() - 75_000) / 75_000.0).isLessThanOrEqualTo(3 * a.standardError());
        assertThatThrownBy(() -> a.mergeFrom(new HyperLogLog(12)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("precision must match to merge, was 12 into 13");
    }

    @Test
    void precisionOutOfRangeIsRejected() {
        assertThatThrownBy(() -> new HyperLogLog(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("precision must be between 4 and 16, was 3");
        assertThatThrownBy(() -> ActiveUsers.builder().precision(17)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActiveUsers.builder().days(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("days must be between 1 and 366, was 0");
    }

    @Test
    void minuteWindowsCountDistinctUsersOfTheLastMinutes() {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T10:00:30Z"));
        ActiveUsers users = ActiveUsers.builder().clock(clock).zone(BERLIN).build();

        users.recordActivity("u1");
        users.recordActivity("u2");
        users.recordActivity("u3");
        clock.advance(Duration.ofMinutes(4));
        users.recordActivity("u4");
        users.recordActivity("u1");

        assertThat(users.activeLastMinutes(1)).isEqualTo(2);
        assertThat(users.snapshot().last5Minutes()).isEqualTo(4);

        clock.advance(Duration.ofMinutes(6)); // 10:10:30
        ActiveUsers.Snapshot s = users.snapshot();
        assertThat(s.last5Minutes()).isZero();
        assertThat(s.last15Minutes()).isEqualTo(4);
        assertThat(s.last60Minutes()).isEqualTo(4);
        assertThat(s.today()).isEqualTo(4);

        clock.advance(Duration.ofMinutes(61)); // 11:11:30: the 10:00 and 10:04 buckets are older than an hour
        assertThat(users.activeLastMinutes(60)).isZero();
        assertThat(users.snapshot().today()).isEqualTo(4);
    }

    @Test
    void aReusedMinuteSlotForgetsItsOldUsers() {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T10:00:00Z"));
        ActiveUsers users = ActiveUsers.builder().clock(clock).build();
        users.recordActivity("old");

        clock.advance(Duration.ofMinutes(60)); // same slot of the ring, an hour later
        users.recordActivity("new");

        assertThat(users.activeLastMinutes(1)).isEqualTo(1);
        assertThat(users.activeLastMinutes(60)).isEqualTo(1);
    }

    @Test
    void daysAreBusinessZoneDaysAndOldDaysAreDropped() {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T22:30:00Z")); // 23:30 in Berlin
        ActiveUsers users =
                ActiveUsers.builder().clock(clock).zone(BERLIN).days(2).build();
        users.recordActivity("a");
        users.recordActivity("b");
        clock.advance(Duration.ofHours(1)); // 00:30 on the 11th in Berlin
        users.recordActivity("b");
        users.recordActivity("c");

        assertThat(users.daily())
                .containsExactly(
                        java.util.Map.entry(LocalDate.of(2026, 3, 10), 2L),
                        java.util.Map.entry(LocalDate.of(2026, 3, 11), 2L));
        assertThat(users.activeBetween(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 11)))
                .isEqualTo(3);

        clock.advance(Duration.ofDays(1));
        assertThat(users.activeOn(LocalDate.of(2026, 3, 10))).isEqualTo(OptionalLong.empty());
        assertThat(users.activeOn(LocalDate.of(2026, 3, 11))).isEqualTo(OptionalLong.of(2));
        assertThat(users.activeOn(LocalDate.of(2026, 3, 13))).isEqualTo(OptionalLong.empty());
    }

    @Test
    void nullBlankAndFailingClocksNeverThrow() {
        Clock broken = new Clock() {
            @Override
            public Instant instant() {
                throw new IllegalStateException("clock broke");
            }

            @Override
            public ZoneId getZone() {
                return BERLIN;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        ActiveUsers users = ActiveUsers.builder().clock(broken).build();

        users.recordActivity(null);
        users.recordActivity("  ");
        users.recordActivity("u1");

        assertThat(users.failures()).isEqualTo(1);
    }

    @Test
    void concurrentRecordingLosesNoDistinctUsers() throws InterruptedException {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T10:00:00Z"));
        ActiveUsers users = ActiveUsers.builder().clock(clock).precision(14).build();
        int threads = 8;
        int perThread = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            Thread w = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perThread; i++) {
                    users.recordActivity("user-" + (base + i));
                }
            });
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }

        long n = (long) threads * perThread;
        assertThat(Math.abs(users.activeLastMinutes(5) - n) / (double) n)
                .isLessThanOrEqualTo(3 * users.standardError());
        assertThat(users.snapshot().today()).isEqualTo(users.activeLastMinutes(5));
    }

    @Test
    void analyticsRecordsActivityIntoItsCounter() {
        TestClock clock = new TestClock(Instant.parse("2026-03-10T10:00:00Z"));
        Analytics analytics = new Analytics(new dev.vedette.store.InMemoryStore(), clock, BERLIN);

        analytics.recordActivity("ada");
        analytics.recordActivity("bob");

        assertThat(analytics.activeUsers().snapshot().last5Minutes()).isEqualTo(2);
    }
}
