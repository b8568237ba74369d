package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.beyond;
import static dev.vedette.jdbc.Sql.page;
import static org.jooq.impl.DSL.noCondition;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Delivery;
import dev.vedette.model.Severity;
import dev.vedette.model.Silence;
import dev.vedette.store.AlertMerge;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.AlertUpsert;
import dev.vedette.store.Cursor;
import dev.vedette.store.Page;
import dev.vedette.store.RaisePlan;
import dev.vedette.store.StoreException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;

/**
 * Alerts and silences. A raise or update reads the alert row under lock, applies the pure
 * {@link AlertMerge} to it and writes the result and its deliveries in the same transaction; the
 * unique active key deduplicates concurrent raises across instances.
 */
final class AlertTable extends SqlTable {
    private final DeliveryTable deliveryTable;

    AlertTable(Sql sql, DeliveryTable deliveryTable) {
        super(sql);
        this.deliveryTable = deliveryTable;
    }

    private Map<Field<?>, Object> alertValues(AlertRecord a) {
        Schema.Alerts t = s.alerts;
        Map<Field<?>, Object> v = new LinkedHashMap<>();
        v.put(t.dedupKey, a.dedupKey());
        v.put(t.activeKey, a.status().isActive() ? a.dedupKey() : null);
        v.put(t.severity, a.severity().name());
        v.put(t.title, a.title());
        v.put(t.message, a.message());
        v.put(t.component, a.component());
        v.put(t.labels, JsonCodec.writeStrings(a.labels()));
        v.put(t.source, a.source());
        v.put(t.status, a.status().name());
        v.put(t.occurrences, a.occurrences());
        v.put(t.firstSeen, Times.nanos(a.firstSeen()));
        v.put(t.lastSeen, Times.nanos(a.lastSeen()));
        v.put(t.acknowledgedBy, a.acknowledgedBy());
        v.put(t.acknowledgedAt, Times.nanosOrNull(a.acknowledgedAt()));
        v.put(t.resolvedBy, a.resolvedBy());
        v.put(t.resolvedAt, Times.nanosOrNull(a.resolvedAt()));
        v.put(t.lastNotifiedAt, Times.nanosOrNull(a.lastNotifiedAt()));
        v.put(t.suppressedBy, a.suppressedBy());
        return v;
    }

    private AlertRecord toAlert(Record r) {
        Schema.Alerts t = s.alerts;
        return new AlertRecord(
                r.get(t.id),
                r.get(t.dedupKey),
                Severity.valueOf(r.get(t.severity)),
                r.get(t.title),
                r.get(t.message),
                r.get(t.component),
                JsonCodec.readStrings(r.get(t.labels)),
                r.get(t.source),
                AlertStatus.valueOf(r.get(t.status)),
                r.get(t.occurrences),
                Times.instant(r.get(t.firstSeen)),
                Times.instant(r.get(t.lastSeen)),
                r.get(t.acknowledgedBy),
                Times.instantOrNull(r.get(t.acknowledgedAt)),
                r.get(t.resolvedBy),
                Times.instantOrNull(r.get(t.resolvedAt)),
                Times.instantOrNull(r.get(t.lastNotifiedAt)),
                r.get(t.suppressedBy));
    }

    AlertUpsert raiseAlert(RaisePlan plan) {
        Schema.Alerts t = s.alerts;
        AlertRecord candidate = plan.candidate();
        return sql.inTransaction("raise alert", ctx -> {
            for (int round = 0; ; round++) {
                Record r = ctx.select(t.fields())
                        .from(t.table)
                        .where(t.activeKey.eq(candidate.dedupKey()))
                        .forUpdate()
                        .fetchOne();
                if (r != null) {
                    AlertUpsert merged = AlertMerge.raise(toAlert(r), plan);
                    ctx.update(t.table)
                            .set(alertValues(merged.alert()))
                            .where(t.id.eq(merged.alert().id()))
                            .execute();
                    deliveryTable.insert(ctx, merged.deliveries());
                    return merged;
                }
                if (!candidate.status().isActive()) {
                    throw new IllegalArgumentException("candidate must be an active alert, was " + candidate.status());
                }
                Map<Field<?>, Object> row = new LinkedHashMap<>();
                row.put(t.id, candidate.id());
                row.putAll(alertValues(candidate));
                // The unique active_key makes a concurrent raise of the same key insert nothing here;
                // the loop then finds and absorbs into the winner's alert.
                int inserted = ctx.insertInto(t.table)
                        .set(row)
                        .onConflict(t.activeKey)
                        .doNothing()
                        .execute();
                if (inserted > 0) {
                    AlertUpsert opened = AlertMerge.raise(null, plan);
                    deliveryTable.insert(ctx, opened.deliveries());
                    return opened;
                }
                if (round >= 3) {
                    throw new StoreException("raise alert failed: could neither insert nor find the active alert");
                }
            }
        });
    }

    Optional<AlertUpsert> updateAlert(String id, UnaryOperator<AlertRecord> change, List<Delivery> planned) {
        Schema.Alerts t = s.alerts;
        return sql.inTransaction("update alert", ctx -> {
            Record r = ctx.select(t.fields())
                    .from(t.table)
                    .where(t.id.eq(id))
                    .forUpdate()
                    .fetchOne();
            if (r == null) {
                return Optional.<AlertUpsert>empty();
            }
            Optional<AlertUpsert> changed = AlertMerge.update(toAlert(r), change, planned);
            changed.ifPresent(u -> {
                ctx.update(t.table)
                        .set(alertValues(u.alert()))
                        .where(t.id.eq(id))
                        .execute();
                deliveryTable.insert(ctx, u.deliveries());
            });
            return changed;
        });
    }

    void upsertAlerts(List<AlertRecord> alerts, List<Delivery> deliveries) {
        Schema.Alerts t = s.alerts;
        sql.inTransaction("upsert alerts", ctx -> {
            for (AlertRecord a : alerts) {
                Map<Field<?>, Object> values = alertValues(a);
                Map<Field<?>, Object> row = new LinkedHashMap<>();
                row.put(t.id, a.id());
                row.putAll(values);
                ctx.insertInto(t.table)
                        .set(row)
                        .onConflict(t.id)
                        .doUpdate()
                        .set(values)
                        .execute();
            }
            deliveryTable.upsert(ctx, deliveries);
            return null;
        });
    }

    Optional<AlertRecord> alert(String id) {
        return sql.read(
                "read alert",
                ctx -> ctx.select(s.alerts.fields())
                        .from(s.alerts.table)
                        .where(s.alerts.id.eq(id))
                        .fetchOptional(this::toAlert));
    }

    Page<AlertRecord> searchAlerts(AlertQuery q) {
        Schema.Alerts t = s.alerts;
        Condition c = noCondition();
        if (!q.statuses().isEmpty()) {
            c = c.and(t.status.in(q.statuses().stream().map(Enum::name).toList()));
        }
        if (!q.severities().isEmpty()) {
            c = c.and(t.severity.in(q.severities().stream().map(Enum::name).toList()));
        }
        if (q.component() != null) {
            c = c.and(t.component.eq(q.component()));
        }
        if (q.from() != null) {
            c = c.and(t.lastSeen.ge(Times.bound(q.from())));
        }
        if (q.to() != null) {
            c = c.and(t.lastSeen.lt(Times.bound(q.to())));
        }
        if (q.after() != null) {
            Cursor cur = Cursor.decode(q.after());
            c = c.and(beyond(cur, t.lastSeen, t.id, cur.key()));
        }
        Condition where = c;
        List<AlertRecord> rows = sql.read(
                "search alerts",
                ctx -> ctx.select(t.fields())
                        .from(t.table)
                        .where(where)
                        .orderBy(t.lastSeen.desc(), t.id.desc())
                        .limit(q.limit() + 1)
                        .fetch(this::toAlert));
        return page(rows, q.limit(), x -> new Cursor(x.lastSeen(), x.id()));
    }

    void saveSilence(Silence silence) {
        Schema.Silences t = s.silences;
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(t.matchers, JsonCodec.writeStrings(silence.matchers()));
        values.put(t.startsAt, Times.nanos(silence.startsAt()));
        values.put(t.endsAt, Times.nanos(silence.endsAt()));
        values.put(t.createdBy, silence.createdBy());
        values.put(t.reason, silence.reason());
        values.put(t.createdAt, Times.nanos(silence.createdAt()));
        Map<Field<?>, Object> insert = new LinkedHashMap<>();
        insert.put(t.id, silence.id());
        insert.putAll(values);
        sql.inTransaction(
                "save silence",
                ctx -> ctx.insertInto(t.table)
                        .set(insert)
                        .onConflict(t.id)
                        .doUpdate()
                        .set(values)
                        .execute());
    }

    List<Silence> silences(Instant now) {
        Schema.Silences t = s.silences;
        return sql.read(
                "read silences",
                ctx -> ctx.select(t.fields())
                        .from(t.table)
                        .where(t.endsAt.gt(Times.bound(now)))
                        .orderBy(t.startsAt, t.id)
                        .fetch(r -> new Silence(
                                r.get(t.id),
                                JsonCodec.readStrings(r.get(t.matchers)),
                                Times.instant(r.get(t.startsAt)),
                                Times.instant(r.get(t.endsAt)),
                                r.get(t.createdBy),
                                r.get(t.reason),
                                Times.instant(r.get(t.createdAt)))));
    }

    boolean deleteSilence(String id) {
        return sql.inTransaction(
                        "delete silence",
                        ctx -> ctx.deleteFrom(s.silences.table)
                                .where(s.silences.id.eq(id))
                                .execute())
                > 0;
    }
}
