package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.store.TransactionQuery;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * On PostgreSQL, a role that may not create extensions still migrates: V4 goes on without the trigram
 * indexes, and the free-text filter works by scanning. Runs in a database of its own (extensions are
 * per database), as a role with a schema of its own but no {@code CREATE} on the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTrigramFallbackTest {
    private static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final String name =
            "vt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private String base;

    @BeforeAll
    void create() throws SQLException {
        // a reachable server is checked (and the test skipped, or failed on CI) the usual way
        TestDatabase.create(TestDatabase.Kind.POSTGRES).close();
        base = ADMIN.replaceFirst("/test\\?.*", "/");
        admin(ADMIN, "CREATE ROLE " + name + " LOGIN");
        admin(ADMIN, "CREATE DATABASE " + name);
        admin(base + name + "?user=postgres", "CREATE SCHEMA app AUTHORIZATION " + name);
    }

    @AfterAll
    void drop() throws SQLException {
        admin(ADMIN, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        admin(ADMIN, "DROP ROLE IF EXISTS " + name);
    }

    @Test
    void withoutTheExtensionTheMigrationCompletesAndFreeTextScans() throws SQLException {
        String url = base + name + "?user=" + name + "&currentSchema=app";
        try (JdbcStore store = JdbcStore.builder().jdbcUrl(url).build()) {
            assertThat(store.searchTransactions(
                                    TransactionQuery.builder().text("zebra").build())
                            .items())
                    .isEmpty();
        }
        List<String> indexes = new ArrayList<>();
        List<String> extensions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(base + name + "?user=postgres");
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = 'app' AND tablename = 'vedette_transactions'")) {
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT extname FROM pg_extension")) {
                while (rs.next()) {
                    extensions.add(rs.getString(1));
                }
            }
        }
        assertThat(extensions).doesNotContain("pg_trgm");
        assertThat(indexes)
                .contains("vedette_tx_email_lower", "vedette_tx_status", "vedette_tx_provider", "vedette_tx_method")
                .doesNotContain("vedette_tx_error_code_trgm", "vedette_tx_error_message_trgm");
    }

    private static void admin(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
