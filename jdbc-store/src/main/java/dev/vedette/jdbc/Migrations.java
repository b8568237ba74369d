package dev.vedette.jdbc;

import dev.vedette.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jooq.impl.DSL;

/**
 * Brings a database to the schema this version expects: detects the dialect, then runs the Flyway
 * migrations (shared ones plus the dialect's folder, with a history table of the store's own) or,
 * for teams that run their own, only checks the version and that every table is there.
 */
final class Migrations {
    private Migrations() {}

    /**
     * Detects the database behind {@code dataSource}, migrates or validates its schema, and returns the
     * plumbing for it.
     *
     * @throws IllegalStateException with {@code migrate} false, if the schema is too old or a table is missing
     */
    static Sql open(DataSource dataSource, String prefix, boolean migrate) throws SQLException {
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
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        Sql sql = new Sql(dataSource, dialect, new Schema(prefix));
        if (migrate) {
            flyway.migrate();
        } else {
            validate(flyway, sql, prefix);
        }
        return sql;
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
