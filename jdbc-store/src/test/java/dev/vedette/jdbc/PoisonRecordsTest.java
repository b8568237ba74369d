package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.MonitorBuilder;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.QuarantinedRecord;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.test.TestClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records the database refuses never stall the writer: keys it cannot tell apart are rejected at the
 * API, and what it refuses anyway is isolated from its batch and quarantined while the rest is written.
 */
class PoisonRecordsTest {
    private static final Instant NOW = Instant.parse("2026-05-04T12:00:00Z");

    /** The outcome of inserting two keys into a key column declared as the store declares its keys. */
    private enum Pair {
        DISTINCT,
        COLLIDE
    }

    private static Pair insertBoth(TestDatabase db, String first, String second) throws SQLException {
        Map<String, String> p = dialect(db.kind).placeholders("probe_");
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS probe_keys");
            st.execute("CREATE TABLE probe_keys (id VARCHAR(128)" + p.get("keycollate") + " NOT NULL PRIMARY KEY)"
                    + p.get("tableopts"));
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO probe_keys (id) VALUES (?)")) {
                insert.setString(1, first);
                insert.executeUpdate();
                insert.setString(1, second);
                try {
                    insert.executeUpdate();
                    return Pair.DISTINCT;
                } catch (SQLException duplicate) {
                    assertThat(duplicate.getSQLState()).startsWith("23");
                    return Pair.COLLIDE;
                }
            }
        }
    }

    private static Dialect dialect(TestDatabase.Kind kind) {
        return switch (kind) {
            case H2 -> Dialect.H2;
            case POSTGRES -> Dialect.POSTGRES;
            case MARIADB -> Dialect.MARIADB;
        };
    }

    /** A monitor on the database whose writer takes up to 10,000 records in one batch. */
    private static Monitor monitor(TestDatabase db) {
        JdbcStore store = JdbcStore.builder().dataSource(db.dataSource()).build();
        MonitorBuilder oneBigBatch =
                Monitor.builder().batchSize(10_000).queueCapacity(20_000).maxBatchDelay(Duration.ofSeconds(30));
        return oneBigBatch
                .store(store)
                .clock(new TestClock(NOW))
                .writeRetryBackoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .backgroundJobs(false)
                .build();
    }

    private static Transaction tx(String id) {
        return Transaction.builder(id).status(TransactionStatus.COMPLETED).build();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theCollisionPairsAreWhatEachDatabaseMakesOfThemAndTheApiRejectsThem(TestDatabase.Kind kind)
            throws SQLException {
        try (TestDatabase db = TestDatabase.create(kind)) {
            // what the databases do with the store's own key declaration
            Pair pad = insertBoth(db, "pad", "pad ");
            Pair surrogates = insertBoth(db, "id-\uD800", "id-\uDBFF");
            assertThat(pad)
                    .as("'pad' and 'pad ' on " + kind)
                    .isEqualTo(
                            kind == TestDatabase.Kind.MARIADB
                                    ? Pair.COLLIDE // utf8mb4_bin is a PAD SPACE collation
                                    : Pair.DISTINCT);
            assertThat(surrogates)
                    .as("lone surrogates on " + kind)
                    .isEqualTo(kind == TestDatabase.Kind.H2 ? Pair.DISTINCT : Pair.COLLIDE); // the drivers send '?'

            // so the API refuses the second of each pair, and recording goes on
            try (Monitor m = monitor(db)) {
                m.recordTransaction(tx("pad"));
                assertThatThrownBy(() -> tx("pad "))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("id must not end with a space");
                assertThatThrownBy(() -> tx("id-\uD800"))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("id must not contain a lone UTF-16 surrogate");
                m.recordTransaction(tx("later"));

                assertThat(m.flush(Duration.ofSeconds(20))).isTrue();
                assertThat(m.transactions().get("pad")).isPresent();
                assertThat(m.transactions().get("later")).isPresent();
                assertThat(m.stats().writeFailures()).isZero();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aBatchOfTenThousandWithThreeRecordsTheDatabaseRefusesWritesTheRestAndGoesOn(TestDatabase.Kind kind)
            throws SQLException {
        try (TestDatabase db = TestDatabase.create(kind);
                Monitor m = monitor(db)) {
            // a team that manages its own schema added a rule the API cannot know about
            try (Connection c = db.dataSource().getConnection();
                    Statement st = c.createStatement()) {
                st.execute("ALTER TABLE vedette_transactions ADD CONSTRAINT no_test_ids CHECK (id NOT LIKE 'test-%')");
            }
            for (int i = 0; i < 10_000; i++) {
                m.recordTransaction(tx(i == 17 || i == 5_000 || i == 9_999 ? "test-" + i : "t-" + i));
            }
            assertThat(m.flush(Duration.ofSeconds(120))).isTrue();

            MonitorStats stats = m.stats();
            assertThat(stats.written()).isEqualTo(9_997);
            assertThat(stats.quarantined()).isEqualTo(3);
            assertThat(m.errors().quarantine())
                    .extracting(QuarantinedRecord::id)
                    .containsExactly("test-9999", "test-5000", "test-17");
            assertThat(m.errors().quarantine())
                    .allSatisfy(q -> assertThat(q.reason()).contains("SQLState 23"));
            assertThat(countRows(db)).isEqualTo(9_997);

            m.recordTransaction(tx("after"));
            assertThat(m.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(m.transactions().get("after")).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void timesAndDurationsBeyondWhatTheStoreCanHoldAreQuarantinedNotRetriedForever(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind);
                Monitor m = monitor(db)) {
            m.recordTransaction(tx("before"));
            m.recordTransaction(Transaction.builder("far-future")
                    .status(TransactionStatus.PENDING)
                    .occurredAt(Instant.parse("2300-01-01T00:00:00Z"))
                    .build());
            m.recordTransaction(Transaction.builder("endless")
                    .status(TransactionStatus.COMPLETED)
                    .latency(Duration.ofDays(200_000))
                    .build());
            m.recordTransaction(tx("after"));

            assertThat(m.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(m.errors().quarantine())
                    .extracting(QuarantinedRecord::id)
                    .containsExactlyInAnyOrder("far-future", "endless");
            assertThat(m.transactions().get("before")).isPresent();
            assertThat(m.transactions().get("after")).isPresent();
            assertThat(m.stats().written()).isEqualTo(2);
        }
    }

    private static long countRows(TestDatabase db) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM vedette_transactions")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
