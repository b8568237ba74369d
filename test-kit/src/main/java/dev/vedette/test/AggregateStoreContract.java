package dev.vedette.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vedette.model.ComponentState;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupChange;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStats;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LatencyHistogram;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Bucket;
import dev.vedette.store.Dimension;
import dev.vedette.store.ErrorOccurrence;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Part of the {@link StoreContractTest}: aggregates and rollups, health samples, error groups and logs. */
abstract class AggregateStoreContract extends TransactionStoreContract {
    // ------------------------------------------------------------------ aggregates

    @Test
    void aggregateSumsPerCurrencyNeverAcross() {
        seedSearchData();
        List<AggregateRow> rows = store.aggregate(AggregateQuery.totals(at(0), at(100)));

        assertThat(rows).hasSize(2);
        AggregateRow usd = row(rows, "USD", null);
        AggregateRow eur = row(rows, "EUR", null);
        assertThat(usd.count()).isEqualTo(4);
        assertThat(usd.amount()).isEqualByComparingTo("50.50");
        assertThat(eur.count()).isEqualTo(1);
        assertThat(eur.amount()).isEqualByComparingTo("99.99");
    }

    @Test
    void aggregateGroupsByStatusAndProvider() {
        seedSearchData();
        List<AggregateRow> rows =
                store.aggregate(AggregateQuery.totals(at(0), at(100), Dimension.STATUS, Dimension.PROVIDER));

        AggregateRow refunded = rows.stream()
                .filter(r -> TransactionStatus.REFUNDED.equals(r.status()))
                .findFirst()
                .orElseThrow();
        assertThat(refunded.provider()).isEqualTo("paypal");
        assertThat(refunded.amount()).isEqualByComparingTo("10.00");
        assertThat(rows).extracting(AggregateRow::count).containsOnly(1L);
        assertThat(rows).hasSize(5);
    }

    @Test
    void aggregateRangeIsHalfOpenOnCreatedAt() {
        seedSearchData();
        List<AggregateRow> rows = store.aggregate(AggregateQuery.totals(at(2), at(4)));
        assertThat(rows.stream().mapToLong(AggregateRow::count).sum()).isEqualTo(2);
    }

    @Test
    void aggregateFollowsStatusChanges() {
        write(txn("t1", TransactionStatus.PENDING, 0).amount("7.00", "USD").build());
        write(txn("t1", TransactionStatus.COMPLETED, 30).build());

        List<AggregateRow> rows = store.aggregate(AggregateQuery.totals(at(0), at(60), Dimension.STATUS));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(rows.get(0).amount()).isEqualByComparingTo("7.00");
    }

    @Test
    void dailySeriesUsesTheQueryZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 2026-03-01T23:30 UTC is already 2 March in Berlin
        Instant lateEvening = Instant.parse("2026-03-01T22:30:00Z");
        Instant afterMidnightBerlin = Instant.parse("2026-03-01T23:30:00Z");
        write(
                Transaction.builder("x")
                        .status(TransactionStatus.COMPLETED)
                        .amount("1.00", "EUR")
                        .occurredAt(lateEvening)
                        .build(),
                Transaction.builder("y")
                        .status(TransactionStatus.COMPLETED)
                        .amount("2.00", "EUR")
                        .occurredAt(afterMidnightBerlin)
                        .build());

        List<AggregateRow> rows = store.aggregate(AggregateQuery.series(
                Instant.parse("2026-02-28T23:00:00Z"), Instant.parse("2026-03-02T23:00:00Z"), Bucket.DAY, berlin));

        assertThat(rows).hasSize(2);
        assertThat(rows.stream().filter(r -> r.bucketStart().equals(Instant.parse("2026-02-28T23:00:00Z"))))
                .singleElement()
                .satisfies(r -> assertThat(r.amount()).isEqualByComparingTo("1.00"));
        assertThat(rows.stream().filter(r -> r.bucketStart().equals(Instant.parse("2026-03-01T23:00:00Z"))))
                .singleElement()
                .satisfies(r -> assertThat(r.amount()).isEqualByComparingTo("2.00"));
    }

    @Test
    void aggregateCarriesLatencyHistograms() {
        write(
                txn("a", TransactionStatus.COMPLETED, 0)
                        .amount("1.00", "USD")
                        .latency(Duration.ofMillis(80))
                        .build(),
                txn("b", TransactionStatus.COMPLETED, 1)
                        .amount("1.00", "USD")
                        .latency(Duration.ofMillis(900))
                        .build(),
                txn("c", TransactionStatus.COMPLETED, 2).amount("1.00", "USD").build());

        AggregateRow usd = store.aggregate(AggregateQuery.series(at(0), at(60), Bucket.MINUTE, ZoneId.of("UTC")))
                .get(0);
        assertThat(usd.bucketStart()).isEqualTo(at(0));
        assertThat(usd.count()).isEqualTo(3);
        assertThat(usd.latency().count()).isEqualTo(2);
        assertThat(usd.latency().percentile(50)).isEqualTo(Duration.ofMillis(100));
        assertThat(usd.latency().percentile(100)).isEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aggregateWithoutLatencyHasTheSameSumsAndEmptyHistograms() {
        write(
                txn("a", TransactionStatus.COMPLETED, 0)
                        .amount("1.25", "USD")
                        .latency(Duration.ofMillis(80))
                        .build(),
                txn("b", TransactionStatus.FAILED, 3_700)
                        .amount("2.50", "USD")
                        .latency(Duration.ofMillis(900))
                        .build(),
                txn("c", TransactionStatus.COMPLETED, 90_000)
                        .amount("4.00", "EUR")
                        .latency(Duration.ofMillis(30))
                        .build());
        // a range of whole days and hours plus ragged edges, so a rollup store reads every level
        AggregateQuery full = AggregateQuery.series(at(-5), at(200_000), Bucket.DAY, ZoneId.of("Europe/Berlin"));
        List<AggregateRow> with = store.aggregate(full);
        List<AggregateRow> without = store.aggregate(full.withoutLatency());

        assertThat(without).hasSameSizeAs(with);
        for (AggregateRow w : with) {
            AggregateRow o = without.stream()
                    .filter(r -> java.util.Objects.equals(r.bucketStart(), w.bucketStart())
                            && java.util.Objects.equals(r.currency(), w.currency()))
                    .findFirst()
                    .orElseThrow();
            assertThat(o.count()).isEqualTo(w.count());
            assertThat(o.amount()).isEqualTo(w.amount());
            assertThat(o.latency()).isEqualTo(LatencyHistogram.empty());
            assertThat(w.latency().count()).isPositive();
        }
    }

    /** The first row of {@code currency} (and {@code status}, if not null); fails if there is none. */
    protected static AggregateRow row(List<AggregateRow> rows, String currency, TransactionStatus status) {
        return rows.stream()
                .filter(r ->
                        r.currency() != null && r.currency().getCurrencyCode().equals(currency))
                .filter(r -> status == null || status.equals(r.status()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + currency + " " + status + " in " + rows));
    }

    // ------------------------------------------------------------------ health

    @Test
    void healthSamplesAndStatsByRange() {
        store.write(new WriteBatch(
                List.of(),
                List.of(
                        HealthReport.builder("db", HealthStatus.UP)
                                .responseTime(Duration.ofMillis(4))
                                .checkedAt(at(0))
                                .build(),
                        HealthReport.builder("db", HealthStatus.DOWN)
                                .message("refused")
                                .checkedAt(at(10))
                                .build(),
                        HealthReport.builder("db", HealthStatus.DEGRADED)
                                .responseTime(Duration.ofMillis(800))
                                .checkedAt(at(20))
                                .build(),
                        HealthReport.builder("db", HealthStatus.UP)
                                .responseTime(Duration.ofMillis(5))
                                .checkedAt(at(30))
                                .build(),
                        HealthReport.builder("smtp", HealthStatus.UP)
                                .checkedAt(at(5))
                                .build()),
                List.of(),
                List.of()));

        List<HealthReport> samples = store.healthSamples("db", at(0), at(30), 10);
        assertThat(samples).extracting(HealthReport::checkedAt).containsExactly(at(20), at(10), at(0));
        assertThat(samples.get(1).message()).isEqualTo("refused");
        assertThat(store.healthSamples("db", at(0), at(31), 2)).hasSize(2);

        HealthStats stats = store.healthStats("db", at(0), at(40));
        assertThat(stats.samples()).isEqualTo(4);
        assertThat(stats.uptime()).isEqualTo(0.75);
        assertThat(stats.responseTime().count()).isEqualTo(3);
        assertThat(stats.oldestSample()).isEqualTo(at(0));
        assertThat(store.healthStats("db", at(5), at(40)).oldestSample()).isEqualTo(at(10));
        assertThat(store.healthStats("db", at(31), at(40)).oldestSample()).isNull();
    }

    @Test
    void healthChangesAreTheSamplesWhoseStatusDiffersFromTheOneBefore() {
        HealthStatus[] seq = {
            HealthStatus.UP,
            HealthStatus.UP,
            HealthStatus.DOWN,
            HealthStatus.DOWN,
            HealthStatus.UP,
            HealthStatus.DEGRADED,
            HealthStatus.DEGRADED,
            HealthStatus.DOWN
        };
        List<HealthReport> reports = new ArrayList<>();
        // written out of order: the store orders by checkedAt, not by arrival
        for (int i = seq.length - 1; i >= 0; i--) {
            reports.add(HealthReport.builder("queue", seq[i])
                    .message("sample " + i)
                    .checkedAt(at(10 * i))
                    .build());
        }
        reports.add(HealthReport.builder("other", HealthStatus.DOWN)
                .checkedAt(at(15))
                .build());
        store.write(new WriteBatch(List.of(), reports, List.of(), List.of()));

        assertThat(store.healthChanges("queue", at(0), at(100), 100))
                .extracting(HealthReport::message)
                .containsExactly("sample 7", "sample 5", "sample 4", "sample 2", "sample 0");
        assertThat(store.healthChanges("queue", at(0), at(100), 2))
                .extracting(HealthReport::message)
                .containsExactly("sample 7", "sample 5");
        // a range that starts inside the DOWN run: its first sample counts as a change
        assertThat(store.healthChanges("queue", at(30), at(60), 100))
                .extracting(HealthReport::message, HealthReport::status)
                .containsExactly(
                        tuple("sample 5", HealthStatus.DEGRADED),
                        tuple("sample 4", HealthStatus.UP),
                        tuple("sample 3", HealthStatus.DOWN));
        assertThat(store.healthChanges("nothing", at(0), at(100), 10)).isEmpty();
    }

    @Test
    void healthStatsBucketResponseTimesAsTheHistogramDoes() {
        // every bound, one nanosecond on either side of it, sub-millisecond values and the overflow
        List<Duration> times = new ArrayList<>(
                List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(999_999), Duration.ofMinutes(5)));
        for (long bound : LatencyHistogram.BOUNDS_MILLIS) {
            Duration b = Duration.ofMillis(bound);
            times.addAll(List.of(b.minusNanos(1), b, b.plusNanos(999_999), b.plusMillis(1)));
        }
        List<HealthReport> reports = new ArrayList<>();
        LatencyHistogram expected = LatencyHistogram.empty();
        for (int i = 0; i < times.size(); i++) {
            reports.add(HealthReport.builder("api", HealthStatus.UP)
                    .responseTime(times.get(i))
                    .checkedAt(at(0).plusMillis(i))
                    .build());
            expected = expected.with(times.get(i));
        }
        store.write(new WriteBatch(List.of(), reports, List.of(), List.of()));

        HealthStats stats = store.healthStats("api", at(0), at(1));
        assertThat(stats.responseTime().counts()).containsExactly(expected.counts());
        assertThat(stats.responseTime().maxMillis()).isEqualTo(expected.maxMillis());
        assertThat(stats.samplesByStatus()).containsExactly(Map.entry(HealthStatus.UP, (long) times.size()));
    }

    @Test
    void componentStateIsReplacedPerComponent() {
        store.saveComponentState(new ComponentState("db", HealthStatus.UP, at(0), 0, 1, null, null));
        store.saveComponentState(new ComponentState(
                "db",
                HealthStatus.DOWN,
                at(9),
                3,
                0,
                HealthReport.builder("db", HealthStatus.DOWN)
                        .message("refused")
                        .checkedAt(at(9))
                        .build(),
                "alert-1"));
        store.saveComponentState(new ComponentState("api", HealthStatus.UP, at(1), 0, 2, null, null));

        assertThat(store.componentStates())
                .extracting(ComponentState::component)
                .containsExactly("api", "db");
        ComponentState db = store.componentState("db").orElseThrow();
        assertThat(db.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(db.consecutiveFailures()).isEqualTo(3);
        assertThat(db.alertId()).isEqualTo("alert-1");
        assertThat(db.lastReport().message()).isEqualTo("refused");
    }

    // ------------------------------------------------------------------ errors and logs

    private ErrorOccurrence error(String fingerprint, long second) {
        return new ErrorOccurrence(
                fingerprint,
                "Timeout after <n>ms",
                ErrorEvent.builder("java.net.SocketTimeoutException", "Timeout after " + second + "ms")
                        .component("paypal")
                        .occurredAt(at(second))
                        .build());
    }

    @Test
    void errorGroupsCountAndReportNewAndRegressed() {
        WriteResult first =
                store.write(new WriteBatch(List.of(), List.of(), List.of(error("fp1", 1), error("fp1", 2)), List.of()));
        assertThat(first.errorGroupChanges()).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo(ErrorGroupChange.Kind.NEW);
            assertThat(c.group().fingerprint()).isEqualTo("fp1");
        });
        ErrorGroup g = store.errorGroup("fp1").orElseThrow();
        assertThat(g.count()).isEqualTo(2);
        assertThat(g.firstSeen()).isEqualTo(at(1));
        assertThat(g.lastSeen()).isEqualTo(at(2));
        assertThat(g.lastMessage()).isEqualTo("Timeout after 2ms");
        assertThat(g.status()).isEqualTo(ErrorGroupStatus.NEW);

        assertThat(store.setErrorGroupStatus("fp1", ErrorGroupStatus.RESOLVED)).isTrue();
        WriteResult again = store.write(new WriteBatch(List.of(), List.of(), List.of(error("fp1", 3)), List.of()));
        assertThat(again.errorGroupChanges())
                .singleElement()
                .satisfies(c -> assertThat(c.kind()).isEqualTo(ErrorGroupChange.Kind.REGRESSED));
        assertThat(store.errorGroup("fp1").orElseThrow().status()).isEqualTo(ErrorGroupStatus.REGRESSED);
        assertThat(store.setErrorGroupStatus("missing", ErrorGroupStatus.RESOLVED))
                .isFalse();
    }

    @Test
    void errorGroupsPageNewestFirstAndFilterByStatus() {
        store.write(
                new WriteBatch(List.of(), List.of(), List.of(error("a", 1), error("b", 2), error("c", 3)), List.of()));
        store.setErrorGroupStatus("b", ErrorGroupStatus.IGNORED);

        Page<ErrorGroup> first = store.errorGroups(Set.of(), 2, null);
        assertThat(first.items()).extracting(ErrorGroup::fingerprint).containsExactly("c", "b");
        assertThat(store.errorGroups(Set.of(), 2, first.nextCursor()).items())
                .extracting(ErrorGroup::fingerprint)
                .containsExactly("a");
        assertThat(store.errorGroups(Set.of(ErrorGroupStatus.IGNORED), 10, null).items())
                .extracting(ErrorGroup::fingerprint)
                .containsExactly("b");
    }

    @Test
    void logsAreSearchable() {
        store.write(new WriteBatch(
                List.of(),
                List.of(),
                List.of(),
                List.of(
                        new LogEntry(
                                LogLevel.ERROR,
                                "paypal",
                                "Capture failed for 100% of orders",
                                Map.of("code", 502),
                                "t1",
                                null,
                                at(1)),
                        new LogEntry(
                                LogLevel.INFO, "checkout", "Order placed", Map.of(), "t2", "ada@example.com", at(2)),
                        new LogEntry(LogLevel.WARN, "paypal", "Slow capture", Map.of(), null, null, at(3)))));

        assertThat(store.searchLogs(LogQuery.recent(10)).items())
                .extracting(l -> l.entry().message())
                .containsExactly("Slow capture", "Order placed", "Capture failed for 100% of orders");
        assertThat(store.searchLogs(new LogQuery(LogLevel.WARN, null, null, null, null, null, 10, null))
                        .items())
                .hasSize(2);
        assertThat(store.searchLogs(new LogQuery(null, "paypal", null, "100%", null, null, 10, null))
                        .items())
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.entry().details()).containsKey("code");
                    assertThat(l.entry().transactionId()).isEqualTo("t1");
                });
        assertThat(store.searchLogs(new LogQuery(null, null, "t2", null, null, null, 10, null))
                        .items())
                .singleElement()
                .satisfies(l -> assertThat(l.entry().customer()).isEqualTo("ada@example.com"));
        Page<StoredLogEntry> first = store.searchLogs(LogQuery.recent(2));
        assertThat(store.searchLogs(new LogQuery(null, null, null, null, null, null, 2, first.nextCursor()))
                        .items())
                .extracting(l -> l.entry().message())
                .containsExactly("Capture failed for 100% of orders");
    }
}
