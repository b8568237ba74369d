package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Bucket;
import dev.vedette.store.WriteBatch;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Aggregates over aligned ranges come from the rollups, which outlive the purged raw rows. */
class RollupRetentionTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void alignedAggregatesKeepPurgedTransactionsWhileRawEdgesDoNot() {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2);
                JdbcStore store =
                        JdbcStore.builder().dataSource(db.dataSource()).build()) {
            store.write(WriteBatch.ofTransactions(List.of(
                    Transaction.builder("in-full-hour")
                            .status(TransactionStatus.COMPLETED)
                            .amount("12.34", "EUR")
                            .latency(Duration.ofMillis(250))
                            .occurredAt(T0.plusSeconds(600))
                            .build(),
                    Transaction.builder("in-edge")
                            .status(TransactionStatus.COMPLETED)
                            .amount("1.00", "EUR")
                            .occurredAt(T0.plusSeconds(7_205))
                            .build())));

            assertThat(store.purge(T0.plus(Duration.ofDays(1)), 10)).isEqualTo(4); // two rows, two events
            assertThat(store.transaction("in-full-hour")).isEmpty();

            List<AggregateRow> hourly =
                    store.aggregate(AggregateQuery.series(T0, T0.plusSeconds(7_230), Bucket.HOUR, ZoneOffset.UTC));
            assertThat(hourly).singleElement().satisfies(r -> {
                assertThat(r.bucketStart()).isEqualTo(T0);
                assertThat(r.count()).isEqualTo(1);
                assertThat(r.amount()).isEqualByComparingTo("12.34");
                assertThat(r.latency().maxMillis()).isEqualTo(250);
            });
        }
    }
}
