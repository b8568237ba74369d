package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.TransactionFigures;
import dev.vedette.store.WriteBatch;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The figure rollups of a {@link JdbcStore} (V5) on each database, beyond the store contract: the
 * bound on distinct error codes per bucket, the customer estimate on 50,000 customers against its
 * documented error, and the backfill migration rebuilding what the write path kept. A subclass per
 * database supplies the kind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FigureRollupsTest {
    static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");
    static final Set<TransactionStatus.Kind> PAID =
            EnumSet.of(TransactionStatus.Kind.SUCCEEDED, TransactionStatus.Kind.REVERSED);

    private TestDatabase db;
    private JdbcStore store;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void createDatabase() {
        db = TestDatabase.create(kind());
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void emptyStore() {
        store = JdbcStore.builder().dataSource(db.dataSource()).build();
        db.clear(JdbcStore.DEFAULT_TABLE_PREFIX);
    }

    private void writeInBatches(List<Transaction> all) {
        for (int i = 0; i < all.size(); i += 1_000) {
            store.write(WriteBatch.ofTransactions(all.subList(i, Math.min(all.size(), i + 1_000))));
        }
    }

    private TransactionFigures wholeDay() {
        return store.transactionFigures(new FiguresQuery(DAY, DAY.plusSeconds(86_400), PAID, List.of()));
    }

    @Test
    void tenThousandDistinctCodesKeepTwoHundredRowsPerBucketAndCountTheRestUnderOther() throws Exception {
        List<Transaction> all = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            all.add(Transaction.builder("h" + i)
                    .status(TransactionStatus.FAILED)
                    .error("code-" + i + "'; DROP TABLE x; --", "message " + i)
                    .occurredAt(DAY.plusSeconds(36_000 + i % 600))
                    .build());
        }
        writeInBatches(all);

        List<TransactionFigures.FailureCount> failures = wholeDay().failures();

        assertThat(failures).hasSize(FigureRollups.MAX_KEYS_PER_BUCKET + 1);
        assertThat(failures.stream()
                        .mapToLong(TransactionFigures.FailureCount::count)
                        .sum())
                .isEqualTo(10_000);
        assertThat(failures)
                .filteredOn(TransactionFigures.FailureCount::otherCodes)
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.errorCode()).isEqualTo(TransactionFigures.OTHER_CODES);
                    assertThat(o.count()).isEqualTo(10_000 - FigureRollups.MAX_KEYS_PER_BUCKET);
                    assertThat(o.newestMessage()).isNull();
                });
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                var rs = st.executeQuery(
                        "SELECT granularity, bucket_start, count(*) FROM vedette_failure_rollups GROUP BY granularity, bucket_start")) {
            int buckets = 0;
            while (rs.next()) {
                buckets++;
                assertThat(rs.getLong(3)).isEqualTo(FigureRollups.MAX_KEYS_PER_BUCKET + 1);
            }
            assertThat(buckets).isEqualTo(2); // the day and the hour
        }

        // a folded failure that recovers leaves (other), a kept one leaves its own row
        Transaction kept = all.get(0);
        store.write(WriteBatch.ofTransactions(List.of(
                Transaction.builder(kept.id())
                        .status(TransactionStatus.COMPLETED)
                        .occurredAt(DAY.plusSeconds(40_000))
                        .build(),
                Transaction.builder("h9999")
                        .status(TransactionStatus.COMPLETED)
                        .occurredAt(DAY.plusSeconds(40_000))
                        .build())));
        List<TransactionFigures.FailureCount> after = wholeDay().failures();
        assertThat(after.stream()
                        .mapToLong(TransactionFigures.FailureCount::count)
                        .sum())
                .isEqualTo(9_998);
        assertThat(after)
                .filteredOn(TransactionFigures.FailureCount::otherCodes)
                .singleElement()
                .satisfies(o -> assertThat(o.count()).isEqualTo(10_000 - FigureRollups.MAX_KEYS_PER_BUCKET - 1));
    }

    @Test
    void fiftyThousandCustomersAreEstimatedWithinThreeStandardErrors() {
        List<Transaction> all = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            String email = "Customer" + i + "@Example.com";
            all.add(Transaction.builder("c" + i)
                    .status(i % 2 == 0 ? TransactionStatus.COMPLETED : TransactionStatus.FAILED)
                    .customer(i % 3 == 0 ? email.toLowerCase(Locale.ROOT) : email, null)
                    .occurredAt(DAY.plusSeconds(i % 86_400))
                    .build());
        }
        writeInBatches(all);
        // the same customers again on the same day: the sketch does not grow
        List<Transaction> again = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            again.add(Transaction.builder("again" + i)
                    .status(TransactionStatus.PENDING)
                    .customer("customer" + i + "@example.COM", null)
                    .occurredAt(DAY.plusSeconds(7 + i))
                    .build());
        }
        writeInBatches(again);

        TransactionFigures f = wholeDay();

        TransactionFigures.CustomerEstimate e = f.customerEstimate();
        assertThat(e).isNotNull();
        assertThat(e.from()).isEqualTo(DAY);
        assertThat(e.to()).isEqualTo(DAY.plusSeconds(86_400));
        assertThat(e.relativeStandardError())
                .isCloseTo(1.04 / Math.sqrt(2048), org.assertj.core.data.Offset.offset(1e-9));
        double tolerance = 3 * e.relativeStandardError();
        assertThat((double) f.customers())
                .isCloseTo(50_000, org.assertj.core.data.Percentage.withPercentage(100 * tolerance));
        assertThat((double) f.payingCustomers())
                .isCloseTo(25_000, org.assertj.core.data.Percentage.withPercentage(100 * tolerance));
        // a day without customers estimates none
        TransactionFigures empty =
                store.transactionFigures(new FiguresQuery(DAY.minusSeconds(86_400), DAY, PAID, List.of()));
        assertThat(empty.customers()).isZero();
        assertThat(empty.customerEstimate()).isNotNull();
    }

    @Test
    void backfillRebuildsTheRollupsTheWritesKept() throws Exception {
        List<Transaction> all = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            all.add(Transaction.builder("b" + i)
                    .status(i % 4 == 0 ? TransactionStatus.FAILED : TransactionStatus.PENDING)
                    .error(i % 4 == 0 ? "code" + (i % 7) : null, i % 8 == 0 ? "msg" + i : null)
                    .customer("b" + (i % 900) + "@example.com", null)
                    .step(i % 5 == 0 ? "cart" : "view")
                    .occurredAt(DAY.plusSeconds(i * 97L))
                    .build());
        }
        writeInBatches(all);
        List<Transaction> later = new ArrayList<>();
        for (int i = 0; i < 3_000; i += 3) {
            later.add(Transaction.builder("b" + i)
                    .status(TransactionStatus.COMPLETED)
                    .step("paid")
                    .occurredAt(DAY.plusSeconds(i * 97L + 5))
                    .build());
        }
        writeInBatches(later);
        FiguresQuery q = new FiguresQuery(
                DAY.plusSeconds(3_000), DAY.plusSeconds(200_000), PAID, List.of("cart", "view", "paid"));
        TransactionFigures written = store.transactionFigures(q);

        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM vedette_failure_rollups");
                st.executeUpdate("DELETE FROM vedette_step_rollups");
                st.executeUpdate("DELETE FROM vedette_customer_sketches");
            }
            new FigureBackfill(store.sql().dialect(), JdbcStore.DEFAULT_TABLE_PREFIX).migrate(new Context() {
                @Override
                public Configuration getConfiguration() {
                    throw new AssertionError("the backfill reads only the connection");
                }

                @Override
                public Connection getConnection() {
                    return c;
                }
            });
            c.commit();
        }
        store.close();
        store = JdbcStore.builder().dataSource(db.dataSource()).build();
        TransactionFigures rebuilt = store.transactionFigures(q);

        assertThat(rebuilt.steps()).isEqualTo(written.steps());
        assertThat(rebuilt.failures()).containsExactlyInAnyOrderElementsOf(written.failures());
        assertThat(rebuilt.customers()).isEqualTo(written.customers());
        assertThat(rebuilt.payingCustomers()).isEqualTo(written.payingCustomers());
        long paid = 0;
        for (int i = 0; i < 3_000; i += 3) {
            paid += i * 97L >= 3_000 && i * 97L < 200_000 ? 1 : 0;
        }
        assertThat(written.steps()).containsEntry("paid", paid);
    }
}
