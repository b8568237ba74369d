package dev.vedette.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.Monitor;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Reliability scenario 1: the database goes away while the host keeps recording. The writer holds
 * its batch and retries with backoff, the bounded queue fills and then drops (counted, never
 * silently), and everything accepted reaches PostgreSQL once the database is back.
 */
class DatabaseOutageTest {
    private static final int CAPACITY = 1_000;
    private static final int BEFORE = 2_000;
    private static final int DURING = 3 * CAPACITY;
    private static final int AFTER = 500;

    private static Transaction txn(String id, int i) {
        return Transaction.builder(id)
                .status(i % 7 == 0 ? TransactionStatus.FAILED : TransactionStatus.COMPLETED)
                .amount(dev.vedette.model.Money.ofMinor(100 + i, "USD"))
                .provider(i % 2 == 0 ? "stripe" : "paypal")
                .build();
    }

    private static Monitor monitor(JdbcStore store) {
        return Monitor.builder()
                .store(store)
                .backgroundJobs(false)
                .queueCapacity(CAPACITY)
                .batchSize(200)
                .maxBatchDelay(Duration.ofMillis(10))
                .writeRetryBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
                .build();
    }

    @Test
    void outageMidStreamLosesNothingAcceptedAndDropsExactlyWhatTheQueueCouldNotHold() throws Exception {
        try (PostgresSchema db = PostgresSchema.create();
                HikariDataSource pool = db.newPool(4)) {
            SwitchableDataSource ds = new SwitchableDataSource(pool);
            Monitor monitor = monitor(JdbcStore.builder().dataSource(ds).build());
            try {
                Set<String> expected = new HashSet<>();
                long offered = 0;

                // 1. a healthy stream, in chunks the queue can hold
                for (int i = 0; i < BEFORE; i++) {
                    monitor.recordTransaction(txn("before-" + i, i));
                    expected.add("before-" + i);
                    offered++;
                    if (i % 500 == 499) {
                        assertThat(monitor.flush(Duration.ofSeconds(30))).isTrue();
                    }
                }
                assertThat(monitor.stats().dropped()).isZero();

                // 2. the database goes away; the writer takes one record and starts failing on it
                ds.outage(true);
                monitor.recordTransaction(txn("held", 0));
                expected.add("held");
                offered++;
                assertThat(Waits.until(
                                Duration.ofSeconds(10), () -> monitor.stats().writeFailures() >= 3))
                        .as("writer retries against the dead database")
                        .isTrue();
                assertThat(monitor.stats().queueDepth()).isZero();

                // 3. the host keeps recording: the queue fills to its bound, the rest is dropped
                for (int i = 0; i < DURING; i++) {
                    monitor.recordTransaction(txn("during-" + i, i));
                    offered++;
                    if (i < CAPACITY) {
                        expected.add("during-" + i);
                    }
                }
                MonitorStats inOutage = monitor.stats();
                assertThat(inOutage.queueDepth()).isEqualTo(CAPACITY);
                assertThat(inOutage.dropped()).isEqualTo(DURING - CAPACITY);
                assertThat(monitor.flush(Duration.ofMillis(200)))
                        .as("nothing can be flushed while the database is down")
                        .isFalse();

                // 4. the database comes back
                ds.outage(false);
                assertThat(monitor.flush(Duration.ofSeconds(30))).isTrue();
                assertThat(storedIds(pool)).isEqualTo(expected);

                // 5. the writer survived: later records are written too
                for (int i = 0; i < AFTER; i++) {
                    monitor.recordTransaction(txn("after-" + i, i));
                    expected.add("after-" + i);
                    offered++;
                }
                assertThat(monitor.flush(Duration.ofSeconds(30))).isTrue();

                MonitorStats s = monitor.stats();
                Set<String> stored = storedIds(pool);
                assertThat(stored).isEqualTo(expected);
                assertThat(s.accepted() + s.dropped()).isEqualTo(offered);
                assertThat(s.dropped()).isEqualTo(DURING - CAPACITY);
                assertThat(s.written()).isEqualTo(s.accepted());
                assertThat((long) stored.size()).isEqualTo(s.accepted());
                assertThat(s.writeFailures()).isPositive();
                System.out.printf(
                        "RELIABILITY db-outage: offered=%d accepted=%d dropped=%d stored=%d writeFailures=%d"
                                + " refusedConnections=%d queueCapacity=%d lost=%d%n",
                        offered,
                        s.accepted(),
                        s.dropped(),
                        stored.size(),
                        s.writeFailures(),
                        ds.refused(),
                        CAPACITY,
                        s.accepted() - stored.size());
            } finally {
                monitor.close();
            }
        }
    }

    @Test
    void flappingDatabaseUnderAContinuousStreamKeepsTheBooksBalanced() throws Exception {
        int total = 12_000;
        int[][] outages = {{2_000, 4_000}, {6_000, 8_500}, {10_000, 11_000}};
        try (PostgresSchema db = PostgresSchema.create();
                HikariDataSource pool = db.newPool(4)) {
            SwitchableDataSource ds = new SwitchableDataSource(pool);
            Monitor monitor = monitor(JdbcStore.builder().dataSource(ds).build());
            try {
                AtomicLong offered = new AtomicLong();
                Thread producer = Thread.ofPlatform().start(() -> {
                    int next = 0;
                    for (int i = 0; i < total; i++) {
                        if (next < outages.length && i == outages[next][0]) {
                            ds.outage(true);
                        }
                        if (next < outages.length && i == outages[next][1]) {
                            long failures = monitor.stats().writeFailures();
                            // the outage lasts until the writer has hit it at least twice more
                            Waits.until(
                                    Duration.ofSeconds(10),
                                    () -> monitor.stats().writeFailures() >= failures + 2);
                            ds.outage(false);
                            next++;
                        }
                        if (!ds.isDown() && monitor.stats().queueDepth() >= CAPACITY - 1) {
                            // a host paced by the healthy writer: drops happen only in outages
                            Waits.until(
                                    Duration.ofSeconds(10),
                                    () -> monitor.stats().queueDepth() < CAPACITY / 2);
                        }
                        monitor.recordTransaction(txn("s-" + i, i));
                        offered.incrementAndGet();
                    }
                });
                producer.join(60_000);
                assertThat(producer.isAlive()).isFalse();
                assertThat(monitor.flush(Duration.ofSeconds(30))).isTrue();

                MonitorStats s = monitor.stats();
                long stored = db.queryLong("SELECT count(*) FROM vedette_transactions WHERE event_count > 0");
                assertThat(s.accepted() + s.dropped()).isEqualTo(offered.get()).isEqualTo(total);
                assertThat(s.written()).isEqualTo(s.accepted());
                assertThat(stored).isEqualTo(s.accepted());
                assertThat(s.writeFailures()).isGreaterThanOrEqualTo(2L * outages.length);
                System.out.printf(
                        "RELIABILITY db-flapping: offered=%d accepted=%d dropped=%d stored=%d writeFailures=%d"
                                + " outages=%d refusedConnections=%d lost=%d%n",
                        offered.get(),
                        s.accepted(),
                        s.dropped(),
                        stored,
                        s.writeFailures(),
                        outages.length,
                        ds.refused(),
                        s.accepted() - stored);
            } finally {
                monitor.close();
            }
        }
    }

    private static Set<String> storedIds(HikariDataSource pool) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM vedette_transactions WHERE event_count > 0")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
