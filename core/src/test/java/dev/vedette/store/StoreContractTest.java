package dev.vedette.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ComponentState;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
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
import dev.vedette.model.Severity;
import dev.vedette.model.Silence;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The executable definition of the {@link Store} SPI. Every store runs it unchanged: subclass it
 * and return an empty store from {@link #newStore()}.
 *
 * <p>Times in this suite have millisecond precision; stores may keep no more than microseconds.
 */
public abstract class StoreContractTest {
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    protected Store store;

    /** Returns a store holding nothing. Called before every test. */
    protected abstract Store newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    protected static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    protected static Transaction.Builder txn(String id, TransactionStatus status, long second) {
        return Transaction.builder(id).status(status).occurredAt(at(second));
    }

    protected void write(Transaction... transactions) {
        store.write(WriteBatch.ofTransactions(List.of(transactions)));
    }

    // ------------------------------------------------------------------ upserts and timelines

    @Test
    void firstObservationCreatesTheTransaction() {
        write(txn("t1", TransactionStatus.PENDING, 0)
                .amount("19.99", "USD")
                .customer("ada@example.com", "ada")
                .provider("paypal", "ORDER-1", null)
                .paymentMethod("card")
                .metadata("plan", "pro")
                .build());

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.PENDING);
        assertThat(t.money().amount()).isEqualByComparingTo("19.99");
        assertThat(t.money().currency()).isEqualTo(Currency.getInstance("USD"));
        assertThat(t.customerEmail()).isEqualTo("ada@example.com");
        assertThat(t.customerName()).isEqualTo("ada");
        assertThat(t.provider()).isEqualTo("paypal");
        assertThat(t.providerOrderId()).isEqualTo("ORDER-1");
        assertThat(t.paymentMethod()).isEqualTo("card");
        assertThat(t.metadata()).containsEntry("plan", "pro");
        assertThat(t.createdAt()).isEqualTo(at(0));
        assertThat(t.completedAt()).isNull();
        assertThat(t.eventCount()).isEqualTo(1);
        assertThat(t.timeline()).hasSize(1);
    }

    @Test
    void laterObservationUpdatesStateAndAppendsToTimeline() {
        write(txn("t1", TransactionStatus.PENDING, 0).amount("10.00", "EUR").build());
        write(txn("t1", TransactionStatus.COMPLETED, 5)
                .provider("stripe", "pi_1", "ch_1")
                .latency(Duration.ofMillis(420))
                .build());

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(t.completedAt()).isEqualTo(at(5));
        assertThat(t.providerPaymentId()).isEqualTo("ch_1");
        assertThat(t.money().amount()).isEqualByComparingTo("10.00");
        assertThat(t.latency()).isEqualTo(Duration.ofMillis(420));
        assertThat(t.eventCount()).isEqualTo(2);
        assertThat(t.timeline())
                .extracting(e -> e.observation().status())
                .containsExactly(TransactionStatus.PENDING, TransactionStatus.COMPLETED);
    }

    @Test
    void olderEventNeverMovesTerminalStatusBack() {
        write(txn("t1", TransactionStatus.COMPLETED, 10).build());
        write(txn("t1", TransactionStatus.PENDING, 1).build());
        write(txn("t1", TransactionStatus.FAILED, 5)
                .error("DECLINED", "Card declined")
                .build());

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(t.statusAt()).isEqualTo(at(10));
        assertThat(t.createdAt()).isEqualTo(at(1));
        assertThat(t.errorCode()).as("older event fills empty fields").isEqualTo("DECLINED");
        assertThat(t.timeline())
                .as("timeline in event-time order")
                .extracting(e -> e.observation().occurredAt())
                .containsExactly(at(1), at(5), at(10));
    }

    @Test
    void lateTerminalEventBeatsNewerPending() {
        write(txn("t1", TransactionStatus.PENDING, 10).build());
        write(txn("t1", TransactionStatus.COMPLETED, 5).build());

        assertThat(store.transaction("t1").orElseThrow().status()).isEqualTo(TransactionStatus.COMPLETED);
    }

    @Test
    void newerEventMayMoveTerminalToAnotherTerminalStatus() {
        write(txn("t1", TransactionStatus.COMPLETED, 1).amount("5.00", "USD").build());
        write(txn("t1", TransactionStatus.REFUNDED, 2).build());

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.REFUNDED);
        assertThat(t.completedAt()).isEqualTo(at(2));
    }

    @Test
    void stepsAreRecordedWithoutChangingStatus() {
        write(txn("t1", TransactionStatus.COMPLETED, 0).build());
        write(Transaction.builder("t1").step("user_created").occurredAt(at(1)).build());
        write(Transaction.builder("t1").step("email_sent").occurredAt(at(2)).build());

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(t.steps()).containsExactly("email_sent", "user_created");
        assertThat(t.timeline())
                .extracting(e -> e.observation().step())
                .containsExactly(null, "user_created", "email_sent");
    }

    @Test
    void stepForUnknownTransactionStartsItPending() {
        write(Transaction.builder("t9").step("user_created").occurredAt(at(0)).build());

        assertThat(store.transaction("t9").orElseThrow().status()).isEqualTo(TransactionStatus.PENDING);
    }

    @Test
    void customStatusReadsBackWithItsKind() {
        TransactionStatus chargeback = TransactionStatus.of("CHARGEBACK", TransactionStatus.Kind.REVERSED);
        write(txn("t1", chargeback, 0).build());

        TransactionStatus read = store.transaction("t1").orElseThrow().status();
        assertThat(read).isEqualTo(chargeback);
        assertThat(read.kind()).isEqualTo(TransactionStatus.Kind.REVERSED);
    }

    @Test
    void upsertsInOneBatchApplyInOrder() {
        store.write(WriteBatch.ofTransactions(List.of(
                txn("t1", TransactionStatus.PENDING, 0).build(),
                txn("t1", TransactionStatus.FAILED, 1).attempt(1).build(),
                txn("t1", TransactionStatus.COMPLETED, 2).attempt(2).build())));

        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(t.attempt()).isEqualTo(2);
        assertThat(t.eventCount()).isEqualTo(3);
    }

    @Test
    void metadataWithNestedValuesRoundTrips() {
        write(txn("t1", TransactionStatus.PENDING, 0)
                .metadata("cart", Map.of("items", List.of("a", "b"), "total", new BigDecimal("12.50")))
                .metadata("gift", true)
                .metadata("qty", 3)
                .build());

        Map<String, Object> metadata = store.transaction("t1").orElseThrow().metadata();
        assertThat(metadata.get("gift")).isEqualTo(true);
        assertThat(((Number) metadata.get("qty")).intValue()).isEqualTo(3);
        @SuppressWarnings("unchecked")
        Map<String, Object> cart = (Map<String, Object>) metadata.get("cart");
        assertThat(cart.get("items")).isEqualTo(List.of("a", "b"));
        assertThat(new BigDecimal(cart.get("total").toString())).isEqualByComparingTo("12.50");
    }

    @Test
    void hostileStringsRoundTripUnchanged() {
        String hostile = "'; DROP TABLE x; -- %_\\ <script>alert(1)</script> \"q\" 💸 ü";
        String longText = "x".repeat(Transaction.MAX_ERROR_MESSAGE_LENGTH);
        write(txn("t-'%_\\", TransactionStatus.FAILED, 0)
                .customer("o'brien+%_@example.com", hostile)
                .error("E_'%", longText)
                .metadata("note", hostile)
                .build());

        StoredTransaction t = store.transaction("t-'%_\\").orElseThrow();
        assertThat(t.customerName()).isEqualTo(hostile);
        assertThat(t.customerEmail()).isEqualTo("o'brien+%_@example.com");
        assertThat(t.errorMessage()).isEqualTo(longText);
        assertThat(t.metadata()).containsEntry("note", hostile);
    }

    @Test
    void unknownTransactionIsEmpty() {
        assertThat(store.transaction("nope")).isEmpty();
    }

    // ------------------------------------------------------------------ search and paging

    private void seedSearchData() {
        write(
                txn("a", TransactionStatus.COMPLETED, 1)
                        .amount("10.00", "USD")
                        .customer("ada@example.com", null)
                        .provider("paypal", "PO-1", "PC-1")
                        .paymentMethod("paypal")
                        .build(),
                txn("b", TransactionStatus.FAILED, 2)
                        .amount("25.50", "USD")
                        .customer("bob@example.com", null)
                        .provider("stripe", "pi_2", null)
                        .paymentMethod("card")
                        .error("card_declined", "Your card was declined (50% off promo_code)")
                        .build(),
                txn("c", TransactionStatus.ERROR, 3)
                        .amount("99.99", "EUR")
                        .customer("ada@example.com", null)
                        .provider("stripe", "pi_3", null)
                        .paymentMethod("card")
                        .error("TIMEOUT", "Provider timed out")
                        .build(),
                txn("d", TransactionStatus.PENDING, 4).amount("5.00", "USD").build(),
                txn("e", TransactionStatus.REFUNDED, 5)
                        .amount("10.00", "USD")
                        .provider("paypal")
                        .build());
    }

    private List<String> ids(TransactionQuery q) {
        return store.searchTransactions(q).items().stream()
                .map(StoredTransaction::id)
                .toList();
    }

    @Test
    void searchReturnsNewestFirstWithoutTimelines() {
        seedSearchData();
        Page<StoredTransaction> page = store.searchTransactions(TransactionQuery.all());
        assertThat(page.items()).extracting(StoredTransaction::id).containsExactly("e", "d", "c", "b", "a");
        assertThat(page.items()).allSatisfy(t -> assertThat(t.timeline()).isEmpty());
        assertThat(page.nextCursor()).isNull();
    }

    @Test
    void searchFiltersCombine() {
        seedSearchData();
        assertThat(ids(TransactionQuery.builder()
                        .status(TransactionStatus.FAILED, TransactionStatus.ERROR)
                        .build()))
                .containsExactly("c", "b");
        assertThat(ids(TransactionQuery.builder()
                        .customerEmail("ADA@example.com")
                        .build()))
                .containsExactly("c", "a");
        assertThat(ids(TransactionQuery.builder().provider("stripe").build())).containsExactly("c", "b");
        assertThat(ids(TransactionQuery.builder().providerId("PC-1").build())).containsExactly("a");
        assertThat(ids(TransactionQuery.builder().providerId("pi_2").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().paymentMethod("card").build()))
                .containsExactly("c", "b");
        assertThat(ids(TransactionQuery.builder()
                        .currency(Currency.getInstance("EUR"))
                        .build()))
                .containsExactly("c");
        assertThat(ids(TransactionQuery.builder()
                        .amountBetween(new BigDecimal("10.00"), new BigDecimal("25.50"))
                        .build()))
                .containsExactly("e", "b", "a");
        assertThat(ids(TransactionQuery.builder().createdBetween(at(2), at(4)).build()))
                .containsExactly("c", "b");
        assertThat(ids(TransactionQuery.builder()
                        .provider("stripe")
                        .currency(Currency.getInstance("USD"))
                        .build()))
                .containsExactly("b");
    }

    @Test
    void amountBoundsInAnyBigDecimalFormFilterLikeTheirPlainForm() {
        seedSearchData();
        List<String> plain = ids(TransactionQuery.builder()
                .amountBetween(new BigDecimal("10.00"), new BigDecimal("25.50"))
                .build());
        assertThat(ids(TransactionQuery.builder()
                        .amountBetween(new BigDecimal("1E+1"), new BigDecimal("2.55E+1"))
                        .build()))
                .isEqualTo(plain);
        assertThat(ids(TransactionQuery.builder()
                        .amountBetween(new BigDecimal("9.99999999"), new BigDecimal("25.5000001"))
                        .build()))
                .isEqualTo(plain);
        assertThat(ids(TransactionQuery.builder()
                        .amountBetween(new BigDecimal("1e-999999999"), new BigDecimal("1e999"))
                        .build()))
                .containsAll(plain);
        assertThat(ids(TransactionQuery.builder()
                        .amountBetween(new BigDecimal("1e18"), null)
                        .build()))
                .isEmpty();
    }

    @Test
    void textSearchIsLiteralAndCaseInsensitive() {
        seedSearchData();
        assertThat(ids(TransactionQuery.builder().text("DECLINED").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().text("timeout").build())).containsExactly("c");
        assertThat(ids(TransactionQuery.builder().text("50%").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().text("%").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().text("o_c").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().text("_").build())).containsExactly("b");
        assertThat(ids(TransactionQuery.builder().text("\\").build())).isEmpty();
        assertThat(ids(TransactionQuery.builder().text("' OR 1=1 --").build())).isEmpty();
    }

    @Test
    void keysetPagingVisitsEveryRowOnceWhileRowsAreInserted() {
        List<Transaction> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // pairs share a createdAt, so the id breaks ties
            batch.add(txn(String.format("t%02d", i), TransactionStatus.COMPLETED, i / 2)
                    .build());
        }
        store.write(WriteBatch.ofTransactions(batch));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<StoredTransaction> page = store.searchTransactions(
                    TransactionQuery.builder().limit(7).after(cursor).build());
            page.items().forEach(t -> seen.add(t.id()));
            cursor = page.nextCursor();
            // newer rows arriving between pages must not shift the pages
            write(txn("new" + pages, TransactionStatus.PENDING, 1_000 + pages).build());
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(seen.get(0)).isEqualTo("t24");
        assertThat(seen.get(24)).isEqualTo("t00");
    }

    @Test
    void badCursorIsRejectedWithAClearMessage() {
        assertThatThrownBy(
                        () -> TransactionQuery.builder().after("not a cursor!").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after must be a cursor");
    }

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

    // ------------------------------------------------------------------ alerts and deliveries

    protected static AlertRecord newAlert(String id, String key, Severity severity, Instant at) {
        return new AlertRecord(
                id,
                key,
                severity,
                "PayPal failing",
                "5 of 20 failed",
                "paypal",
                new TreeMap<>(Map.of("region", "eu")),
                "api",
                AlertStatus.OPEN,
                1,
                at,
                at,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static RaisePlan toChannels(AlertRecord alert, String... channels) {
        return RaisePlan.of(
                alert,
                java.util.Arrays.stream(channels)
                        .map(c -> Delivery.pending(
                                alert.id() + "-" + c, alert.id(), c, DeliveryKind.TRIGGER, alert.lastSeen()))
                        .toList());
    }

    @Test
    void raiseOpensANewAlertWithItsDeliveries() {
        AlertUpsert up = store.raiseAlert(
                toChannels(newAlert("a1", "paypal/failing", Severity.CRITICAL, at(0)), "slack", "email"));

        assertThat(up.isNew()).isTrue();
        assertThat(up.deliveries()).hasSize(2);
        assertThat(store.alert("a1").orElseThrow().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(store.deliveries("a1")).extracting(Delivery::channel).containsExactlyInAnyOrder("slack", "email");
        assertThat(store.alert("a1").orElseThrow().labels()).containsEntry("region", "eu");
    }

    @Test
    void raiseWithSameKeyIsAbsorbedByTheActiveAlert() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.HIGH, at(0)), "slack"));
        AlertUpsert second = store.raiseAlert(toChannels(newAlert("a2", "k", Severity.CRITICAL, at(5)), "slack"));

        assertThat(second.isNew()).isFalse();
        assertThat(second.alert().id()).isEqualTo("a1");
        assertThat(second.alert().occurrences()).isEqualTo(2);
        assertThat(second.alert().lastSeen()).isEqualTo(at(5));
        assertThat(second.alert().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(second.deliveries()).isEmpty();
        assertThat(store.alert("a2")).isEmpty();
        assertThat(store.deliveries("a1")).hasSize(1);
    }

    @Test
    void resolvedAlertDoesNotAbsorbANewOccurrence() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.HIGH, at(0)), "slack"));
        store.updateAlert("a1", a -> a.withLifecycle(AlertStatus.RESOLVED, null, null, "auto", at(1)), List.of());

        AlertUpsert again = store.raiseAlert(toChannels(newAlert("a2", "k", Severity.HIGH, at(2)), "slack"));
        assertThat(again.isNew()).isTrue();
        assertThat(store.searchAlerts(AlertQuery.active()).items())
                .extracting(AlertRecord::id)
                .containsExactly("a2");
    }

    @Test
    void concurrentRaisesOfOneKeyOpenExactlyOneAlert() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<AlertUpsert>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = "a" + i;
                tasks.add(() -> store.raiseAlert(toChannels(newAlert(id, "same", Severity.HIGH, at(1)), "slack")));
            }
            long opened = 0;
            for (Future<AlertUpsert> f : pool.invokeAll(tasks)) {
                opened += f.get().isNew() ? 1 : 0;
            }
            assertThat(opened).isEqualTo(1);
            AlertRecord active = store.searchAlerts(AlertQuery.active()).items().get(0);
            assertThat(active.occurrences()).isEqualTo(40);
            assertThat(store.deliveries(active.id())).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updateAlertAppliesChangeAndStoresPlannedDeliveries() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.CRITICAL, at(0)), "pagerduty"));
        AlertUpsert ack = store.updateAlert(
                        "a1",
                        a -> a.withLifecycle(AlertStatus.ACKNOWLEDGED, "ada", at(3), null, null),
                        List.of(Delivery.pending("ack-1", "a1", "pagerduty", DeliveryKind.ACKNOWLEDGE, at(3))))
                .orElseThrow();

        assertThat(ack.previous().status()).isEqualTo(AlertStatus.OPEN);
        AlertRecord stored = store.alert("a1").orElseThrow();
        assertThat(stored.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(stored.acknowledgedBy()).isEqualTo("ada");
        assertThat(stored.acknowledgedAt()).isEqualTo(at(3));
        assertThat(store.deliveries("a1"))
                .extracting(Delivery::kind)
                .containsExactly(DeliveryKind.TRIGGER, DeliveryKind.ACKNOWLEDGE);

        assertThat(store.updateAlert("a1", a -> a, List.of()))
                .as("no change writes nothing")
                .isEmpty();
        assertThat(store.updateAlert("missing", a -> a, List.of())).isEmpty();
    }

    @Test
    void searchAlertsFiltersAndPages() {
        store.raiseAlert(RaisePlan.silent(newAlert("a1", "k1", Severity.CRITICAL, at(1))));
        store.raiseAlert(RaisePlan.silent(newAlert("a2", "k2", Severity.LOW, at(2))));
        store.raiseAlert(RaisePlan.silent(newAlert("a3", "k3", Severity.HIGH, at(3))));
        store.updateAlert("a3", a -> a.withLifecycle(AlertStatus.RESOLVED, null, null, "ada", at(4)), List.of());

        assertThat(store.searchAlerts(AlertQuery.active()).items())
                .extracting(AlertRecord::id)
                .containsExactly("a2", "a1");
        assertThat(store.searchAlerts(new AlertQuery(Set.of(), Set.of(Severity.CRITICAL), null, null, null, 10, null))
                        .items())
                .extracting(AlertRecord::id)
                .containsExactly("a1");
        Page<AlertRecord> first = store.searchAlerts(AlertQuery.all(2));
        assertThat(first.items()).extracting(AlertRecord::id).containsExactly("a3", "a2");
        assertThat(store.searchAlerts(new AlertQuery(Set.of(), Set.of(), null, null, null, 2, first.nextCursor()))
                        .items())
                .extracting(AlertRecord::id)
                .containsExactly("a1");
    }

    @Test
    void dueDeliveriesAreClaimedByOneDispatcherAtATime() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.CRITICAL, at(0)), "slack", "email", "sms"));

        List<Delivery> first = store.claimDueDeliveries(at(0), 10, "node-1", at(30));
        assertThat(first).hasSize(3).allSatisfy(d -> assertThat(d.claimedBy()).isEqualTo("node-1"));
        assertThat(store.claimDueDeliveries(at(1), 10, "node-2", at(31)))
                .as("claims hold")
                .isEmpty();
        assertThat(store.claimDueDeliveries(at(30), 10, "node-2", at(60)))
                .as("expired claims move")
                .hasSize(3);
    }

    @Test
    void deliveriesAreNotClaimedBeforeTheyAreDue() {
        store.insertDeliveries(List.of(new Delivery(
                "d1",
                "a1",
                "slack",
                DeliveryKind.TRIGGER,
                DeliveryState.FAILED,
                1,
                at(60),
                "503",
                at(0),
                null,
                null,
                null)));
        assertThat(store.claimDueDeliveries(at(59), 10, "n", at(90))).isEmpty();
        assertThat(store.claimDueDeliveries(at(60), 10, "n", at(90)))
                .extracting(Delivery::id)
                .containsExactly("d1");
    }

    @Test
    void recordAttemptOnlyByTheClaimHolder() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.CRITICAL, at(0)), "slack"));
        Delivery claimed = store.claimDueDeliveries(at(0), 10, "node-1", at(30)).get(0);

        Delivery failed = claimed.attempted(DeliveryState.FAILED, at(10), "HTTP 503", null);
        assertThat(store.recordAttempt(failed, "node-2")).isFalse();
        assertThat(store.recordAttempt(failed, "node-1")).isTrue();

        Delivery stored = store.deliveries("a1").get(0);
        assertThat(stored.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.lastError()).isEqualTo("HTTP 503");
        assertThat(stored.claimedBy()).isNull();
        assertThat(stored.nextAttemptAt()).isEqualTo(at(10));

        Delivery again = store.claimDueDeliveries(at(10), 10, "node-2", at(40)).get(0);
        assertThat(store.recordAttempt(again.attempted(DeliveryState.SENT, at(10), null, at(11)), "node-2"))
                .isTrue();
        assertThat(store.claimDueDeliveries(at(100), 10, "node-3", at(130)))
                .as("sent is final")
                .isEmpty();
        assertThat(store.deliveryCounts()).containsEntry(DeliveryState.SENT, 1L);
    }

    @Test
    void concurrentDispatchersNeverClaimTheSameDelivery() throws Exception {
        List<Delivery> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(Delivery.pending("d" + i, "a", "slack", DeliveryKind.TRIGGER, at(0)));
        }
        store.insertDeliveries(many);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Delivery>>> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String owner = "node-" + i;
                tasks.add(() -> store.claimDueDeliveries(at(1), 7, owner, at(100)));
            }
            Set<String> claimed = new HashSet<>();
            int total = 0;
            for (Future<List<Delivery>> f : pool.invokeAll(tasks)) {
                for (Delivery d : f.get()) {
                    claimed.add(d.id());
                    total++;
                }
            }
            assertThat(total).isEqualTo(60);
            assertThat(claimed).hasSize(60);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void silencesAreListedUntilTheyEnd() {
        store.saveSilence(new Silence("s1", Map.of("component", "paypal"), at(0), at(60), "ada", "maintenance", at(0)));
        store.saveSilence(new Silence("s2", Map.of(), at(30), at(90), "bob", null, at(0)));

        assertThat(store.silences(at(10))).extracting(Silence::id).containsExactly("s1", "s2");
        assertThat(store.silences(at(60))).extracting(Silence::id).containsExactly("s2");
        assertThat(store.silences(at(10)).get(0).matchers()).containsEntry("component", "paypal");
        assertThat(store.deleteSilence("s2")).isTrue();
        assertThat(store.deleteSilence("s2")).isFalse();
        assertThat(store.silences(at(60))).isEmpty();
    }

    // ------------------------------------------------------------------ erasure

    @Test
    void eraseRemovesACustomersPersonalDataEverywhere() {
        write(
                txn("t1", TransactionStatus.PENDING, 0)
                        .customer("Ada@Example.com", "Ada Lovelace")
                        .metadata("note", "contact ada@example.com")
                        .build(),
                txn("t2", TransactionStatus.FAILED, 1)
                        .customer("bob@example.com", "Bob")
                        .error("E1", "duplicate charge reported by ada@example.com")
                        .build());
        write(txn("t1", TransactionStatus.COMPLETED, 2)
                .customer("ada@example.com", "Ada")
                .build());
        store.write(new WriteBatch(
                List.of(),
                List.of(),
                List.of(new ErrorOccurrence(
                        "fp",
                        "x",
                        ErrorEvent.builder("java.lang.IllegalStateException", "no account for ada@example.com")
                                .occurredAt(at(3))
                                .build())),
                List.of(new LogEntry(
                        LogLevel.INFO,
                        "checkout",
                        "receipt sent to ada@example.com",
                        Map.of(),
                        "t1",
                        "ada@example.com",
                        at(4)))));
        store.raiseAlert(RaisePlan.silent(new AlertRecord(
                "a1",
                "k",
                Severity.MEDIUM,
                "3 failures for ada@example.com",
                null,
                null,
                new TreeMap<>(Map.of("customer", "ada@example.com")),
                "rule:x",
                AlertStatus.OPEN,
                1,
                at(5),
                at(5),
                null,
                null,
                null,
                null,
                null,
                null)));

        long changed = store.erase("ADA@example.com", "erased-1@erased.invalid");

        assertThat(changed).isGreaterThanOrEqualTo(7);
        StoredTransaction t1 = store.transaction("t1").orElseThrow();
        assertThat(t1.customerEmail()).isEqualTo("erased-1@erased.invalid");
        assertThat(t1.customerName()).isNull();
        assertThat(t1.metadata()).containsEntry("note", "contact erased-1@erased.invalid");
        assertThat(t1.timeline()).allSatisfy(e -> {
            assertThat(e.observation().customerEmail()).isEqualTo("erased-1@erased.invalid");
            assertThat(e.observation().customerName()).isNull();
        });
        StoredTransaction t2 = store.transaction("t2").orElseThrow();
        assertThat(t2.customerEmail()).as("other customers are untouched").isEqualTo("bob@example.com");
        assertThat(t2.errorMessage()).isEqualTo("duplicate charge reported by erased-1@erased.invalid");
        StoredLogEntry log = store.searchLogs(LogQuery.recent(10)).items().get(0);
        assertThat(log.entry().message()).isEqualTo("receipt sent to erased-1@erased.invalid");
        assertThat(log.entry().customer()).isEqualTo("erased-1@erased.invalid");
        assertThat(store.errorGroup("fp").orElseThrow().lastMessage())
                .isEqualTo("no account for erased-1@erased.invalid");
        AlertRecord alert = store.alert("a1").orElseThrow();
        assertThat(alert.title()).isEqualTo("3 failures for erased-1@erased.invalid");
        assertThat(alert.labels()).containsEntry("customer", "erased-1@erased.invalid");
        assertThat(store.searchTransactions(TransactionQuery.builder()
                                .customerEmail("ada@example.com")
                                .build())
                        .items())
                .isEmpty();
    }

    @Test
    void eraseFindsTheAddressInAnyCaseInTextMetadataLogsErrorsAndAlerts() {
        write(txn("t1", TransactionStatus.FAILED, 0)
                .customer("Ada@Example.COM", "Ada")
                .error("DECLINED", "card declined for Ada@Example.COM")
                .metadata("note", "contact ADA@EXAMPLE.COM or ada@example.com")
                .metadata("nested", Map.of("who", List.of("aDa@ExAmPlE.cOm")))
                .build());
        store.write(new WriteBatch(
                List.of(),
                List.of(),
                List.of(new ErrorOccurrence(
                        "fp",
                        "x",
                        ErrorEvent.builder("java.lang.IllegalStateException", "no account for Ada@Example.COM")
                                .occurredAt(at(1))
                                .build())),
                List.of(new LogEntry(
                        LogLevel.INFO,
                        "checkout",
                        "receipt sent to Ada@Example.COM",
                        Map.of("to", "ADA@example.com"),
                        "t1",
                        "Ada@Example.COM",
                        at(2)))));
        store.raiseAlert(RaisePlan.silent(new AlertRecord(
                "a1",
                "k",
                Severity.MEDIUM,
                "3 failures for Ada@Example.COM",
                "latest: card declined for ADA@EXAMPLE.COM",
                null,
                new TreeMap<>(Map.of("customer", "Ada@Example.COM")),
                "rule:x",
                AlertStatus.OPEN,
                1,
                at(3),
                at(3),
                null,
                null,
                null,
                null,
                null,
                null)));

        store.erase("ada@example.com", "erased-1@erased.invalid");

        String pseudonym = "erased-1@erased.invalid";
        StoredTransaction t = store.transaction("t1").orElseThrow();
        assertThat(t.customerEmail()).isEqualTo(pseudonym);
        assertThat(t.errorMessage()).isEqualTo("card declined for " + pseudonym);
        assertThat(t.metadata())
                .containsEntry("note", "contact " + pseudonym + " or " + pseudonym)
                .containsEntry("nested", Map.of("who", List.of(pseudonym)));
        Transaction observed = t.timeline().get(0).observation();
        assertThat(observed.errorMessage()).isEqualTo("card declined for " + pseudonym);
        assertThat(observed.metadata()).containsEntry("note", "contact " + pseudonym + " or " + pseudonym);
        StoredLogEntry log = store.searchLogs(LogQuery.recent(10)).items().get(0);
        assertThat(log.entry().message()).isEqualTo("receipt sent to " + pseudonym);
        assertThat(log.entry().details()).containsEntry("to", pseudonym);
        assertThat(log.entry().customer()).isEqualTo(pseudonym);
        assertThat(store.errorGroup("fp").orElseThrow().lastMessage()).isEqualTo("no account for " + pseudonym);
        AlertRecord alert = store.alert("a1").orElseThrow();
        assertThat(alert.title()).isEqualTo("3 failures for " + pseudonym);
        assertThat(alert.message()).isEqualTo("latest: card declined for " + pseudonym);
        assertThat(alert.labels()).containsEntry("customer", pseudonym);
        assertThat(String.join(
                        " ",
                        String.valueOf(t.metadata()),
                        String.valueOf(observed),
                        String.valueOf(log.entry()),
                        String.valueOf(store.errorGroup("fp").orElseThrow()),
                        String.valueOf(alert)))
                .doesNotContainIgnoringCase("ada@example.com");
    }

    @Test
    void eraseNeedsAnAddressAsReplacement() {
        assertThatThrownBy(() -> store.erase("ada@example.com", "gone"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replacement must be an e-mail address, was 'gone'");
    }

    // ------------------------------------------------------------------ audit, locks, purge

    @Test
    void auditEntriesGetIncreasingIdsAndPageNewestFirst() {
        AuditEntry a = store.appendAudit(
                new AuditEntry(0, at(1), "ada", "alert.acknowledge", "a1", Map.of("reason", "on it")));
        AuditEntry b = store.appendAudit(new AuditEntry(0, at(2), "bob", "silence.create", "s1", Map.of()));
        AuditEntry c = store.appendAudit(new AuditEntry(0, at(2), "bob", "alert.resolve", "a1", Map.of()));

        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(c.id()).isGreaterThan(b.id());
        Page<AuditEntry> first = store.audit(2, null);
        assertThat(first.items()).extracting(AuditEntry::action).containsExactly("alert.resolve", "silence.create");
        assertThat(store.audit(2, first.nextCursor()).items()).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("ada");
            assertThat(e.details()).containsEntry("reason", "on it");
        });
    }

    @Test
    void lockIsExclusiveUntilReleasedOrExpired() {
        assertThat(store.tryLock("jobs", "node-1", at(0), Duration.ofSeconds(30)))
                .isTrue();
        assertThat(store.tryLock("jobs", "node-2", at(10), Duration.ofSeconds(30)))
                .isFalse();
        assertThat(store.tryLock("jobs", "node-1", at(20), Duration.ofSeconds(30)))
                .as("holder renews")
                .isTrue();
        assertThat(store.tryLock("jobs", "node-2", at(49), Duration.ofSeconds(30)))
                .isFalse();
        assertThat(store.tryLock("jobs", "node-2", at(50), Duration.ofSeconds(30)))
                .as("expired lease")
                .isTrue();
        store.unlock("jobs", "node-1");
        assertThat(store.tryLock("jobs", "node-1", at(51), Duration.ofSeconds(30)))
                .as("not released by a non-holder")
                .isFalse();
        store.unlock("jobs", "node-2");
        assertThat(store.tryLock("jobs", "node-1", at(52), Duration.ofSeconds(30)))
                .isTrue();
        assertThat(store.tryLock("other", "node-2", at(52), Duration.ofSeconds(30)))
                .isTrue();
    }

    @Test
    void purgeRemovesOnlyOldRawData() {
        write(
                txn("old", TransactionStatus.COMPLETED, 0).build(),
                txn("new", TransactionStatus.COMPLETED, 100).build());
        store.write(new WriteBatch(
                List.of(),
                List.of(
                        HealthReport.builder("db", HealthStatus.UP)
                                .checkedAt(at(0))
                                .build(),
                        HealthReport.builder("db", HealthStatus.UP)
                                .checkedAt(at(100))
                                .build()),
                List.of(),
                List.of(
                        new LogEntry(LogLevel.INFO, null, "old", Map.of(), null, null, at(0)),
                        new LogEntry(LogLevel.INFO, null, "new", Map.of(), null, null, at(100)))));
        store.raiseAlert(RaisePlan.silent(newAlert("a-old", "k1", Severity.LOW, at(0))));
        store.updateAlert("a-old", a -> a.withLifecycle(AlertStatus.RESOLVED, null, null, "auto", at(1)), List.of());
        store.raiseAlert(RaisePlan.silent(newAlert("a-open", "k2", Severity.LOW, at(0))));

        long deleted = store.purge(at(50), 1);

        assertThat(deleted).isGreaterThanOrEqualTo(4);
        assertThat(store.transaction("old")).isEmpty();
        assertThat(store.transaction("new")).isPresent();
        assertThat(store.healthSamples("db", at(0), at(200), 10))
                .extracting(HealthReport::checkedAt)
                .containsExactly(at(100));
        assertThat(store.searchLogs(LogQuery.recent(10)).items())
                .extracting(l -> l.entry().message())
                .containsExactly("new");
        assertThat(store.alert("a-old")).isEmpty();
        assertThat(store.alert("a-open")).as("open alerts are kept").isPresent();
    }

    // ------------------------------------------------------------------ merge results and key order

    private static StoredTransaction withoutTimeline(StoredTransaction t) {
        return new StoredTransaction(
                t.id(),
                t.status(),
                t.statusAt(),
                t.money(),
                t.customerEmail(),
                t.customerName(),
                t.provider(),
                t.providerOrderId(),
                t.providerPaymentId(),
                t.paymentMethod(),
                t.errorCode(),
                t.errorMessage(),
                t.attempt(),
                t.latency(),
                t.metadata(),
                t.steps(),
                t.createdAt(),
                t.lastEventAt(),
                t.completedAt(),
                t.updatedAt(),
                t.eventCount(),
                List.of());
    }

    @Test
    void aWriteHandsBackTheMergedTransactionsItStored() {
        Transaction opened = txn("step", TransactionStatus.PENDING, 0)
                .amount("19.99", "EUR")
                .customer("ada@example.com", "Ada")
                .provider("paypal", "PO-1", null)
                .paymentMethod("card")
                .metadata("plan", "pro")
                .build();
        Transaction other = txn("other", TransactionStatus.COMPLETED, 0).build();
        WriteResult first = store.write(WriteBatch.ofTransactions(List.of(opened, other)));
        assertThat(first.transactions())
                .extracting(TransactionChange::observation)
                .containsExactly(opened, other);
        assertThat(first.transactions().get(0).before()).isNull();

        // the final step first, then a late, older step: both in one batch
        Transaction failed = txn("step", TransactionStatus.FAILED, 5)
                .error("INTERNAL_SERVER_ERROR", "Provider returned HTTP 503")
                .latency(Duration.ofMillis(2_500))
                .build();
        Transaction late = Transaction.builder("step")
                .step("checkout_opened")
                .metadata("ip", "10.0.0.1")
                .occurredAt(at(-2))
                .build();
        WriteResult second = store.write(WriteBatch.ofTransactions(List.of(failed, late)));

        assertThat(second.transactions()).hasSize(2);
        TransactionChange afterFailed = second.transactions().get(0);
        TransactionChange afterLate = second.transactions().get(1);
        assertThat(afterFailed.observation()).isEqualTo(failed);
        assertThat(afterFailed.before()).isEqualTo(first.transactions().get(0).after());
        assertThat(afterFailed.before().status()).isEqualTo(TransactionStatus.PENDING);
        assertThat(afterFailed.after().status()).isEqualTo(TransactionStatus.FAILED);
        assertThat(afterFailed.after().provider()).isEqualTo("paypal");
        assertThat(afterFailed.after().customerEmail()).isEqualTo("ada@example.com");
        assertThat(afterLate.before()).isEqualTo(afterFailed.after());
        assertThat(afterLate.after().createdAt()).isEqualTo(at(-2));
        assertThat(afterLate.after().timeline()).isEmpty();

        assertThat(afterLate.after())
                .isEqualTo(withoutTimeline(store.transaction("step").orElseThrow()));
        assertThat(first.transactions().get(1).after())
                .isEqualTo(withoutTimeline(store.transaction("other").orElseThrow()));
    }

    @Test
    void aWriteWithoutTransactionsHandsBackNoTransactionChanges() {
        WriteResult result = store.write(new WriteBatch(
                List.of(),
                List.of(HealthReport.builder("db", HealthStatus.UP)
                        .checkedAt(at(0))
                        .build()),
                List.of(),
                List.of()));
        assertThat(result.transactions()).isEmpty();
    }

    @Test
    void idsThatTieOnCreatedAtPageInCodePointOrder() {
        // U+FF01 is one UTF-16 unit above every surrogate; U+1F4B8 is a surrogate pair. By code point
        // "\uFF01wide" < "💸money"; by UTF-16 unit (String.compareTo) it is the other way round.
        List<String> ids = List.of("\uFF01wide", "💸money", "zeta", "Ünïcode", "ascii");
        List<Transaction> batch = new ArrayList<>();
        for (String id : ids) {
            batch.add(txn(id, TransactionStatus.COMPLETED, 7).build());
        }
        store.write(WriteBatch.ofTransactions(batch));

        List<String> expected = List.of("💸money", "\uFF01wide", "Ünïcode", "zeta", "ascii");
        assertThat(ids.stream()
                        .sorted(java.util.Comparator.comparing(
                                        (String id) -> id.codePoints().toArray(), java.util.Arrays::compare)
                                .reversed())
                        .toList())
                .as("newest first, ties by id descending in code-point order")
                .isEqualTo(expected);

        assertThat(ids(TransactionQuery.builder().limit(10).build())).isEqualTo(expected);
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Page<StoredTransaction> page = store.searchTransactions(
                    TransactionQuery.builder().limit(2).after(cursor).build());
            page.items().forEach(t -> paged.add(t.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(paged).isEqualTo(expected);
    }
}
