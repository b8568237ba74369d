package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Checks a database: borrows a connection from the {@link DataSource}, calls {@link
 * Connection#isValid(int)} and, if configured, runs a validation query. DOWN when no connection
 * can be had, the connection is not valid or the query fails; DEGRADED when everything works but
 * took longer than {@link Builder#degradedAbove(Duration) degradedAbove}; UP otherwise.
 *
 * <p>Details: {@code database} (product name and version) and, on SQL errors, {@code sqlState}.
 * Create one with {@link HealthChecks#jdbc(String, DataSource)}.
 */
public final class JdbcCheck extends AbstractCheck {
    /** Default latency above which the database is DEGRADED: 1 s. */
    public static final Duration DEFAULT_DEGRADED_ABOVE = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final @Nullable String validationQuery;
    private final Duration degradedAbove;

    private JdbcCheck(Builder b) {
        super(b);
        this.dataSource = b.dataSource;
        this.validationQuery = b.validationQuery;
        this.degradedAbove = b.degradedAbove;
    }

    /** Runs the check. Never throws for database errors: they become a DOWN report. */
    @Override
    public HealthReport check() {
        long start = System.nanoTime();
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
        HealthReport.Builder report;
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String database = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            if (!connection.isValid(seconds)) {
                return HealthReport.builder(name, HealthStatus.DOWN)
                        .responseTime(CheckSupport.since(start))
                        .message("connection is not valid")
                        .detail("database", database)
                        .build();
            }
            if (validationQuery != null) {
                try (Statement statement = connection.createStatement()) {
                    statement.setQueryTimeout(seconds);
                    statement.execute(validationQuery);
                }
            }
            Duration took = CheckSupport.since(start);
            report = took.compareTo(degradedAbove) > 0
                    ? HealthReport.builder(name, HealthStatus.DEGRADED).message(CheckSupport.slow(took, degradedAbove))
                    : HealthReport.builder(name, HealthStatus.UP);
            report.responseTime(took).detail("database", database);
        } catch (SQLException e) {
            report = HealthReport.builder(name, HealthStatus.DOWN)
                    .responseTime(CheckSupport.since(start))
                    .message(CheckSupport.describe(e));
            if (e.getSQLState() != null) {
                report.detail("sqlState", e.getSQLState());
            }
        }
        return report.build();
    }

    /** Configures a {@link JdbcCheck}. */
    public static final class Builder extends HealthCheckBuilder<Builder> {
        private final DataSource dataSource;
        private @Nullable String validationQuery;
        private Duration degradedAbove = DEFAULT_DEGRADED_ABOVE;

        Builder(String name, DataSource dataSource) {
            super(name);
            this.dataSource = Validate.notNull("dataSource", dataSource);
        }

        /**
         * A query to run after {@link Connection#isValid(int)}, e.g. {@code SELECT 1}; default none.
         * Its result is ignored; an error makes the check DOWN.
         *
         * @throws IllegalArgumentException if blank or longer than 1000 characters
         */
        public Builder validationQuery(String sql) {
            this.validationQuery = Validate.identifier("validationQuery", sql, 1_000);
            return this;
        }

        /**
         * Latency above which a working database is DEGRADED, default {@link
         * #DEFAULT_DEGRADED_ABOVE}. Must be less than the timeout.
         *
         * @throws IllegalArgumentException if null, zero or negative
         */
        public Builder degradedAbove(Duration degradedAbove) {
            this.degradedAbove = Validate.positive("degradedAbove", degradedAbove);
            return this;
        }

        /** @throws IllegalArgumentException if degradedAbove is not less than the timeout */
        @Override
        public JdbcCheck build() {
            CheckSupport.requireBelowTimeout(degradedAbove, timeout);
            return new JdbcCheck(this);
        }
    }
}
