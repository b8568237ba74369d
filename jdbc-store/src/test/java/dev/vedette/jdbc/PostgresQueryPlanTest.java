package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link QueryPlanTest} on PostgreSQL, with {@code EXPLAIN (ANALYZE)}; free text has trigram GIN indexes. */
class PostgresQueryPlanTest extends QueryPlanTest {
    private static final Pattern ACTUAL_ROWS = Pattern.compile("actual rows=(\\d+)");
    private static final Pattern REMOVED = Pattern.compile("Rows Removed by (?:Filter|Index Recheck): (\\d+)");

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRES;
    }

    @Override
    String numbers(int count) {
        return "SELECT CAST(g AS BIGINT) AS n FROM generate_series(1, " + count + ") g";
    }

    @Override
    Plan explain(Connection c, Captured statement) throws SQLException {
        try (PreparedStatement ps = prepare(c, "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ", statement);
                ResultSet rs = ps.executeQuery()) {
            List<String> lines = lines(rs);
            long read = 0;
            long removed = 0;
            for (String line : lines) {
                Matcher a = ACTUAL_ROWS.matcher(line);
                if (a.find() && line.contains("Scan")) {
                    read = Math.max(read, Long.parseLong(a.group(1)));
                }
                Matcher r = REMOVED.matcher(line);
                if (r.find()) {
                    removed += Long.parseLong(r.group(1));
                }
            }
            return new Plan(String.join("\n", lines), read + removed);
        }
    }

    @Override
    boolean usesIndex(Plan plan, String index) {
        String text = plan.text().toLowerCase(Locale.ROOT);
        return text.contains(" using vedette_" + index + " ") || text.contains(" on vedette_" + index + " ");
    }

    @Override
    void assertFreeText(Plan plan) {
        assertThat(usesIndex(plan, "tx_error_code_trgm")).as(plan.text()).isTrue();
        assertThat(usesIndex(plan, "tx_error_message_trgm")).as(plan.text()).isTrue();
        assertThat(plan.rowsRead()).as(plan.text()).isLessThan(FEW_ROWS);
    }
}
