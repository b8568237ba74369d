package dev.vedette.analytics;

import static dev.vedette.analytics.Fixtures.paid;
import static dev.vedette.analytics.Fixtures.store;
import static dev.vedette.analytics.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSeriesTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Currency EUR = Currency.getInstance("EUR");
    static final Currency USD = Currency.getInstance("USD");

    static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    static Analytics analytics(InMemoryStore store) {
        return new Analytics(store, new TestClock(Instant.parse("2026-05-01T00:00:00Z")), BERLIN);
    }

    @Test
    void hourlySeriesOfTheSpringForwardDayHas23Points() {
        InMemoryStore store = store(
                paid("a", "10.00", "EUR", "a@example.com", Instant.parse("2026-03-28T23:30:00Z")), // 00:30 CET
                paid("b", "20.00", "EUR", "b@example.com", Instant.parse("2026-03-29T01:30:00Z")), // 03:30 CEST
                paid("c", "5.00", "EUR", "c@example.com", Instant.parse("2026-03-29T21:59:00Z"))); // 23:59 CEST
        Instant from = berlin("2026-03-29T00:00");
        Instant to = berlin("2026-03-30T00:00");

        TimeSeries s = analytics(store).series(from, to, Interval.HOUR);

        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofHours(23));
        assertThat(s.points()).hasSize(23);
        assertThat(s.points().get(1).label()).isEqualTo("2026-03-29 01:00");
        assertThat(s.points().get(2).label()).isEqualTo("2026-03-29 03:00");
        assertThat(s.points().get(0).totals().revenue()).containsExactly(entry(EUR, new BigDecimal("10.00")));
        assertThat(s.points().get(2).totals().revenue()).containsExactly(entry(EUR, new BigDecimal("20.00")));
        assertThat(s.points().get(22).label()).isEqualTo("2026-03-29 23:00");
        assertThat(s.points().get(22).totals().paid()).isEqualTo(1);
        assertThat(s.points().stream().mapToLong(p -> p.totals().transactions()).sum())
                .isEqualTo(3);
    }

    @Test
    void dailySeriesCutsDaysInTheBusinessZoneAndTheDstDayLasts23Hours() {
        InMemoryStore store = store(
                paid("a", "10.00", "EUR", "a@example.com", Instant.parse("2026-03-28T21:30:00Z")), // Mar 28 22:30
                paid("b", "20.00", "EUR", "b@example.com", Instant.parse("2026-03-29T22:30:00Z")), // Mar 30 00:30
                tx("c", TransactionStatus.FAILED, Instant.parse("2026-03-29T12:00:00Z"))
                        .amount("7.00", "EUR")
                        .build());

        TimeSeries s = analytics(store).series(berlin("2026-03-28T00:00"), berlin("2026-03-31T00:00"), Interval.DAY);

        assertThat(s.points())
                .extracting(TimeSeries.Point::label)
                .containsExactly("2026-03-28", "2026-03-29", "2026-03-30");
        TimeSeries.Point dst = s.points().get(1);
        assertThat(Duration.between(dst.start(), dst.end())).isEqualTo(Duration.ofHours(23));
        assertThat(dst.totals().failed()).isEqualTo(1);
        assertThat(dst.totals().successRate()).isEqualTo(0.0);
        assertThat(dst.totals().revenue()).isEmpty();
        assertThat(s.points().get(0).totals().revenue(EUR)).isEqualByComparingTo("10.00");
        assertThat(s.points().get(2).totals().revenue(EUR)).isEqualByComparingTo("20.00");
        assertThat(s.points().get(2).totals().successRate()).isEqualTo(1.0);
    }

    static List<Transaction> march() {
        return List.of(
                paid("m1", "10.00", "EUR", "a@example.com", berlin("2026-03-01T12:00")), // Sunday, ISO week 9
                paid("m2", "10.00", "EUR", "a@example.com", berlin("2026-03-02T00:00")), // Monday, week 10
                paid("m3", "10.00", "EUR", "a@example.com", berlin("2026-03-08T23:59")), // Sunday, week 10
                paid("m4", "10.00", "EUR", "a@example.com", berlin("2026-03-09T08:00")), // week 11
                paid("m5", "10.00", "EUR", "a@example.com", berlin("2026-03-31T23:30")), // week 14, March
                paid("m6", "10.00", "USD", "a@example.com", berlin("2026-04-01T00:30"))); // week 14, April
    }

    @Test
    void weeklySeriesRollsDaysUpIntoIsoWeeksStartingMonday() {
        TimeSeries s =
                analytics(store(march())).series(berlin("2026-03-01T00:00"), berlin("2026-04-06T00:00"), Interval.WEEK);

        assertThat(s.points())
                .extracting(TimeSeries.Point::label)
                .containsExactly("2026-W09", "2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14");
        assertThat(s.points()).extracting(p -> p.totals().transactions()).containsExactly(1L, 2L, 1L, 0L, 0L, 2L);
        assertThat(s.points().get(0).start()).isEqualTo(berlin("2026-02-23T00:00"));
        assertThat(s.points().get(1).totals().revenue(EUR)).isEqualByComparingTo("20.00");
        assertThat(s.points().get(5).totals().revenue())
                .containsExactly(entry(EUR, new BigDecimal("10.00")), entry(USD, new BigDecimal("10.00")));
        // the week holding the DST change lasts 167 hours
        assertThat(Duration.between(s.points().get(4).start(), s.points().get(4).end()))
                .isEqualTo(Duration.ofHours(167));
    }

    @Test
    void monthlySeriesRollsDaysUpIntoCalendarMonths() {
        TimeSeries s = analytics(store(march()))
                .series(berlin("2026-03-01T00:00"), berlin("2026-05-01T00:00"), Interval.MONTH);

        assertThat(s.points()).extracting(TimeSeries.Point::label).containsExactly("2026-03", "2026-04");
        assertThat(s.points().get(0).totals().revenue()).containsExactly(entry(EUR, new BigDecimal("50.00")));
        assertThat(s.points().get(1).totals().revenue()).containsExactly(entry(USD, new BigDecimal("10.00")));
    }

    @Test
    void seriesOfAnEmptyRangeHasEmptyPoints() {
        TimeSeries s = analytics(new InMemoryStore())
                .series(berlin("2026-03-01T00:00"), berlin("2026-03-03T00:00"), Interval.DAY);

        assertThat(s.points()).hasSize(2);
        assertThat(s.points()).allSatisfy(p -> {
            assertThat(p.totals().transactions()).isZero();
            assertThat(p.totals().successRate()).isNaN();
        });
    }

    @Test
    void seriesWithTooManyPointsIsRejected() {
        Analytics analytics = analytics(new InMemoryStore());

        assertThatThrownBy(() -> analytics.series(
                        Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), Interval.HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 10000 HOUR points");
        assertThatThrownBy(() -> analytics.series(berlin("2026-03-01T00:00"), berlin("2026-03-02T00:00"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval must not be null");
    }

    @Test
    void comparisonGivesPercentChangesAgainstTheDayBefore() {
        InMemoryStore store = store(
                paid("p1", "100.00", "EUR", "a@example.com", berlin("2026-03-09T10:00")),
                paid("p2", "10.00", "USD", "a@example.com", berlin("2026-03-09T11:00")),
                paid("c1", "117.40", "EUR", "a@example.com", berlin("2026-03-10T10:00")),
                tx("c2", TransactionStatus.FAILED, berlin("2026-03-10T11:00")).build());
        Instant from = berlin("2026-03-10T00:00");
        Instant to = berlin("2026-03-11T00:00");

        Comparison c = analytics(store).compare(from, to);

        assertThat(c.previousFrom()).isEqualTo(berlin("2026-03-09T00:00"));
        assertThat(c.revenue().get(EUR).percent()).isCloseTo(17.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.revenue().get(EUR).format()).isEqualTo("+17.4 %");
        assertThat(c.revenue().get(USD).format()).isEqualTo("-100.0 %");
        assertThat(c.transactions().percent()).isEqualTo(0.0); // 2 -> 2
        assertThat(c.failed().percent()).isNull(); // 0 -> 1: no baseline
        assertThat(c.failed().format()).isEqualTo("n/a");
        assertThat(c.successRatePoints()).isCloseTo(-50.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void zeroBaselineRules() {
        assertThat(Comparison.Change.of(0, 0).percent()).isEqualTo(0.0);
        assertThat(Comparison.Change.of(0, 0).format()).isEqualTo("+0.0 %");
        assertThat(Comparison.Change.of(5, 0).percent()).isNull();
        assertThat(Comparison.Change.of(0, 4).percent()).isEqualTo(-100.0);
        assertThat(Comparison.Change.of(new BigDecimal("-10"), new BigDecimal("-20"))
                        .percent())
                .isEqualTo(50.0);
        assertThat(Comparison.formatPercent(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void comparisonOfCalendarDaysOfUnequalLengthUsesTheGivenBaseline() {
        InMemoryStore store = store(
                paid("p1", "10.00", "EUR", "a@example.com", berlin("2026-03-28T23:30")),
                paid("c1", "20.00", "EUR", "a@example.com", berlin("2026-03-29T23:30")));
        LocalDate day = LocalDate.of(2026, 3, 29);

        Comparison c = analytics(store)
                .compare(
                        day.atStartOfDay(BERLIN).toInstant(),
                        day.plusDays(1).atStartOfDay(BERLIN).toInstant(),
                        day.minusDays(1).atStartOfDay(BERLIN).toInstant(),
                        day.atStartOfDay(BERLIN).toInstant());

        assertThat(c.revenue().get(EUR).format()).isEqualTo("+100.0 %");
        assertThat(c.successRatePoints()).isEqualTo(0.0);
    }

    @Test
    void utcAnalyticsPutsTheSameTransactionOnAnotherDay() {
        InMemoryStore store = store(paid("b", "20.00", "EUR", "b@example.com", Instant.parse("2026-03-29T22:30:00Z")));

        TimeSeries utc = new Analytics(store, new TestClock(Instant.EPOCH), ZoneOffset.UTC)
                .series(Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z"), Interval.DAY);

        assertThat(utc.points().get(0).totals().transactions()).isEqualTo(1);
        assertThat(utc.points().get(0).label()).isEqualTo("2026-03-29");
    }
}
