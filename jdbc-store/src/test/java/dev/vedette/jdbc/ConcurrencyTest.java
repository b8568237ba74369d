package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.model.Money;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionEvent;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.Dimension;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.TransactionMerge;
import dev.vedette.store.WriteBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two stores (two application instances) upserting the same transactions from several threads. */
class ConcurrencyTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final TransactionStatus[] STATUSES = {
        TransactionStatus.PENDING, TransactionStatus.COMPLETED, TransactionStatus.FAILED, TransactionStatus.REFUNDED
    };

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.Kind.class,
            names = {"POSTGRES", "MARIADB"})
    void concurrentUpsertsFromTwoStoresEndInTransactionMergesState(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
                HikariDataSource secondPool = db.newPool(6);
                JdbcStore a = JdbcStore.builder().dataSource(db.dataSource()).build();
                JdbcStore b = JdbcStore.builder().dataSource(secondPool).build()) {
            Map<String, AtomicInteger> written = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Callable<Void>> writers = new ArrayList<>();
                for (int w = 0; w < 6; w++) {
                    JdbcStore store = w % 2 == 0 ? a : b;
                    Random random = new Random(42 + w);
                    writers.add(() -> {
                        for (int batch = 0; batch < 25; batch++) {
                            List<Transaction> observations = new ArrayList<>();
                            for (int i = 0; i < 4; i++) {
                                Transaction t = randomObservation(random);
                                observations.add(t);
                                written.computeIfAbsent(t.id(), k -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                            store.write(WriteBatch.ofTransactions(observations));
                        }
                        return null;
                    });
                }
                for (Future<Void> f : pool.invokeAll(writers)) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }

            InMemoryStore replay = new InMemoryStore();
            for (Map.Entry<String, AtomicInteger> e : written.entrySet()) {
                StoredTransaction stored = a.transaction(e.getKey()).orElseThrow();
                List<TransactionEvent> bySequence = stored.timeline().stream()
                        .sorted(Comparator.comparingLong(TransactionEvent::sequence))
                        .toList();
                assertThat(bySequence)
                        .extracting(TransactionEvent::sequence)
                        .as("one event per observation, sequences without gaps")
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(
                                        1, e.getValue().get())
                                .boxed()
                                .toList());
                StoredTransaction expected = null;
                for (TransactionEvent ev : bySequence) {
                    expected = TransactionMerge.apply(expected, ev.observation(), ev.recordedAt());
                }
                assertThat(stored.withoutTimeline()).isEqualTo(expected);
                assertThat(b.transaction(e.getKey()).orElseThrow()).isEqualTo(stored);
                replay.write(WriteBatch.ofTransactions(
                        bySequence.stream().map(TransactionEvent::observation).toList()));
            }

            AggregateQuery totals = AggregateQuery.totals(
                    T0.minusSeconds(3_600), T0.plusSeconds(3_600), Dimension.STATUS, Dimension.PROVIDER);
            assertThat(a.aggregate(totals)).containsExactlyInAnyOrderElementsOf(replay.aggregate(totals));
        }
    }

    private static Transaction randomObservation(Random random) {
        Transaction.Builder b =
                Transaction.builder("txn-" + random.nextInt(12)).occurredAt(T0.plusMillis(random.nextInt(600_000)));
        if (random.nextInt(5) > 0) {
            b.status(STATUSES[random.nextInt(STATUSES.length)]);
        } else {
            b.step("step_" + random.nextInt(3));
        }
        if (random.nextBoolean()) {
            b.amount(Money.ofMinor(random.nextInt(100_000), random.nextBoolean() ? "USD" : "EUR"));
        }
        if (random.nextBoolean()) {
            b.latency(Duration.ofMillis(random.nextInt(5_000)));
        }
        if (random.nextInt(3) == 0) {
            b.provider(random.nextBoolean() ? "paypal" : "stripe");
        }
        if (random.nextInt(3) == 0) {
            b.metadata("k" + random.nextInt(4), random.nextInt(100));
        }
        return b.build();
    }
}
