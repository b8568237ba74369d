package dev.vedette.analytics;

import static dev.vedette.analytics.Fixtures.store;
import static dev.vedette.analytics.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.DelegatingStore;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.Dimension;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Page;
import dev.vedette.store.Store;
import dev.vedette.store.TransactionFigures;
import dev.vedette.store.TransactionQuery;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The analytics page's KPIs and funnel ask the store for one aggregate and read no transaction rows:
 * these tests fail if either goes back to paging through {@link Store#searchTransactions}.
 */
class PageFiguresReadNoRowsTest {
    static final Instant FROM = Instant.parse("2026-03-10T00:00:00Z");
    static final Instant TO = FROM.plus(Duration.ofDays(1));
    static final int ROWS = 2_500; // more than two pages of the largest search

    /** Counts what the analytics asks of the store. */
    static class CountingStore extends DelegatingStore {
        final AtomicInteger searches = new AtomicInteger();
        final AtomicInteger figures = new AtomicInteger();
        final List<FiguresQuery> queries = new java.util.concurrent.CopyOnWriteArrayList<>();

        CountingStore(Store delegate) {
            super(delegate);
        }

        @Override
        public Page<StoredTransaction> searchTransactions(TransactionQuery query) {
            searches.incrementAndGet();
            return super.searchTransactions(query);
        }

        @Override
        public TransactionFigures transactionFigures(FiguresQuery query) {
            figures.incrementAndGet();
            queries.add(query);
            return super.transactionFigures(query);
        }
    }

    static InMemoryStore data() {
        List<Transaction> all = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            TransactionStatus status = i % 5 == 0 ? TransactionStatus.FAILED : TransactionStatus.COMPLETED;
            Transaction.Builder b = tx("t" + i, status, FROM.plusSeconds(i))
                    .amount("1.00", "EUR")
                    .customer("c" + (i % 700) + ((i / 700) % 2 == 0 ? "@example.com" : "@EXAMPLE.com"), null);
            if (status == TransactionStatus.FAILED) {
                b.error(i % 3 == 0 ? "DECLINED" : "TIMEOUT", "message " + i);
            }
            all.add(b.build());
            if (i % 4 == 0) {
                all.add(Transaction.builder("t" + i)
                        .step("email_sent")
                        .occurredAt(FROM.plusSeconds(i).plusMillis(1))
                        .build());
            }
        }
        return store(all);
    }

    static Analytics analytics(Store store) {
        return Analytics.builder(store)
                .clock(new TestClock(TO))
                .zone(ZoneOffset.UTC)
                .maxScanRows(10)
                .build();
    }

    @Test
    void kpisAskForOneAggregateAndSearchNothing() {
        CountingStore store = new CountingStore(data());

        Kpis k = analytics(store).kpis(FROM, TO);

        assertThat(store.searches).hasValue(0);
        assertThat(store.figures).hasValue(1);
        assertThat(k.uniqueCustomers()).isEqualTo(700);
        assertThat(k.payingCustomers()).isEqualTo(560); // c0, c5, ... only ever failed
        assertThat(k.topFailureReasons())
                .extracting(Kpis.FailureReason::errorCode, Kpis.FailureReason::count)
                .containsExactly(
                        org.assertj.core.api.Assertions.tuple("TIMEOUT", 333L),
                        org.assertj.core.api.Assertions.tuple("DECLINED", 167L));
        assertThat(k.topFailureReasons().get(0).sampleMessage()).isEqualTo("message 2495");
    }

    @Test
    void funnelAsksForOneAggregateAndSearchesNothing() {
        CountingStore store = new CountingStore(data());

        Funnel f = analytics(store).funnel(FROM, TO, List.of("created", "completed", "email_sent"));

        assertThat(store.searches).hasValue(0);
        assertThat(store.figures).hasValue(1);
        assertThat(f.steps()).extracting(Funnel.Step::count).containsExactly(2_500L, 2_000L, 625L);
    }

    @Test
    void theDefaultAnswerPagesThroughEveryRowAndAgreesWithTheInMemoryStore() {
        InMemoryStore memory = data();
        CountingStore paging = new CountingStore(memory) {
            @Override
            public TransactionFigures transactionFigures(FiguresQuery query) {
                figures.incrementAndGet();
                return pagedFigures(query);
            }
        };
        FiguresQuery q =
                new FiguresQuery(FROM, TO, analytics(memory).paidKinds(), List.of("email_sent", "created", "never"));

        TransactionFigures paged = paging.transactionFigures(q);

        assertThat(paging.searches).hasValue(3);
        TransactionFigures direct = memory.transactionFigures(q);
        assertThat(paged.transactions()).isEqualTo(direct.transactions()).isEqualTo(ROWS);
        assertThat(paged.paid()).isEqualTo(direct.paid());
        assertThat(paged.customers()).isEqualTo(direct.customers());
        assertThat(paged.payingCustomers()).isEqualTo(direct.payingCustomers());
        assertThat(paged.steps()).isEqualTo(direct.steps()).containsEntry("never", 0L);
        assertThat(paged.failures()).containsExactlyInAnyOrderElementsOf(direct.failures());
    }

    @Test
    void theDashboardsAnalyticsCallsSearchNothingAndSkipDistinctCustomers() {
        CountingStore store = new CountingStore(data());
        Analytics analytics = analytics(store);

        analytics.compare(FROM, TO);
        analytics.series(FROM, TO, Interval.HOUR);
        List<Segment> providers = analytics.segments(FROM, TO, Dimension.PROVIDER);
        List<Segment> methods = analytics.segments(FROM, TO, Dimension.PAYMENT_METHOD);
        List<Kpis.FailureReason> failures = analytics.failureReasons(FROM, TO);
        analytics.funnel(FROM, TO, List.of("created", "completed", "email_sent"));

        assertThat(store.searches).hasValue(0);
        assertThat(store.queries)
                .hasSize(2)
                .allSatisfy(
                        q -> assertThat(q.includes(FiguresQuery.Part.CUSTOMERS)).isFalse());
        Kpis kpis = analytics(data()).kpis(FROM, TO);
        assertThat(failures).isEqualTo(kpis.topFailureReasons());
        assertThat(providers).isEqualTo(kpis.providers());
        assertThat(methods).isEqualTo(kpis.paymentMethods());
    }
}
