package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * JIT compilation is off on the connections of a pool the store builds on PostgreSQL (a JIT-compiled
 * generic plan turned a 0.17 ms search into 31 ms), and left as the host set it on a host's own pool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresJitTest {
    private TestDatabase db;

    @BeforeAll
    void create() {
        db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
    }

    @AfterAll
    void drop() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void everyConnectionOfTheStoresOwnPoolHasJitOff() {
        try (JdbcStore store = JdbcStore.builder().jdbcUrl(db.url).poolSize(3).build()) {
            // three connections held at once: each was set up by the pool
            List<String> seen = store.sql()
                    .read(
                            "hold three connections",
                            ctx -> ctx.connectionResult(c1 -> ctx.connectionResult(
                                    c2 -> ctx.connectionResult(c3 -> List.of(jit(c1), jit(c2), jit(c3))))));
            assertThat(seen).containsExactly("off", "off", "off");
        }
    }

    private static String jit(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW jit")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aHostPoolKeepsItsOwnSetting() throws SQLException {
        String hostSetting;
        try (Connection c = db.dataSource().getConnection()) {
            hostSetting = jit(c);
        }
        try (JdbcStore store = JdbcStore.builder().dataSource(db.dataSource()).build()) {
            String seen = store.sql().read("show jit", ctx -> ctx.connectionResult(PostgresJitTest::jit));
            assertThat(seen).isEqualTo(hostSetting);
        }
    }
}
