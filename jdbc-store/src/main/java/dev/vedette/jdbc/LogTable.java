package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.beyond;
import static dev.vedette.jdbc.Sql.containsIgnoreCase;
import static dev.vedette.jdbc.Sql.executeBatch;
import static dev.vedette.jdbc.Sql.numericKey;
import static dev.vedette.jdbc.Sql.page;
import static dev.vedette.jdbc.Sql.params;
import static org.jooq.impl.DSL.noCondition;

import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.store.Cursor;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;

/** Log entries: batched inserts and the keyset search. */
final class LogTable extends SqlTable {

    LogTable(Sql sql) {
        super(sql);
    }

    void write(DSLContext ctx, List<LogEntry> logs) {
        if (logs.isEmpty()) {
            return;
        }
        Schema.Logs l = s.logs;
        List<Field<?>> cols = List.of(
                l.level, l.levelRank, l.component, l.message, l.details, l.transactionId, l.customer, l.occurredAt);
        List<Object[]> rows = new ArrayList<>();
        for (LogEntry e : logs) {
            Instant at = e.occurredAt();
            if (at == null) {
                throw new IllegalArgumentException("log entry must be stamped with occurredAt");
            }
            rows.add(new Object[] {
                e.level().name(),
                e.level().ordinal(),
                e.component(),
                e.message(),
                JsonCodec.writeMap(e.details()),
                e.transactionId(),
                e.customer(),
                Times.nanos(at)
            });
        }
        executeBatch(ctx, ctx.insertInto(l.table).columns(cols).values(params(cols)), rows);
    }

    Page<StoredLogEntry> searchLogs(LogQuery q) {
        Schema.Logs l = s.logs;
        Condition c = noCondition();
        if (q.minLevel() != null) {
            c = c.and(l.levelRank.le(q.minLevel().ordinal()));
        }
        if (q.component() != null) {
            c = c.and(l.component.eq(q.component()));
        }
        if (q.transactionId() != null) {
            c = c.and(l.transactionId.eq(q.transactionId()));
        }
        if (q.text() != null) {
            c = c.and(containsIgnoreCase(l.message, q.text()));
        }
        if (q.from() != null) {
            c = c.and(l.occurredAt.ge(Times.bound(q.from())));
        }
        if (q.to() != null) {
            c = c.and(l.occurredAt.lt(Times.bound(q.to())));
        }
        if (q.after() != null) {
            Cursor cur = Cursor.decode(q.after());
            c = c.and(beyond(cur, l.occurredAt, l.id, numericKey(cur, "logs")));
        }
        Condition where = c;
        List<StoredLogEntry> rows = sql.read(
                "search logs",
                ctx -> ctx.select(l.fields())
                        .from(l.table)
                        .where(where)
                        .orderBy(l.occurredAt.desc(), l.id.desc())
                        .limit(q.limit() + 1)
                        .fetch(r -> new StoredLogEntry(
                                r.get(l.id),
                                new LogEntry(
                                        LogLevel.valueOf(r.get(l.level)),
                                        r.get(l.component),
                                        r.get(l.message),
                                        JsonCodec.readMap(r.get(l.details)),
                                        r.get(l.transactionId),
                                        r.get(l.customer),
                                        Times.instant(r.get(l.occurredAt))))));
        return page(
                rows,
                q.limit(),
                x -> new Cursor(Objects.requireNonNull(x.entry().occurredAt()), Long.toString(x.id())));
    }
}
