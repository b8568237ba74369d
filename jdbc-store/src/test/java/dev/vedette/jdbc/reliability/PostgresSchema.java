package dev.vedette.jdbc.reliability;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh PostgreSQL schema {@code vr_<random>} for one test, dropped on {@link #close()}. Same rules
 * as {@code dev.vedette.jdbc.TestDatabase} (package-private there, hence this copy): the server URL
 * comes from {@code VEDETTE_TEST_POSTGRES_URL} or {@code -Dvedette.test.postgres.url}, else the
 * local default; an unreachable server skips the test, or fails it when {@code CI=true}.
 */
final class PostgresSchema implements AutoCloseable {
    private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    final String name;
    /** JDBC URL of the schema, usable from another JVM. */
    final String url;

    private final String adminUrl;

    private PostgresSchema(String name, String url, String adminUrl) {
        this.name = name;
        this.url = url;
        this.adminUrl = adminUrl;
    }

    static PostgresSchema create() {
        String base = configured();
        String name = "vr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(base, "CREATE SCHEMA " + name);
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name + "&reWriteBatchedInserts=true";
        return new PostgresSchema(name, url, base);
    }

    /** A new pool on the schema; the caller closes it. */
    HikariDataSource newPool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setPoolName("rel-" + UUID.randomUUID().toString().substring(0, 6));
        return new HikariDataSource(config);
    }

    /** Runs a query returning one number. */
    long queryLong(String sql) {
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        execute(adminUrl, "DROP SCHEMA " + name + " CASCADE");
    }

    private static String configured() {
        String value = System.getenv("VEDETTE_TEST_POSTGRES_URL");
        if (value == null || value.isBlank()) {
            value = System.getProperty("vedette.test.postgres.url");
        }
        if (value == null || value.isBlank() || value.startsWith("${")) {
            value = DEFAULT_URL;
        }
        return value;
    }

    private static void execute(String url, String sql) {
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            String reason = "postgres is not reachable at " + url.replaceAll("password=[^&]*", "password=***") + ": "
                    + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason, e);
            }
            System.err.println("Skipping: " + reason);
            Assumptions.abort(reason);
        }
    }
}
