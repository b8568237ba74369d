package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.TransactionQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The transaction search is planned for its values on every call, also through a host's pool with
 * pgjdbc's defaults: the statement never becomes a server-prepared statement, which PostgreSQL could
 * run with one generic plan for every {@code q}. The host pool has two connections, so each statement
 * run 12 times ran at least 6 times on one of them (pgjdbc prepares from the fifth); {@code
 * pg_prepared_statements} of both sessions lists what pgjdbc prepared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresPlanPerCallTest {
    private TestDatabase db;
    private HikariDataSource hostPool;

    @BeforeAll
    void create() {
        db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
        hostPool = db.newPool(2);
    }

    @AfterAll
    void drop() {
        if (hostPool != null) {
            hostPool.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void searchesAreNeverPreparedOnTheServerButOtherReadsAre() throws SQLException {
        try (JdbcStore store = JdbcStore.builder().dataSource(hostPool).build()) {
            for (int i = 0; i < 12; i++) {
                String q = i % 2 == 0 ? "zebra" : "card_declined";
                store.searchTransactions(
                        TransactionQuery.builder().text(q).limit(50).build());
                store.searchTransactions(TransactionQuery.builder()
                        .status(TransactionStatus.PENDING)
                        .limit(50)
                        .build());
            }
            // the control: the same number of plain reads of one statement does get prepared
            for (int i = 0; i < 12; i++) {
                int n = i;
                store.sql()
                        .read(
                                "control",
                                ctx -> ctx.selectCount()
                                        .from(DSL.table("vedette_transactions"))
                                        .where(DSL.field("status_code").eq("S" + n))
                                        .fetchOne(0, int.class));
            }
        }
        List<String> prepared = prepared();
        assertThat(prepared).anyMatch(s -> s.contains("count(*)"));
        assertThat(prepared)
                .as("server-prepared statements on the store's table")
                .noneMatch(s -> s.contains("order by") && s.contains("vedette_transactions"));
    }

    private List<String> prepared() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c1 = hostPool.getConnection();
                Connection c2 = hostPool.getConnection()) {
            for (Connection c : List.of(c1, c2)) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT lower(statement) FROM pg_prepared_statements")) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        }
        return out;
    }
}
