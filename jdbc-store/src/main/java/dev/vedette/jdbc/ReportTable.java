package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.atLeastOne;
import static dev.vedette.jdbc.Sql.beyond;
import static dev.vedette.jdbc.Sql.page;
import static org.jooq.impl.DSL.noCondition;

import dev.vedette.internal.Validate;
import dev.vedette.model.Delivery;
import dev.vedette.model.StoredReport;
import dev.vedette.store.Cursor;
import dev.vedette.store.Page;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/**
 * The rendered reports: each is inserted once per kind and period together with its outbox rows (the
 * insert that loses the race on the primary key writes nothing), read by id and listed newest first.
 */
final class ReportTable extends SqlTable {
    private final DeliveryTable deliveries;

    ReportTable(Sql sql, DeliveryTable deliveries) {
        super(sql);
        this.deliveries = deliveries;
    }

    boolean planReport(StoredReport report, List<Delivery> planned) {
        Validate.notNull("report", report);
        Validate.notNull("deliveries", planned);
        Schema.Reports r = s.reports;
        return sql.inTransaction("plan report", ctx -> {
            int inserted = ctx.insertInto(r.table)
                    .set(r.id, report.id())
                    .set(r.kind, report.kind())
                    .set(r.period, report.period())
                    .set(r.subject, report.subject())
                    .set(r.text, report.text())
                    .set(r.html, report.html())
                    .set(r.createdAt, Times.nanos(report.createdAt()))
                    .onConflict(r.id)
                    .doNothing()
                    .execute();
            if (inserted == 0) {
                return false;
            }
            deliveries.insert(ctx, planned);
            return true;
        });
    }

    private StoredReport toReport(Record rec) {
        Schema.Reports r = s.reports;
        return new StoredReport(
                rec.get(r.kind),
                rec.get(r.period),
                rec.get(r.subject),
                rec.get(r.text),
                rec.get(r.html),
                Times.instant(rec.get(r.createdAt)));
    }

    Optional<StoredReport> report(String id) {
        Schema.Reports r = s.reports;
        return sql.read(
                "read report",
                ctx -> ctx.select(r.fields()).from(r.table).where(r.id.eq(id)).fetchOptional(this::toReport));
    }

    Page<StoredReport> reports(int limit, @Nullable String after) {
        atLeastOne("limit", limit);
        Schema.Reports r = s.reports;
        Condition where = noCondition();
        if (after != null) {
            Cursor cur = Cursor.decode(after);
            where = beyond(cur, r.createdAt, r.id, cur.key());
        }
        Condition c = where;
        List<StoredReport> rows = sql.read(
                "read reports",
                ctx -> ctx.select(r.fields())
                        .from(r.table)
                        .where(c)
                        .orderBy(r.createdAt.desc(), r.id.desc())
                        .limit(limit + 1)
                        .fetch(this::toReport));
        return page(rows, limit, x -> new Cursor(x.createdAt(), x.id()));
    }
}
