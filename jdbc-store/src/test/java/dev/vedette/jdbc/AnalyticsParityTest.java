package dev.vedette.jdbc;

import static dev.vedette.jdbc.AnalyticsParityData.BERLIN;
import static dev.vedette.jdbc.AnalyticsParityData.BURST;
import static dev.vedette.jdbc.AnalyticsParityData.BURST_TIE;
import static dev.vedette.jdbc.AnalyticsParityData.DST;
import static dev.vedette.jdbc.AnalyticsParityData.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vedette.Monitor;
import dev.vedette.MonitorBuilder;
import dev.vedette.analytics.Analytics;
import dev.vedette.analytics.Cohorts;
import dev.vedette.analytics.Funnel;
import dev.vedette.analytics.Interval;
import dev.vedette.analytics.Kpis;
import dev.vedette.analytics.Mrr;
import dev.vedette.analytics.Operational;
import dev.vedette.analytics.RefundAccounting;
import dev.vedette.analytics.TimeSeries;
import dev.vedette.analytics.Totals;
import dev.vedette.model.HealthReport;
import dev.vedette.model.Money;
import dev.vedette.model.Transaction;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.store.TransactionFigures;
import dev.vedette.store.TransactionQuery;
import dev.vedette.test.TestClock;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a host reads from {@code monitor.analytics()} must not depend on the store. Two monitors
 * with one clock, one on the {@link InMemoryStore} and one on a {@link JdbcStore}, record the same
 * seeded stream ({@link AnalyticsParityData}); every figure (KPIs, totals, comparisons, series in
 * four intervals, funnel, operational figures, CSV exports, cohorts, MRR) must then be equal, to
 * the cent and to the nanosecond, over ranges aligned to days, hours and minutes of the business
 * zone and ranges that are not (the JDBC store mixes rollup levels with raw edges there), across
 * Berlin's DST change, on a single nanosecond, and over ranges without data. Each figure is asked
 * of the monitor's analytics (Europe/Berlin) and of two more analytics over the same stores: one
 * in a half-hour zone with the other refund model and a 37-row bound on cohort and MRR scans (KPIs and
 * funnels come from {@code Store.transactionFigures} and are not bounded), one in a half-hour zone
 * with its own DST change. A subclass per database supplies the fixture.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AnalyticsParityTest {
    private static final long SEED = 20260329L;
    private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
    private static final ZoneId ST_JOHNS = ZoneId.of("America/St_Johns");
    private static final List<String> FUNNEL = List.of("created", "cart", "checkout", "completed", "email_sent");
    private static final Map<String, BigDecimal> EUR_RATES = Map.of(
            "USD", new BigDecimal("0.9213"),
            "JPY", new BigDecimal("0.006127"),
            "KWD", new BigDecimal("2.98715"));

    /** A named range of the queries. */
    record Range(String name, Instant from, Instant to) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** An analytics configuration, built over either monitor. */
    record Setup(String name, Function<Monitor, Analytics> analytics) {
        @Override
        public String toString() {
            return name;
        }
    }

    private TestDatabase db;
    private final TestClock clock = new TestClock(NOW);
    private Monitor memory;
    private Monitor jdbc;
    private final Map<Monitor, Store> stores = new IdentityHashMap<>();

    /** The database the JDBC monitor writes to. */
    abstract TestDatabase.Kind kind();

    @BeforeAll
    void recordTheSameStreamIntoBothStores() {
        db = TestDatabase.create(kind());
        memory = monitor(new InMemoryStore(), MonitorBuilder.DEFAULT_BATCH_SIZE);
        // small batches: more upserts of one id land in different writes, which move rollup deltas
        jdbc = monitor(JdbcStore.builder().dataSource(db.dataSource()).build(), 97);
        AnalyticsParityData.Stream stream = AnalyticsParityData.generate(SEED);
        for (Object item : stream.records()) {
            for (Monitor m : List.of(memory, jdbc)) {
                if (item instanceof Transaction t) {
                    m.recordTransaction(t);
                } else {
                    m.recordHealth((HealthReport) item);
                }
            }
        }
        assertThat(memory.flush(Duration.ofSeconds(60))).isTrue();
        assertThat(jdbc.flush(Duration.ofSeconds(120))).isTrue();
        for (String email : AnalyticsParityData.ERASED) {
            // "rows changed" counts differently per store (rows vs. records); the figures must not
            assertThat(memory.erase(email, "dpo")).isPositive();
            assertThat(jdbc.erase(email, "dpo")).isPositive();
        }

        Map<Integer, String> memoryIds = new HashMap<>();
        Map<Integer, String> jdbcIds = new HashMap<>();
        for (AnalyticsParityData.AlertAction a : stream.alerts()) {
            clock.set(a.at());
            switch (a.kind()) {
                case RAISE -> {
                    memoryIds.put(a.key(), memory.raiseAlert(a.alert()).id());
                    jdbcIds.put(a.key(), jdbc.raiseAlert(a.alert()).id());
                }
                case ACKNOWLEDGE -> {
                    memory.alerts().acknowledge(memoryIds.get(a.key()), "ops");
                    jdbc.alerts().acknowledge(jdbcIds.get(a.key()), "ops");
                }
                case RESOLVE -> {
                    memory.alerts().resolve(memoryIds.get(a.key()), "ops");
                    jdbc.alerts().resolve(jdbcIds.get(a.key()), "ops");
                }
            }
        }
        clock.set(NOW);

        assertThat(memory.stats().dropped()).isZero();
        assertThat(jdbc.stats().dropped()).isZero();
        assertThat(jdbc.stats().writeFailures()).isZero();
        assertThat(jdbc.stats().written())
                .isEqualTo(memory.stats().written())
                .isEqualTo(stream.records().size());
    }

    private Monitor monitor(Store store, int batchSize) {
        Monitor monitor = Monitor.builder()
                .store(store)
                .clock(clock)
                .businessZone(BERLIN)
                .backgroundJobs(false)
                .queueCapacity(50_000)
                .batchSize(batchSize)
                .instanceId("parity-" + store.getClass().getSimpleName())
                .build();
        stores.put(monitor, store);
        return monitor;
    }

    @AfterAll
    void closeEverything() {
        if (memory != null) {
            memory.close();
        }
        if (jdbc != null) {
            jdbc.close();
        }
        if (db != null) {
            db.close();
        }
    }

    // ------------------------------------------------------------------ ranges and setups

    static List<Range> ranges() {
        Instant burstStart = BURST;
        return List.of(
                new Range("everything, Berlin months", berlinDay(2025, 11, 1), berlinDay(2026, 5, 1)),
                new Range("40 days, Berlin midnight to midnight", berlinDay(2026, 3, 5), berlinDay(2026, 4, 14)),
                new Range("four ISO weeks in Berlin", berlinDay(2026, 3, 16), berlinDay(2026, 4, 13)),
                new Range(
                        "UTC hours across the DST change",
                        Instant.parse("2026-03-27T00:00:00Z"),
                        Instant.parse("2026-03-31T00:00:00Z")),
                new Range("the 23-hour DST day in Berlin", berlinDay(2026, 3, 29), berlinDay(2026, 3, 30)),
                new Range("April 1st in Berlin", berlinDay(2026, 4, 1), berlinDay(2026, 4, 2)),
                new Range(
                        "minutes, not hours",
                        Instant.parse("2026-03-12T10:17:00Z"),
                        Instant.parse("2026-03-20T05:43:00Z")),
                new Range(
                        "ragged to the nanosecond",
                        Instant.parse("2026-03-07T03:14:15.926535897Z"),
                        Instant.parse("2026-04-02T21:09:08.123456789Z")),
                new Range(
                        "around the DST gap, ragged",
                        DST.minusNanos(1),
                        DST.plus(Duration.ofHours(1)).plusNanos(1)),
                new Range("the burst minute", burstStart, burstStart.plusSeconds(120)),
                new Range(
                        "inside the burst minute",
                        burstStart.plusMillis(5_500),
                        burstStart.plusSeconds(41).plusNanos(7)),
                new Range("one nanosecond holding a tie", BURST_TIE, BURST_TIE.plusNanos(1)),
                new Range("ending at a tie, exclusive", burstStart.minus(Duration.ofHours(3)), BURST_TIE),
                new Range("empty, day-aligned", berlinDay(2025, 6, 1), berlinDay(2025, 6, 8)),
                new Range(
                        "empty, ragged, after now",
                        NOW.plus(Duration.ofDays(30)).plusNanos(3),
                        NOW.plus(Duration.ofDays(31)).plusMillis(500)));
    }

    private List<Setup> setups() {
        return List.of(
                new Setup("monitor.analytics() in Berlin", Monitor::analytics),
                new Setup(
                        "Kolkata, separate refunds, 37-row scans",
                        m -> Analytics.builder(stores.get(m))
                                .clock(clock)
                                .zone(KOLKATA)
                                .refundAccounting(RefundAccounting.SEPARATE_TRANSACTION)
                                .maxScanRows(37)
                                .topFailureReasons(3)
                                .build()),
                new Setup(
                        "St. John's (-03:30, DST on March 8)",
                        m -> Analytics.builder(stores.get(m))
                                .clock(clock)
                                .zone(ST_JOHNS)
                                .build()));
    }

    Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Setup s : setups()) {
            for (Range r : ranges()) {
                out.add(Arguments.of(Named.of(s.name(), s), Named.of(r.name(), r)));
            }
        }
        return out.stream();
    }

    Stream<Arguments> monthCases() {
        List<List<YearMonth>> months = List.of(
                List.of(YearMonth.of(2025, 12), YearMonth.of(2026, 4)),
                List.of(YearMonth.of(2026, 1), YearMonth.of(2026, 3)),
                List.of(YearMonth.of(2026, 4), YearMonth.of(2026, 4)),
                List.of(YearMonth.of(2025, 5), YearMonth.of(2025, 7)));
        List<Arguments> out = new ArrayList<>();
        for (Setup s : setups()) {
            for (List<YearMonth> m : months) {
                out.add(Arguments.of(
                        Named.of(s.name(), s), Named.of(m.get(0) + " to " + m.get(1), m.get(0)), m.get(1)));
            }
        }
        return out.stream();
    }

    private static Instant berlinDay(int year, int month, int day) {
        return LocalDate.of(year, month, day).atStartOfDay(BERLIN).toInstant();
    }

    /** Asks both monitors the same question: the JDBC answer must equal the in-memory one. */
    private <T> T same(Setup setup, String what, Function<Analytics, T> question) {
        T expected = question.apply(setup.analytics().apply(memory));
        T actual = question.apply(setup.analytics().apply(jdbc));
        assertThat(actual).as(what).isEqualTo(expected);
        return expected;
    }

    // ------------------------------------------------------------------ range figures

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void kpisAreEqual(Setup setup, Range r) {
        same(setup, "kpis", a -> withoutCustomers(a.kpis(r.from(), r.to())));
        // customers: exact in memory; the JDBC store estimates them over the whole UTC days around
        // the range and says so, within four standard errors of the exact count over those days
        Kpis estimated = setup.analytics().apply(jdbc).kpis(r.from(), r.to());
        assertThat(setup.analytics().apply(memory).kpis(r.from(), r.to()).customerEstimate())
                .isNull();
        TransactionFigures.CustomerEstimate e = estimated.customerEstimate();
        assertThat(e).as("customer estimate").isNotNull();
        assertThat(e.from()).isBeforeOrEqualTo(r.from());
        assertThat(e.to()).isAfterOrEqualTo(r.to());
        TransactionFigures exact = setup.analytics().apply(memory).customers(e.from(), e.to());
        assertThat(exact.customerEstimate()).isNull();
        assertThat((double) estimated.uniqueCustomers())
                .as("unique customers")
                .isCloseTo(exact.customers(), within(Math.max(0.5, 4 * e.relativeStandardError() * exact.customers())));
        // a sketch only grows: a customer whose paid transaction later left the paid kinds stays in it
        assertThat((double) estimated.payingCustomers())
                .as("paying customers")
                .isGreaterThanOrEqualTo(exact.payingCustomers() * (1 - 4 * e.relativeStandardError()) - 0.5)
                .isLessThanOrEqualTo(estimated.uniqueCustomers());
    }

    private static Kpis withoutCustomers(Kpis k) {
        return new Kpis(
                k.from(),
                k.to(),
                k.totals(),
                0,
                0,
                k.topFailureReasons(),
                k.providers(),
                k.paymentMethods(),
                k.converted());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void convertedKpisAreEqual(Setup setup, Range r) {
        Currency eur = Currency.getInstance("EUR");
        same(
                setup,
                "kpis in EUR",
                a -> a.kpis(r.from(), r.to(), eur, AnalyticsParityTest::toEur).converted());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void totalsAndComparisonsAreEqual(Setup setup, Range r) {
        same(setup, "totals", a -> a.totals(r.from(), r.to()));
        same(setup, "against the period before", a -> a.compare(r.from(), r.to()));
        Duration week = Duration.ofDays(7);
        same(
                setup,
                "against a week earlier",
                a -> a.compare(r.from(), r.to(), r.from().minus(week), r.to().minus(week)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void seriesAreEqualInEveryInterval(Setup setup, Range r) {
        for (Interval interval : Interval.values()) {
            same(setup, interval + " series", a -> a.series(r.from(), r.to(), interval));
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void funnelsAreEqual(Setup setup, Range r) {
        same(setup, "funnel", a -> a.funnel(r.from(), r.to(), FUNNEL));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void operationalFiguresAreEqual(Setup setup, Range r) {
        same(setup, "operational", a -> a.operational(r.from(), r.to()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void csvExportsAreEqual(Setup setup, Range r) {
        same(setup, "daily KPIs CSV", a -> {
            StringWriter out = new StringWriter();
            a.csv().kpisPerDay(r.from(), r.to(), out);
            return out.toString();
        });
        same(setup, "segments CSV", a -> {
            StringWriter out = new StringWriter();
            a.csv().revenueBySegment(r.from(), r.to(), out);
            return out.toString();
        });
        same(setup, "transactions CSV", a -> {
            StringWriter out = new StringWriter();
            a.csv()
                    .transactions(
                            TransactionQuery.builder()
                                    .createdBetween(r.from(), r.to())
                                    .build(),
                            out);
            return out.toString();
        });
    }

    // ------------------------------------------------------------------ month figures

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("monthCases")
    void cohortsAreEqual(Setup setup, YearMonth from, YearMonth to) {
        same(setup, "cohorts", a -> a.cohorts(from, to));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("monthCases")
    void mrrIsEqual(Setup setup, YearMonth from, YearMonth to) {
        same(setup, "mrr", a -> a.mrr(from, to));
    }

    // ------------------------------------------------------------------ the data is worth comparing

    @Test
    void theStreamExercisesWhatTheFiguresDistinguish() {
        Analytics a = memory.analytics();
        Range all = ranges().get(0);
        Kpis kpis = a.kpis(all.from(), all.to());
        Totals t = kpis.totals();
        Set<String> currencies = Set.of("EUR", "JPY", "KWD", "USD");
        assertThat(t.gross().keySet()).map(Currency::getCurrencyCode).containsExactlyInAnyOrderElementsOf(currencies);
        assertThat(t.refunds().keySet()).map(Currency::getCurrencyCode).containsAll(currencies);
        assertThat(t.gross().get(Currency.getInstance("JPY")).scale()).isZero();
        assertThat(t.gross().get(Currency.getInstance("KWD")).scale()).isEqualTo(3);
        assertThat(t.byStatus().keySet())
                .containsExactlyInAnyOrder(
                        "AUTHORIZED", "CHARGEBACK", "COMPLETED", "ERROR", "FAILED", "PENDING", "REFUNDED");
        assertThat(kpis.uniqueCustomers()).isGreaterThan(100);
        assertThat(kpis.topFailureReasons()).hasSizeGreaterThan(5);
        assertThat(kpis.topFailureReasons())
                .extracting(Kpis.FailureReason::errorCode)
                .contains(Analytics.NONE, "PROVIDER_TIMEOUT");
        assertThat(kpis.providers())
                .extracting(s -> s.name())
                .containsExactlyInAnyOrder("adyen", "paypal", "stripe", Analytics.NONE);
        assertThat(kpis.providers()).allSatisfy(s -> assertThat(s.p95()).isNotNull());
        assertThat(stores.get(memory)
                        .searchTransactions(TransactionQuery.builder()
                                .customerEmail(AnalyticsParityData.ERASED.get(1))
                                .build())
                        .items())
                .as("an erased customer is gone")
                .isEmpty();

        TimeSeries dstDay = a.series(berlinDay(2026, 3, 29), berlinDay(2026, 3, 30), Interval.HOUR);
        assertThat(dstDay.points()).hasSize(23);
        assertThat(dstDay.points().stream()
                        .mapToLong(p -> p.totals().transactions())
                        .sum())
                .as("payments on the DST day")
                .isGreaterThan(10);
        Totals tie = a.totals(BURST_TIE, BURST_TIE.plusNanos(1));
        assertThat(tie.transactions())
                .as("payments created at the very same instant")
                .isGreaterThan(1);
        assertThat(a.totals(berlinDay(2025, 6, 1), berlinDay(2025, 6, 8)).transactions())
                .isZero();

        Funnel funnel = a.funnel(all.from(), all.to(), FUNNEL);
        assertThat(funnel.steps()).allSatisfy(s -> assertThat(s.count()).isPositive());

        Cohorts cohorts = a.cohorts(YearMonth.of(2025, 12), YearMonth.of(2026, 4));
        assertThat(cohorts.cohorts().get(0).active())
                .hasSize(5)
                .allSatisfy(n -> assertThat(n).isPositive());
        Mrr mrr = a.mrr(YearMonth.of(2026, 1), YearMonth.of(2026, 4));
        assertThat(mrr.months()).extracting(m -> m.currency().getCurrencyCode()).contains("EUR", "JPY", "USD");
        assertThat(mrr.months()).anySatisfy(m -> assertThat(m.expansionMrr()).isPositive());
        assertThat(mrr.months()).anySatisfy(m -> assertThat(m.contractionMrr()).isPositive());
        assertThat(mrr.months()).anySatisfy(m -> assertThat(m.churnedMrr()).isPositive());
        assertThat(mrr.months()).anySatisfy(m -> assertThat(m.reactivationMrr()).isPositive());
        assertThat(mrr.months()).anySatisfy(m -> assertThat(m.planChanges()).isPositive());

        Operational ops = a.operational(all.from(), all.to());
        assertThat(ops.alerts().raised()).isGreaterThan(20);
        assertThat(ops.alerts().meanTimeToAcknowledge()).isNotNull();
        assertThat(ops.alerts().meanTimeToResolve()).isNotNull();
        assertThat(ops.uptime())
                .hasSize(3)
                .allSatisfy(u -> assertThat(u.last30d()).isBetween(0.5, 0.99));

        Analytics bounded = setups().get(1).analytics().apply(memory);
        assertThat(bounded.cohorts(YearMonth.of(2025, 12), YearMonth.of(2026, 4))
                        .scan()
                        .complete())
                .as("the 37-row bound cuts cohort scans")
                .isFalse();
        for (Monitor m : List.of(memory, jdbc)) {
            Analytics b = setups().get(1).analytics().apply(m);
            assertThat(b.kpis(all.from(), all.to()).uniqueCustomers())
                    .as("the 37-row bound does not cut KPIs: they come from an aggregate")
                    .isEqualTo(setups().get(0)
                            .analytics()
                            .apply(m)
                            .kpis(all.from(), all.to())
                            .uniqueCustomers())
                    .isGreaterThan(100);
        }
    }

    @Test
    void theJdbcStoreAnswersFiguresInTheDatabaseRatherThanByPaging() throws NoSuchMethodException {
        assertThat(JdbcStore.class
                        .getMethod("transactionFigures", FiguresQuery.class)
                        .getDeclaringClass())
                .as("JdbcStore overrides Store.transactionFigures, whose default pages through every row")
                .isEqualTo(JdbcStore.class);
    }

    private static Money toEur(Money money) {
        BigDecimal rate = EUR_RATES.get(money.currency().getCurrencyCode());
        return Money.of(money.amount().multiply(rate).setScale(2, RoundingMode.HALF_EVEN), "EUR");
    }
}
