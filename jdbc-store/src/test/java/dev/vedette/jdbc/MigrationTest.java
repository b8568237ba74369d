package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.WriteBatch;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationTest {

    /** Versions applied by migrations (a baseline row "0" marks a schema that held other tables). */
    private static List<String> appliedVersions(TestDatabase db, String historyTable) throws SQLException {
        List<String> versions = new ArrayList<>();
        // Flyway quotes its history table's names: lower case on H2, where unquoted names are upper case.
        String q = db.kind == TestDatabase.Kind.H2 ? "\"" : "";
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + q + "version" + q + " FROM " + q + historyTable + q
                        + " ORDER BY " + q + "installed_rank" + q)) {
            while (rs.next()) {
                if (rs.getString(1) != null && !rs.getString(1).equals("0")) {
                    versions.add(rs.getString(1));
                }
            }
        }
        return versions;
    }

    private static Transaction txn(String id) {
        return Transaction.builder(id)
                .status(TransactionStatus.COMPLETED)
                .occurredAt(Instant.parse("2026-03-01T10:00:00Z"))
                .build();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void migratesFromEmptyAndRerunsIdempotently(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase db = TestDatabase.create(kind)) {
            try (JdbcStore store =
                    JdbcStore.builder().dataSource(db.dataSource()).build()) {
                store.write(WriteBatch.ofTransactions(List.of(txn("t1"))));
            }
            try (JdbcStore again =
                    JdbcStore.builder().dataSource(db.dataSource()).build()) {
                assertThat(again.transaction("t1")).isPresent();
            }
            assertThat(appliedVersions(db, "vedette_schema_history"))
                    .containsExactly("1", "2", "3", "4", Schema.VERSION);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void tablePrefixesKeepStoresApart(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase db = TestDatabase.create(kind);
                JdbcStore a = JdbcStore.builder()
                        .dataSource(db.dataSource())
                        .tablePrefix("shop_a_")
                        .build();
                JdbcStore b = JdbcStore.builder()
                        .dataSource(db.dataSource())
                        .tablePrefix("shop_b_")
                        .build()) {
            a.write(WriteBatch.ofTransactions(List.of(txn("only-in-a"))));

            assertThat(a.transaction("only-in-a")).isPresent();
            assertThat(b.transaction("only-in-a")).isEmpty();
            assertThat(appliedVersions(db, "shop_a_schema_history"))
                    .containsExactly("1", "2", "3", "4", Schema.VERSION);
            assertThat(appliedVersions(db, "shop_b_schema_history"))
                    .containsExactly("1", "2", "3", "4", Schema.VERSION);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void skippingMigrationOnAMissingSchemaFailsNamingTheTableAndVersion(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertThatThrownBy(() -> JdbcStore.builder()
                            .dataSource(db.dataSource())
                            .migrate(false)
                            .build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Vedette table vedette_")
                    .hasMessageContaining("is missing")
                    .hasMessageContaining("schema version " + Schema.VERSION);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void skippingMigrationOnAMigratedSchemaValidatesAndWorks(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            JdbcStore.builder()
                    .dataSource(db.dataSource())
                    .tablePrefix("own_")
                    .build()
                    .close();
            try (JdbcStore store = JdbcStore.builder()
                    .dataSource(db.dataSource())
                    .tablePrefix("own_")
                    .migrate(false)
                    .build()) {
                store.write(WriteBatch.ofTransactions(List.of(txn("t1"))));
                assertThat(store.transaction("t1")).isPresent();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void urlBuildsAPoolOfItsOwnAndDetectsTheDatabase(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            JdbcStore store = JdbcStore.builder().jdbcUrl(db.url).build();
            store.write(WriteBatch.ofTransactions(List.of(txn("t1"))));
            assertThat(store.transaction("t1")).isPresent();
            assertThat(store.databaseType()).isIn(kind.name(), "MYSQL");
            store.close();
            store.close();
        }
    }

    @Test
    void tablePrefixIsValidatedWithTheBadValueInTheMessage() {
        assertThatThrownBy(() -> JdbcStore.builder().tablePrefix("Shop-"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tablePrefix must match [a-z_][a-z0-9_]{0,20}, was 'Shop-'");
        assertThatThrownBy(() -> JdbcStore.builder().tablePrefix("a".repeat(22)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildNeedsADataSourceOrAUrl() {
        assertThatThrownBy(() -> JdbcStore.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("JdbcStore needs a dataSource(...) or a jdbcUrl(...)");
    }
}
