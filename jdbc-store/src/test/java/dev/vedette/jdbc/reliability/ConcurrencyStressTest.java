package dev.vedette.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.Monitor;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.Money;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.OverflowPolicy;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionEvent;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.store.TransactionMerge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Reliability scenario 4: eight host threads record random, overlapping upserts (few ids, random
 * statuses, event times out of order). Afterwards every stored transaction must equal the replay of
 * {@link TransactionMerge} over its own timeline in sequence order, and no record may be missing.
 *
 * <p>Sizes: 8 x 100,000 records on the in-memory store; 8 x 2,500 on PostgreSQL by default, split
 * over two monitors (two application instances) on one schema ({@code
 * -Dvedette.reliability.pgRecordsPerThread=5000} for the larger run). PostgreSQL at 800,000 records,
 * or even 40,000, does not fit the time budget of {@code verify} on a 2-core machine.
 */
class ConcurrencyStressTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final TransactionStatus[] STATUSES = {
        TransactionStatus.PENDING,
        TransactionStatus.COMPLETED,
        TransactionStatus.FAILED,
        TransactionStatus.ERROR,
        TransactionStatus.REFUNDED
    };
    private static final int THREADS = 8;

    @Test
    void eightThreadsTimes100kOnTheInMemoryStore() throws Exception {
        int perThread = 100_000;
        int ids = 500;
        InMemoryStore store = InMemoryStore.builder()
                .maxEventsPerTransaction(Integer.MAX_VALUE)
                .build();
        try (Monitor monitor = monitor(store, "mem")) {
            long millis = run(List.of(monitor), perThread, ids);
            assertThat(monitor.flush(Duration.ofSeconds(60))).isTrue();
            Result r = verify(store, ids);
            MonitorStats s = monitor.stats();
            assertThat(s.accepted() + s.dropped()).isEqualTo((long) THREADS * perThread);
            assertThat(s.written()).isEqualTo(s.accepted());
            assertThat(r.events()).isEqualTo(s.written());
            System.out.printf(
                    "RELIABILITY concurrency-memory: threads=%d records=%d ids=%d accepted=%d dropped=%d"
                            + " written=%d storedEvents=%d transactions=%d mismatches=0 recordMs=%d%n",
                    THREADS,
                    (long) THREADS * perThread,
                    ids,
                    s.accepted(),
                    s.dropped(),
                    s.written(),
                    r.events(),
                    r.transactions(),
                    millis);
        }
    }

    @Test
    void eightThreadsOnPostgresFromTwoInstances() throws Exception {
        int perThread = Integer.getInteger("vedette.reliability.pgRecordsPerThread", 2_500);
        int ids = 200;
        try (PostgresSchema db = PostgresSchema.create();
                HikariDataSource poolA = db.newPool(4);
                HikariDataSource poolB = db.newPool(4)) {
            JdbcStore storeA = JdbcStore.builder().dataSource(poolA).build();
            JdbcStore storeB = JdbcStore.builder().dataSource(poolB).build();
            try (Monitor a = monitor(storeA, "a");
                    Monitor b = monitor(storeB, "b")) {
                long millis = run(List.of(a, b), perThread, ids);
                assertThat(a.flush(Duration.ofSeconds(60))).isTrue();
                assertThat(b.flush(Duration.ofSeconds(60))).isTrue();
                Result r = verify(storeA, ids);
                long accepted = a.stats().accepted() + b.stats().accepted();
                long dropped = a.stats().dropped() + b.stats().dropped();
                long written = a.stats().written() + b.stats().written();
                assertThat(accepted + dropped).isEqualTo((long) THREADS * perThread);
                assertThat(written).isEqualTo(accepted);
                assertThat(r.events()).isEqualTo(written);
                System.out.printf(
                        "RELIABILITY concurrency-postgres: threads=%d instances=2 records=%d ids=%d accepted=%d"
                                + " dropped=%d written=%d storedEvents=%d transactions=%d mismatches=0"
                                + " writeFailures=%d dbRetries=%d recordAndFlushMs=%d%n",
                        THREADS,
                        (long) THREADS * perThread,
                        ids,
                        accepted,
                        dropped,
                        written,
                        r.events(),
                        r.transactions(),
                        a.stats().writeFailures() + b.stats().writeFailures(),
                        storeA.counters().get("retries") + storeB.counters().get("retries"),
                        millis);
            }
        }
    }

    private static Monitor monitor(Store store, String instance) {
        return Monitor.builder()
                .store(store)
                .instanceId(instance)
                .backgroundJobs(false)
                .queueCapacity(20_000)
                .batchSize(500)
                .overflowPolicy(OverflowPolicy.BLOCK, Duration.ofSeconds(1))
                .writeRetryBackoff(Duration.ofMillis(5), Duration.ofMillis(100))
                .build();
    }

    /** Runs 8 producer threads spread over the monitors; returns how long recording and flushing took. */
    private static long run(List<Monitor> monitors, int perThread, int ids) throws Exception {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Monitor monitor = monitors.get(t % monitors.size());
                SplittableRandom random = new SplittableRandom(1_000 + t);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        monitor.recordTransaction(observation(random, ids));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (Monitor m : monitors) {
            m.flush(Duration.ofSeconds(60));
        }
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    private static Transaction observation(SplittableRandom random, int ids) {
        Transaction.Builder b =
                Transaction.builder("c-" + random.nextInt(ids)).occurredAt(T0.plusMillis(random.nextInt(3_600_000)));
        int kind = random.nextInt(10);
        if (kind < 8) {
            b.status(STATUSES[random.nextInt(STATUSES.length)]);
        } else if (kind == 8) {
            b.step("step_" + random.nextInt(4));
        }
        if (random.nextInt(3) == 0) {
            b.amount(Money.ofMinor(random.nextInt(100_000), random.nextBoolean() ? "USD" : "EUR"));
        }
        if (random.nextInt(4) == 0) {
            b.provider(random.nextBoolean() ? "paypal" : "stripe");
        }
        if (random.nextInt(5) == 0) {
            b.error("E" + random.nextInt(5), "declined " + random.nextInt(10));
        }
        if (random.nextInt(6) == 0) {
            b.attempt(1 + random.nextInt(5));
        }
        if (random.nextInt(8) == 0) {
            b.metadata("k" + random.nextInt(4), random.nextInt(100));
        }
        return b.build();
    }

    private record Result(long transactions, long events) {}

    /** Every stored transaction equals TransactionMerge replayed over its timeline in sequence order. */
    private static Result verify(Store store, int ids) {
        long events = 0;
        long transactions = 0;
        for (int i = 0; i < ids; i++) {
            var found = store.transaction("c-" + i);
            if (found.isEmpty()) {
                continue;
            }
            StoredTransaction stored = found.get();
            List<TransactionEvent> bySequence = stored.timeline().stream()
                    .sorted(Comparator.comparingLong(TransactionEvent::sequence))
                    .toList();
            assertThat(bySequence)
                    .extracting(TransactionEvent::sequence)
                    .as("sequences of %s without gaps", stored.id())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, stored.eventCount())
                            .boxed()
                            .toList());
            StoredTransaction expected = null;
            for (TransactionEvent ev : bySequence) {
                expected = TransactionMerge.apply(expected, ev.observation(), ev.recordedAt());
            }
            assertThat(stored.withoutTimeline()).as(stored.id()).isEqualTo(expected);
            events += stored.eventCount();
            transactions++;
        }
        return new Result(transactions, events);
    }
}
