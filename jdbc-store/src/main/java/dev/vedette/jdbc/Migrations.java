package dev.vedette.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Brings a database to the schema this version expects: detects the dialect, then runs the Flyway
 * migrations (shared ones plus the dialect's folder, with a history table of the store's own) or,
 * for teams that run their own, only checks the version and that every table is there.
 */
final class Migrations {
    /** The system property that sets the level of jOOQ's database-version notice. */
    static final String JOOQ_VERSION_NOTICE = "org.jooq.log.org.jooq.impl.DefaultExecuteContext.logVersionSupport";

    private Migrations() {}

    /**
     * Detects the database behind {@code dataSource}, migrates or validates its schema, and returns the
     * plumbing for it. On failure it closes {@code ownedPool}, the pool the store built for itself.
     *
     * @throws IllegalStateException with {@code migrate} false, if the schema is too old or a table is missing
     * @throws StoreException if the database cannot be reached or migrated
     */
    static Sql open(DataSource dataSource, @Nullable HikariDataSource ownedPool, String prefix, boolean migrate) {
        quietJooq();
        try {
            Dialect dialect;
            try (Connection c = dataSource.getConnection()) {
                dialect = Dialect.fromProductName(c.getMetaData().getDatabaseProductName());
            }
            Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                    .loggers(FlywayLogs.class.getName())
                    .dataSource(dataSource)
                    .table(prefix + "schema_history")
                    .locations("classpath:db/vedette/common", "classpath:db/vedette/" + dialect.folder)
                    .placeholders(dialect.placeholders(prefix))
                    .javaMigrations(new FigureBackfill(dialect, prefix))
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load();
            Sql sql = new Sql(dataSource, ownedPool, dialect, new Schema(prefix));
            if (migrate) {
                flyway.migrate();
            } else {
                validate(flyway, sql, prefix);
            }
            return sql;
        } catch (SQLException | RuntimeException e) {
            if (ownedPool != null) {
                ownedPool.close();
            }
            if (e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
                throw (RuntimeException) e;
            }
            throw new StoreException("JdbcStore could not start: " + e.getMessage(), e);
        }
    }

    /**
     * Turns off jOOQ's logo and tips, and its version notice: jOOQ's open-source dialects target the
     * newest server versions and WARN "Version mismatch" on older ones, such as PostgreSQL 15 and
     * MariaDB 10.11, where Vedette's SQL is tested. The system properties are jOOQ's own switches; a
     * value the host set wins.
     */
    private static void quietJooq() {
        if (System.getProperty("org.jooq.no-logo") == null) {
            System.setProperty("org.jooq.no-logo", "true");
        }
        if (System.getProperty("org.jooq.no-tips") == null) {
            System.setProperty("org.jooq.no-tips", "true");
        }
        try {
            System.getProperties().putIfAbsent(JOOQ_VERSION_NOTICE, "ERROR");
        } catch (SecurityException e) {
            // the notice stays; nothing else depends on it
        }
    }

    private static void validate(Flyway flyway, Sql sql, String prefix) {
        MigrationInfo current = flyway.info().current();
        if (current != null
                && current.getVersion() != null
                && current.getVersion().compareTo(MigrationVersion.fromVersion(Schema.VERSION)) < 0) {
            throw new IllegalStateException("Vedette schema is at version " + current.getVersion()
                    + " but this JdbcStore expects version " + Schema.VERSION
                    + ": run the migrations in db/vedette/ or build with migrate(true)");
        }
        for (Schema.Named t : sql.schema().all()) {
            try {
                sql.read(
                        "validate schema",
                        ctx -> ctx.selectOne()
                                .from(t.table)
                                .where(DSL.falseCondition())
                                .fetch());
            } catch (StoreException e) {
                throw new IllegalStateException(
                        "Vedette table " + t.tableName + " is missing (expected schema version "
                                + Schema.VERSION + " with table prefix '" + prefix
                                + "'): run the migrations in db/vedette/ or build with migrate(true)",
                        e);
            }
        }
    }
}
