package dev.vedette.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.test.FaultProxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database for one test class: an H2 in-memory database, a PostgreSQL schema or a
 * MariaDB database named {@code vt_<random>}, dropped on {@link #close()}. Server URLs come from
 * {@code VEDETTE_TEST_POSTGRES_URL} / {@code VEDETTE_TEST_MARIADB_URL} or the system properties {@code
 * vedette.test.postgres.url} / {@code vedette.test.mariadb.url}, with the local defaults. An
 * unreachable server skips the test, or fails it when {@code CI=true}.
 */
final class TestDatabase implements AutoCloseable {
    enum Kind {
        H2,
        POSTGRES,
        MARIADB
    }

    private static final String POSTGRES_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String MARIADB_DEFAULT = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

    final Kind kind;
    final String name;
    final String url;
    private final String adminUrl;
    private final HikariDataSource pool;

    private TestDatabase(Kind kind, String name, String url, String adminUrl) {
        this.kind = kind;
        this.name = name;
        this.url = url;
        this.adminUrl = adminUrl;
        this.pool = newPool(url, 10);
    }

    /** Creates a fresh database of this kind, or skips (fails on CI) when the server is unreachable. */
    static TestDatabase create(Kind kind) {
        String name = "vt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return switch (kind) {
            case H2 -> new TestDatabase(kind, name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "");
            case POSTGRES -> {
                String base = configured("VEDETTE_TEST_POSTGRES_URL", "vedette.test.postgres.url", POSTGRES_DEFAULT);
                execute(kind, base, "CREATE SCHEMA " + name);
                yield new TestDatabase(
                        kind, name, withParams(base, "currentSchema=" + name + "&reWriteBatchedInserts=true"), base);
            }
            case MARIADB -> {
                String base = configured("VEDETTE_TEST_MARIADB_URL", "vedette.test.mariadb.url", MARIADB_DEFAULT);
                execute(kind, base, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                String url = base.replaceFirst("^(jdbc:[a-z]+://[^/?]+)(/[^?]*)?", "$1/" + name);
                yield new TestDatabase(kind, name, withParams(url, "rewriteBatchedStatements=true"), base);
            }
        };
    }

    DataSource dataSource() {
        return pool;
    }

    /** A second, independent pool on the same database, as another application instance would have. */
    HikariDataSource newPool(int size) {
        return newPool(url, size);
    }

    private static HikariDataSource newPool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(size);
        config.setPoolName("test-" + UUID.randomUUID().toString().substring(0, 6));
        return new HikariDataSource(config);
    }

    /**
     * A small pool on this database that connects through {@code proxy}, with driver and pool
     * timeouts short enough that a cut or stalled connection fails a call within about {@code
     * timeout} instead of hanging.
     */
    HikariDataSource poolThrough(FaultProxy proxy, Duration timeout) {
        long seconds = Math.max(1, timeout.toSeconds());
        String params = switch (kind) {
            case POSTGRES -> "connectTimeout=" + seconds + "&socketTimeout=" + seconds;
            case MARIADB -> "connectTimeout=" + timeout.toMillis() + "&socketTimeout=" + timeout.toMillis();
            case H2 -> throw new IllegalStateException("an in-memory H2 database has no connection to cut");
        };
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(withParams(proxy.rewrite(url), params));
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(timeout.toMillis());
        config.setValidationTimeout(Math.min(timeout.toMillis(), 1_000));
        config.setPoolName("proxied-" + UUID.randomUUID().toString().substring(0, 6));
        return new HikariDataSource(config);
    }

    /** Deletes every row from the store's tables, leaving the schema in place. */
    void clear(String prefix) {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            for (Schema.Named t : new Schema(prefix).all()) {
                st.executeUpdate("DELETE FROM " + t.tableName);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not clear " + name, e);
        }
    }

    @Override
    public void close() {
        pool.close();
        switch (kind) {
            case H2 -> execute(kind, url, "SHUTDOWN");
            case POSTGRES -> execute(kind, adminUrl, "DROP SCHEMA " + name + " CASCADE");
            case MARIADB -> execute(kind, adminUrl, "DROP DATABASE " + name);
        }
    }

    private static String configured(String env, String property, String fallback) {
        String value = System.getenv(env);
        if (value == null || value.isBlank()) {
            value = System.getProperty(property);
        }
        if (value == null || value.isBlank() || value.startsWith("${")) {
            value = fallback;
        }
        return value;
    }

    private static String withParams(String url, String params) {
        return url + (url.contains("?") ? "&" : "?") + params;
    }

    private static void execute(Kind kind, String url, String sql) {
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(url);
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            String reason = kind.name().toLowerCase(Locale.ROOT) + " is not reachable at "
                    + url.replaceAll("password=[^&]*", "password=***") + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason, e);
            }
            System.err.println("Skipping: " + reason);
            Assumptions.abort(reason);
        }
    }
}
