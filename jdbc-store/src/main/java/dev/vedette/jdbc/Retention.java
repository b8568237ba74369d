package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.atLeastOne;
import static org.jooq.impl.DSL.lower;

import dev.vedette.internal.Validate;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.DeliveryState;
import dev.vedette.store.Erasure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/** Erasure of a customer's personal data everywhere it is stored, and the purge of old rows in chunks. */
final class Retention extends SqlTable {

    Retention(Sql sql) {
        super(sql);
    }

    long erase(String customerEmail, String replacement) {
        Validate.identifier("customerEmail", customerEmail, 254);
        Validate.optionalEmail("replacement", Validate.notNull("replacement", replacement));
        String lower = customerEmail.toLowerCase(Locale.ROOT);
        Erasure erasure = new Erasure(customerEmail, replacement);
        return sql.inTransaction("erase customer", ctx -> {
            long changed = 0;
            for (Table<Record> table : List.of(s.tx.table, s.events.table)) {
                Field<String> email = table == s.tx.table ? s.tx.customerEmail : s.events.customerEmail;
                Field<String> name = table == s.tx.table ? s.tx.customerName : s.events.customerName;
                Field<String> message = table == s.tx.table ? s.tx.errorMessage : s.events.errorMessage;
                Field<String> metadata = table == s.tx.table ? s.tx.metadata : s.events.metadata;
                List<Field<?>> key =
                        table == s.tx.table ? List.of(s.tx.id) : List.of(s.events.transactionId, s.events.seq);
                changed += ctx.update(table)
                        .set(email, replacement)
                        .set(name, (String) null)
                        .where(DSL.lower(email).eq(lower))
                        .execute();
                changed += replaceMentions(ctx, table, key, erasure, customerEmail, message, metadata);
            }
            changed += replaceMentions(
                    ctx,
                    s.logs.table,
                    List.of(s.logs.id),
                    erasure,
                    customerEmail,
                    s.logs.message,
                    s.logs.details,
                    s.logs.customer);
            changed += replaceMentions(
                    ctx,
                    s.errorGroups.table,
                    List.of(s.errorGroups.fingerprint),
                    erasure,
                    customerEmail,
                    s.errorGroups.lastMessage,
                    s.errorGroups.lastStackTrace);
            changed += replaceMentions(
                    ctx,
                    s.alerts.table,
                    List.of(s.alerts.id),
                    erasure,
                    customerEmail,
                    s.alerts.title,
                    s.alerts.message,
                    s.alerts.labels);
            return changed;
        });
    }

    /**
     * Replaces the e-mail, in any case, in every listed text column (JSON columns included: an
     * address has no character JSON escapes) of the rows that mention it. The rows are found in
     * SQL, ignoring case, and rewritten in Java by {@link Erasure}, since SQL's {@code REPLACE} is
     * case-sensitive on every database.
     */
    @SafeVarargs
    private static int replaceMentions(
            DSLContext ctx,
            Table<Record> table,
            List<Field<?>> key,
            Erasure erasure,
            String email,
            Field<String>... columns) {
        Condition mentions = DSL.falseCondition();
        List<Field<?>> selected = new ArrayList<>(key);
        for (Field<String> column : columns) {
            mentions = mentions.or(column.containsIgnoreCase(email));
            selected.add(column);
        }
        int changed = 0;
        for (Record row : ctx.select(selected).from(table).where(mentions).fetch()) {
            Map<Field<?>, Object> sets = new LinkedHashMap<>();
            for (Field<String> column : columns) {
                String before = row.get(column);
                String after = erasure.text(before);
                if (!Objects.equals(before, after)) {
                    sets.put(column, after);
                }
            }
            if (sets.isEmpty()) {
                continue;
            }
            Condition same = DSL.noCondition();
            for (Field<?> k : key) {
                same = same.and(keyEquals(k, row.get(k)));
            }
            changed += ctx.update(table).set(sets).where(same).execute();
        }
        return changed;
    }

    @SuppressWarnings("unchecked")
    private static <T> Condition keyEquals(Field<T> key, Object value) {
        return key.eq((T) value);
    }

    long purge(Instant cutoff, int chunkSize) {
        atLeastOne("chunkSize", chunkSize);
        long before = Times.bound(cutoff);
        long deleted = 0;
        Schema.Tx t = s.tx;
        while (true) {
            long n = sql.inTransaction("purge transactions", ctx -> {
                List<String> ids = ctx.select(t.id)
                        .from(t.table)
                        .where(t.lastEventAt.lt(before))
                        .and(t.eventCount.gt(0))
                        .orderBy(t.lastEventAt, t.id)
                        .limit(chunkSize)
                        .fetch(t.id);
                if (ids.isEmpty()) {
                    return 0L;
                }
                long events = ctx.deleteFrom(s.events.table)
                        .where(s.events.transactionId.in(ids))
                        .execute();
                return events + ctx.deleteFrom(t.table).where(t.id.in(ids)).execute();
            });
            deleted += n;
            if (n == 0) {
                break;
            }
        }
        deleted += purgeById(s.health.table, s.health.id, s.health.checkedAt.lt(before), chunkSize);
        deleted += purgeById(s.logs.table, s.logs.id, s.logs.occurredAt.lt(before), chunkSize);
        Schema.Alerts a = s.alerts;
        deleted += purgeWithDeliveries(
                "purge alerts",
                a.table,
                a.id,
                a.resolvedAt,
                a.status.eq(AlertStatus.RESOLVED.name()).and(a.resolvedAt.lt(before)),
                chunkSize);
        Schema.Reports r = s.reports;
        deleted += purgeWithDeliveries("purge reports", r.table, r.id, r.createdAt, r.createdAt.lt(before), chunkSize);
        return deleted;
    }

    /** Deletes the rows matching {@code old} whose deliveries are all final, with those deliveries. */
    private long purgeWithDeliveries(
            String what, Table<Record> table, Field<String> id, Field<Long> age, Condition old, int chunkSize) {
        Schema.Deliveries d = s.deliveries;
        long deleted = 0;
        while (true) {
            long n = sql.inTransaction(what, ctx -> {
                List<String> ids = ctx.select(id)
                        .from(table)
                        .where(old)
                        .andNotExists(DSL.selectOne()
                                .from(d.table)
                                .where(d.alertId.eq(id))
                                .and(d.state.notIn(DeliveryState.SENT.name(), DeliveryState.DEAD.name())))
                        .orderBy(age, id)
                        .limit(chunkSize)
                        .fetch(id);
                if (ids.isEmpty()) {
                    return 0L;
                }
                long rows = ctx.deleteFrom(d.table).where(d.alertId.in(ids)).execute();
                return rows + ctx.deleteFrom(table).where(id.in(ids)).execute();
            });
            deleted += n;
            if (n == 0) {
                return deleted;
            }
        }
    }

    private long purgeById(Table<Record> table, Field<Long> id, Condition old, int chunkSize) {
        long deleted = 0;
        while (true) {
            long n = sql.inTransaction("purge", ctx -> {
                List<Long> ids = ctx.select(id)
                        .from(table)
                        .where(old)
                        .orderBy(id)
                        .limit(chunkSize)
                        .fetch(id);
                return ids.isEmpty()
                        ? 0L
                        : (long) ctx.deleteFrom(table).where(id.in(ids)).execute();
            });
            deleted += n;
            if (n == 0) {
                return deleted;
            }
        }
    }
}
