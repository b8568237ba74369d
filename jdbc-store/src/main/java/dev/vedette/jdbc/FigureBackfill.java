package dev.vedette.jdbc;

import static org.jooq.impl.DSL.row;

import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record7;
import org.jooq.Result;
import org.jooq.impl.DSL;

/**
 * Migration 5.1: fills the figure rollups of V5 from the transactions already stored, with the same
 * {@link FigureDelta} and {@link FigureRollups} the write path uses (the customer sketches need the
 * JVM's hash, which no SQL dialect has). Reads the transactions in keyset pages of {@value #PAGE} in
 * {@code (created_at, id)} order, inside Flyway's transaction for the migration; on PostgreSQL it
 * then analyzes the new tables.
 */
final class FigureBackfill implements JavaMigration {
    static final int PAGE = 20_000;

    private final Dialect dialect;
    private final String prefix;

    FigureBackfill(Dialect dialect, String prefix) {
        this.dialect = dialect;
        this.prefix = prefix;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5.1");
    }

    @Override
    public String getDescription() {
        return "figure rollups backfill";
    }

    @Override
    public Integer getChecksum() {
        return 51;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        DSLContext ctx = DSL.using(context.getConnection(), dialect.sql, Sql.SETTINGS);
        Schema s = new Schema(prefix);
        Schema.Tx t = s.tx;
        SketchCache cache = new SketchCache();
        FigureRollups rollups = new FigureRollups(s, dialect, cache);
        Long afterAt = null;
        String afterId = null;
        while (true) {
            Condition c = t.eventCount.gt(0);
            if (afterAt != null) {
                c = c.and(row(t.createdAt, t.id).gt(afterAt, afterId));
            }
            Result<Record7<Long, String, String, String, String, String, String>> page = ctx.select(
                            t.createdAt, t.id, t.statusKind, t.errorCode, t.errorMessage, t.customerEmail, t.steps)
                    .from(t.table)
                    .where(c)
                    .orderBy(t.createdAt, t.id)
                    .limit(PAGE)
                    .fetch();
            if (page.isEmpty()) {
                if (dialect == Dialect.POSTGRES) {
                    // the tables are new: without statistics the planner sorts a long range's registers
                    // on disk instead of hashing them
                    ctx.execute("ANALYZE " + s.failureRollups.tableName);
                    ctx.execute("ANALYZE " + s.stepRollups.tableName);
                    ctx.execute("ANALYZE " + s.sketches.tableName);
                }
                return;
            }
            FigureDelta delta = new FigureDelta();
            for (Record7<Long, String, String, String, String, String, String> r : page) {
                String json = r.value7();
                Set<String> steps = json == null || json.equals("[]") ? Set.of() : JsonCodec.readSteps(json);
                delta.move(
                        null,
                        FigureDelta.Contribution.of(
                                r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), steps, r.value6()));
            }
            SketchCache.Pending pending = new SketchCache.Pending();
            rollups.apply(ctx, delta, pending);
            // one transaction: what it wrote is what its later pages read
            cache.remember(pending);
            Record7<Long, String, String, String, String, String, String> last = page.get(page.size() - 1);
            afterAt = last.value1();
            afterId = last.value2();
        }
    }
}
