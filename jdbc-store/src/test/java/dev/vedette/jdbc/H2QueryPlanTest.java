package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link QueryPlanTest} on H2, with {@code EXPLAIN ANALYZE} (its rows read are the {@code scanCount}).
 * Free text has no index on H2: the query reads the list's index in order until the page is full. H2
 * reads a filter's index (status, provider, method) by its value but does not walk it in the list's
 * order: a filtered page reads every row with that value up to the cursor, then sorts them.
 */
class H2QueryPlanTest extends QueryPlanTest {
    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }

    @Override
    String numbers(int count) {
        return "SELECT X AS n FROM SYSTEM_RANGE(1, " + count + ")";
    }

    @Override
    long filteredReadLimit(int matching) {
        return matching + 2;
    }

    @Override
    Plan explain(Connection c, Captured statement) throws SQLException {
        try (PreparedStatement ps = prepare(c, "EXPLAIN ANALYZE ", statement);
                ResultSet rs = ps.executeQuery()) {
            String text = String.join("\n", lines(rs));
            long read = 0;
            Matcher m = SCAN_COUNT.matcher(text);
            while (m.find()) {
                read += Long.parseLong(m.group(1));
            }
            return new Plan(text, read);
        }
    }

    @Override
    boolean usesIndex(Plan plan, String index) {
        return plan.text().toUpperCase(Locale.ROOT).contains("PUBLIC.VEDETTE_" + index.toUpperCase(Locale.ROOT));
    }

    @Override
    void assertFreeText(Plan plan) {
        assertThat(usesIndex(plan, "tx_created")).as(plan.text()).isTrue();
    }
}
