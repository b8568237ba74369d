package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.rules.HourOfWeekBaseline.Verdict;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class HourOfWeekBaselineTest {

    @Test
    void slotsRunFromMondayMidnightToSundayLateEvening() {
        assertThat(HourOfWeekBaseline.slot(ZonedDateTime.of(2026, 7, 6, 0, 30, 0, 0, ZoneOffset.UTC)))
                .isZero();
        assertThat(HourOfWeekBaseline.slot(ZonedDateTime.of(2026, 7, 12, 23, 0, 0, 0, ZoneOffset.UTC)))
                .isEqualTo(167);
    }

    @Test
    void learnsTheEwmaOfCountAndDeviation() {
        HourOfWeekBaseline b = new HourOfWeekBaseline(0.5);
        b.learn(3, 100);
        b.learn(3, 80);
        assertThat(b.mean(3)).isEqualTo(90.0);
        assertThat(b.band(3, 1, 1)).as("dev = 0.5 × 20 = 10, above √90").isEqualTo(10.0);
        assertThat(b.samples(3)).isEqualTo(2);
    }

    @Test
    void judgesOnlyAfterWarmUpAndOnlyAboveTheMinimumVolume() {
        HourOfWeekBaseline b = new HourOfWeekBaseline(0.2);
        b.learn(10, 100);
        assertThat(b.judge(10, 0, 3, 1, 10, 2, false)).isEqualTo(Verdict.WARMING_UP);
        b.learn(10, 100);
        assertThat(b.judge(10, 100, 3, 1, 10, 2, false)).isEqualTo(Verdict.NORMAL);
        assertThat(b.judge(10, 60, 3, 1, 10, 2, false))
                .as("100 - 3 × √100 = 70")
                .isEqualTo(Verdict.DROP);
        assertThat(b.judge(10, 60, 3, 1, 10, 2, true))
                .as("a partial hour is never a drop")
                .isEqualTo(Verdict.NORMAL);
        assertThat(b.judge(10, 131, 3, 1, 10, 2, true)).isEqualTo(Verdict.SPIKE);

        HourOfWeekBaseline quiet = new HourOfWeekBaseline(0.2);
        quiet.learn(0, 2);
        quiet.learn(0, 2);
        assertThat(quiet.judge(0, 0, 3, 1, 10, 2, false))
                .as("expected 2 is below the minimum")
                .isEqualTo(Verdict.NORMAL);
        assertThat(quiet.judge(0, 9, 3, 1, 10, 2, false))
                .as("9 is below the minimum volume")
                .isEqualTo(Verdict.NORMAL);
    }
}
