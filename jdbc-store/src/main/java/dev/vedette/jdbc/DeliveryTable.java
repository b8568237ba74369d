package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.atLeastOne;
import static dev.vedette.jdbc.Sql.executeBatch;
import static dev.vedette.jdbc.Sql.params;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;

import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;

/**
 * The delivery outbox: inserts in creation order, exclusive claims by conditional update (with
 * {@code SKIP LOCKED} where the database has it), attempts recorded only by the claim's owner, reads
 * and counts.
 */
final class DeliveryTable extends SqlTable {
    private final Clock clock;
    private final AtomicLong order = new AtomicLong();

    DeliveryTable(Sql sql, Clock clock) {
        super(sql);
        this.clock = clock;
    }

    private long nextOrder() {
        long now = clock.millis() * 1000;
        return order.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    private List<Field<?>> deliveryFields() {
        Schema.Deliveries d = s.deliveries;
        return List.of(
                d.id,
                d.ord,
                d.alertId,
                d.channel,
                d.kind,
                d.state,
                d.attempts,
                d.nextAttemptAt,
                d.lastError,
                d.createdAt,
                d.sentAt,
                d.claimedBy,
                d.claimedUntil);
    }

    /** Inserts deliveries inside the caller's transaction. */
    void insert(DSLContext ctx, List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        List<Field<?>> cols = deliveryFields();
        List<Object[]> rows = new ArrayList<>();
        for (Delivery d : deliveries) {
            List<Object> row = new ArrayList<>(cols.size());
            row.add(d.id());
            row.add(nextOrder());
            row.addAll(values(d).values()); // in the order of deliveryFields()
            rows.add(row.toArray());
        }
        executeBatch(ctx, ctx.insertInto(s.deliveries.table).columns(cols).values(params(cols)), rows);
    }

    /** A delivery's columns other than id and order, in the order of {@link #deliveryFields()}. */
    private Map<Field<?>, Object> values(Delivery x) {
        Schema.Deliveries d = s.deliveries;
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(d.alertId, x.alertId());
        values.put(d.channel, x.channel());
        values.put(d.kind, x.kind().name());
        values.put(d.state, x.state().name());
        values.put(d.attempts, x.attempts());
        values.put(d.nextAttemptAt, Times.nanos(x.nextAttemptAt()));
        values.put(d.lastError, x.lastError());
        values.put(d.createdAt, Times.nanos(x.createdAt()));
        values.put(d.sentAt, Times.nanosOrNull(x.sentAt()));
        values.put(d.claimedBy, x.claimedBy());
        values.put(d.claimedUntil, Times.nanosOrNull(x.claimedUntil()));
        return values;
    }

    /** Inserts or replaces deliveries by id, as they are, inside the caller's transaction. */
    void upsert(DSLContext ctx, List<Delivery> deliveries) {
        Schema.Deliveries d = s.deliveries;
        for (Delivery x : deliveries) {
            Map<Field<?>, Object> values = values(x);
            Map<Field<?>, Object> row = new LinkedHashMap<>();
            row.put(d.id, x.id());
            row.put(d.ord, nextOrder());
            row.putAll(values);
            ctx.insertInto(d.table)
                    .set(row)
                    .onConflict(d.id)
                    .doUpdate()
                    .set(values)
                    .execute();
        }
    }

    private Delivery toDelivery(Record r) {
        Schema.Deliveries d = s.deliveries;
        return new Delivery(
                r.get(d.id),
                r.get(d.alertId),
                r.get(d.channel),
                DeliveryKind.valueOf(r.get(d.kind)),
                DeliveryState.valueOf(r.get(d.state)),
                r.get(d.attempts),
                Times.instant(r.get(d.nextAttemptAt)),
                r.get(d.lastError),
                Times.instant(r.get(d.createdAt)),
                Times.instantOrNull(r.get(d.sentAt)),
                r.get(d.claimedBy),
                Times.instantOrNull(r.get(d.claimedUntil)));
    }

    void insertDeliveries(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        sql.inTransaction("insert deliveries", ctx -> {
            insert(ctx, deliveries);
            return null;
        });
    }

    List<Delivery> claimDueDeliveries(Instant now, int limit, String owner, Instant claimUntil) {
        atLeastOne("limit", limit);
        Schema.Deliveries d = s.deliveries;
        long nowNanos = Times.bound(now);
        Condition claimable = d.state
                .in(DeliveryState.PENDING.name(), DeliveryState.FAILED.name())
                .and(d.nextAttemptAt.le(nowNanos))
                .and(d.claimedUntil.isNull().or(d.claimedUntil.le(nowNanos)));
        SortField<?>[] due = {d.nextAttemptAt.asc(), d.createdAt.asc(), d.ord.asc(), d.id.asc()};
        return sql.inTransaction("claim deliveries", ctx -> {
            // The conditional UPDATE is what makes a claim exclusive: a row another dispatcher claimed
            // meanwhile no longer matches. SKIP LOCKED (PostgreSQL) just spares the wait for such rows.
            List<String> claimed = new ArrayList<>();
            Set<String> tried = new HashSet<>();
            while (claimed.size() < limit) {
                var select = ctx.select(d.id)
                        .from(d.table)
                        .where(claimable)
                        .and(tried.isEmpty() ? noCondition() : d.id.notIn(tried))
                        .orderBy(due)
                        .limit(limit - claimed.size());
                List<String> candidates = sql.dialect().skipLocked()
                        ? select.forUpdate().skipLocked().fetch(d.id)
                        : select.fetch(d.id);
                if (candidates.isEmpty()) {
                    break;
                }
                for (String id : candidates) {
                    tried.add(id);
                    int n = ctx.update(d.table)
                            .set(d.claimedBy, owner)
                            .set(d.claimedUntil, Times.nanos(claimUntil))
                            .where(d.id.eq(id))
                            .and(claimable)
                            .execute();
                    if (n > 0) {
                        claimed.add(id);
                    }
                }
            }
            if (claimed.isEmpty()) {
                return List.<Delivery>of();
            }
            return ctx.select(deliveryFields())
                    .from(d.table)
                    .where(d.id.in(claimed))
                    .orderBy(due)
                    .fetch(this::toDelivery);
        });
    }

    boolean recordAttempt(Delivery attempted, String owner) {
        Schema.Deliveries d = s.deliveries;
        return sql.inTransaction(
                        "record delivery attempt",
                        ctx -> ctx.update(d.table)
                                .set(d.state, attempted.state().name())
                                .set(d.attempts, attempted.attempts())
                                .set(d.nextAttemptAt, Times.nanos(attempted.nextAttemptAt()))
                                .set(d.lastError, attempted.lastError())
                                .set(d.sentAt, Times.nanosOrNull(attempted.sentAt()))
                                .set(d.claimedBy, attempted.claimedBy())
                                .set(d.claimedUntil, Times.nanosOrNull(attempted.claimedUntil()))
                                .where(d.id.eq(attempted.id()))
                                .and(d.claimedBy.eq(owner))
                                .execute())
                > 0;
    }

    List<Delivery> deliveries(String alertId) {
        Schema.Deliveries d = s.deliveries;
        return sql.read(
                "read deliveries",
                ctx -> ctx.select(deliveryFields())
                        .from(d.table)
                        .where(d.alertId.eq(alertId))
                        .orderBy(d.createdAt, d.ord, d.id)
                        .fetch(this::toDelivery));
    }

    Map<DeliveryState, Long> deliveryCounts() {
        Schema.Deliveries d = s.deliveries;
        return sql.read("count deliveries", ctx -> {
            Map<DeliveryState, Long> out = new EnumMap<>(DeliveryState.class);
            for (var r :
                    ctx.select(d.state, count()).from(d.table).groupBy(d.state).fetch()) {
                out.put(DeliveryState.valueOf(r.value1()), r.value2().longValue());
            }
            return out;
        });
    }
}
