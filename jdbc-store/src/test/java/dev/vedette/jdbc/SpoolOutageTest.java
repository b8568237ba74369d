package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.Monitor;
import dev.vedette.jdbc.reliability.Waits;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.spool.SpoolSettings;
import dev.vedette.test.FaultProxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overflow spool against real PostgreSQL reached through a {@link FaultProxy}: records given
 * while the proxy is cut, twenty times what the queue holds, all land in the store exactly once
 * after it is restored.
 */
class SpoolOutageTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final int QUEUE = 100;
    private static final int BEFORE = 100;
    private static final int DURING = 2_000;

    @TempDir
    Path spoolDir;

    @Test
    void everyRecordAcceptedDuringACutIsStoredOnceAfterTheStoreIsBack() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
                FaultProxy proxy = FaultProxy.in(db.url);
                HikariDataSource pool = db.poolThrough(proxy, TIMEOUT);
                Monitor m = Monitor.builder()
                        .store(JdbcStore.builder().dataSource(pool).build())
                        .backgroundJobs(false)
                        .queueCapacity(QUEUE)
                        .batchSize(50)
                        .writeRetryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                        .spool(SpoolSettings.builder(spoolDir)
                                .mode(SpoolSettings.Mode.OVERFLOW)
                                .build())
                        .build()) {
            for (int i = 0; i < BEFORE; i++) {
                m.recordTransaction(txn(i));
            }
            assertThat(m.flush(Duration.ofSeconds(10))).isTrue();

            proxy.cut();
            long cutAt = System.nanoTime();
            for (int i = BEFORE; i < BEFORE + DURING; i++) {
                m.recordTransaction(txn(i));
                if (i % 50 == 49) { // about 1,000 records/s; the writer moves the queue into the spool
                    assertThat(Waits.until(
                                    Duration.ofSeconds(5), () -> m.stats().queueDepth() < QUEUE / 2))
                            .isTrue();
                }
            }
            MonitorStats during = m.stats();
            assertThat(during.spooled()).as("spooled while cut").isGreaterThan(QUEUE * 10L);
            assertThat(countStored(db)).isLessThan(BEFORE + DURING);
            long cutMillis = Duration.ofNanos(System.nanoTime() - cutAt).toMillis();

            proxy.restore();
            long restoredAt = System.nanoTime();
            assertThat(m.flush(Duration.ofSeconds(25))).isTrue();
            long drainMillis = Duration.ofNanos(System.nanoTime() - restoredAt).toMillis();

            MonitorStats s = m.stats();
            assertThat(s.accepted()).isEqualTo(BEFORE + DURING);
            assertThat(s.dropped()).isZero();
            assertThat(s.spoolDropped()).isZero();
            assertThat(s.written()).isEqualTo(BEFORE + DURING);
            assertThat(s.replayed()).isEqualTo(s.spooled());
            assertThat(s.writeFailures()).isPositive();
            assertThat(countStored(db)).isEqualTo(BEFORE + DURING);
            assertThat(maxEvents(db)).as("each stored once").isEqualTo(1);
            System.out.printf(
                    "RELIABILITY spool-overflow: queue=%d cutMs=%d recordedDuringCut=%d spooled=%d replayed=%d"
                            + " dropped=%d spoolDropped=%d stored=%d drainAfterRestoreMs=%d writeFailures=%d%n",
                    QUEUE,
                    cutMillis,
                    DURING,
                    s.spooled(),
                    s.replayed(),
                    s.dropped(),
                    s.spoolDropped(),
                    countStored(db),
                    drainMillis,
                    s.writeFailures());
        }
    }

    private static Transaction txn(int i) {
        return Transaction.builder("sp-" + i)
                .status(TransactionStatus.COMPLETED)
                .amount("1.00", "EUR")
                .build();
    }

    static long countStored(TestDatabase db) throws SQLException {
        return queryLong(db, "SELECT count(*) FROM vedette_transactions WHERE id LIKE 'sp-%'");
    }

    static long maxEvents(TestDatabase db) throws SQLException {
        return queryLong(db, "SELECT max(event_count) FROM vedette_transactions WHERE id LIKE 'sp-%'");
    }

    static long queryLong(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
