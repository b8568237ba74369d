package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link QueryPlanTest} on MariaDB, with {@code ANALYZE SELECT} (its rows read are {@code r_rows}).
 * Free text has no index here (FULLTEXT matches words, not substrings): the query reads the list's
 * index in order until the page is full.
 */
class MariaDbQueryPlanTest extends QueryPlanTest {
    private static final Pattern READ = Pattern.compile("r_rows=([0-9.]+)");

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }

    @Override
    String numbers(int count) {
        return "SELECT CAST(seq AS SIGNED) AS n FROM seq_1_to_" + count;
    }

    @Override
    Plan explain(Connection c, Captured statement) throws SQLException {
        try (PreparedStatement ps = prepare(c, "ANALYZE ", statement);
                ResultSet rs = ps.executeQuery()) {
            List<String> lines = lines(rs);
            long read = 0;
            for (String line : lines) {
                Matcher m = READ.matcher(line);
                if (m.find()) {
                    read += (long) Double.parseDouble(m.group(1));
                }
            }
            return new Plan(String.join("\n", lines), read);
        }
    }

    @Override
    boolean usesIndex(Plan plan, String index) {
        return plan.text().contains("key=vedette_" + index + " ");
    }

    @Override
    void assertFreeText(Plan plan) {
        assertThat(usesIndex(plan, "tx_created")).as(plan.text()).isTrue();
    }
}
