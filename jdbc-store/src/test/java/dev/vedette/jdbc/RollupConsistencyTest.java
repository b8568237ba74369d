package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.Money;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Bucket;
import dev.vedette.store.Dimension;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.WriteBatch;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seeded random stream of upserts (status, amount, currency and createdAt changes, late events)
 * written to a JdbcStore and to the InMemoryStore: every aggregate, read from the rollups and raw
 * edges, must equal the in-memory one exactly (amounts to the cent per currency, histograms).
 */
class RollupConsistencyTest {
    private static final Instant T0 = Instant.parse("2026-03-28T20:00:00Z"); // spans the EU DST change
    private static final TransactionStatus CHARGEBACK =
            TransactionStatus.of("CHARGEBACK", TransactionStatus.Kind.REVERSED);
    private static final TransactionStatus[] STATUSES = {
        TransactionStatus.PENDING,
        TransactionStatus.COMPLETED,
        TransactionStatus.FAILED,
        TransactionStatus.ERROR,
        TransactionStatus.REFUNDED,
        CHARGEBACK
    };
    private static final String[] CURRENCIES = {"USD", "EUR", "JPY", "KWD"};

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void rollupAggregatesEqualRawAggregates(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind);
                JdbcStore jdbc = JdbcStore.builder().dataSource(db.dataSource()).build()) {
            InMemoryStore memory = new InMemoryStore();
            Random random = new Random(20260328);
            for (int batch = 0; batch < 60; batch++) {
                List<Transaction> observations = new ArrayList<>();
                int size = 1 + random.nextInt(12);
                for (int i = 0; i < size; i++) {
                    observations.add(randomObservation(random));
                }
                WriteBatch w = WriteBatch.ofTransactions(observations);
                jdbc.write(w);
                memory.write(w);
            }

            List<AggregateQuery> queries = new ArrayList<>();
            Instant end = T0.plus(Duration.ofDays(3));
            List<Set<Dimension>> groupings = List.of(
                    Set.of(),
                    Set.of(Dimension.STATUS),
                    Set.of(Dimension.PROVIDER, Dimension.PAYMENT_METHOD),
                    EnumSet.allOf(Dimension.class));
            List<ZoneId> zones = List.of(
                    ZoneOffset.UTC,
                    ZoneId.of("Europe/Berlin"),
                    ZoneId.of("Asia/Kolkata"),
                    ZoneId.of("America/St_Johns"));
            for (Set<Dimension> groupBy : groupings) {
                queries.add(new AggregateQuery(T0.minusSeconds(7), end, null, ZoneOffset.UTC, groupBy));
                queries.add(new AggregateQuery(
                        T0.plusSeconds(3_599), T0.plusSeconds(90_061).plusMillis(250), null, ZoneOffset.UTC, groupBy));
                for (ZoneId zone : zones) {
                    queries.add(
                            new AggregateQuery(T0.plusSeconds(61), end.minusSeconds(59), Bucket.DAY, zone, groupBy));
                    queries.add(new AggregateQuery(
                            T0.minusSeconds(1), T0.plus(Duration.ofHours(30)), Bucket.HOUR, zone, groupBy));
                }
                queries.add(new AggregateQuery(
                        T0.plusSeconds(1_801), T0.plusSeconds(12_000), Bucket.MINUTE, ZoneOffset.UTC, groupBy));
            }
            for (int i = 0; i < 20; i++) {
                Instant from = T0.plusMillis(random.nextLong(200_000_000L));
                Instant to = from.plusMillis(1 + random.nextLong(100_000_000L));
                Bucket bucket = i % 4 == 0 ? null : Bucket.values()[i % 3];
                queries.add(new AggregateQuery(
                        from, to, bucket, zones.get(i % zones.size()), groupings.get(i % groupings.size())));
            }

            for (AggregateQuery q : queries) {
                List<AggregateRow> expected = memory.aggregate(q);
                assertThat(jdbc.aggregate(q)).as(q.toString()).containsExactlyInAnyOrderElementsOf(expected);
            }
            AggregateQuery all = AggregateQuery.totals(T0.minusSeconds(7), end);
            assertThat(memory.aggregate(all))
                    .as("the stream exercised several currencies")
                    .hasSizeGreaterThan(3);
        }
    }

    private static Transaction randomObservation(Random random) {
        Transaction.Builder b =
                Transaction.builder("t" + random.nextInt(150)).occurredAt(T0.plusMillis(random.nextLong(259_200_000L)));
        if (random.nextInt(6) > 0) {
            b.status(STATUSES[random.nextInt(STATUSES.length)]);
        } else {
            b.step("checkout");
        }
        if (random.nextInt(4) > 0) {
            String currency = CURRENCIES[random.nextInt(random.nextInt(10) == 0 ? CURRENCIES.length : 2)];
            b.amount(Money.ofMinor(random.nextInt(1_000_000), currency));
        }
        if (random.nextBoolean()) {
            b.latency(Duration.ofMillis(random.nextInt(random.nextBoolean() ? 2_000 : 90_000)));
        }
        if (random.nextInt(3) > 0) {
            b.provider(random.nextBoolean() ? "paypal" : "stripe");
        }
        if (random.nextInt(3) > 0) {
            b.paymentMethod(random.nextBoolean() ? "card" : "ideal");
        }
        return b.build();
    }
}
