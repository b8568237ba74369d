package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.atLeastOne;
import static dev.vedette.jdbc.Sql.executeBatch;
import static dev.vedette.jdbc.Sql.params;
import static org.jooq.impl.DSL.choose;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lag;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.orderBy;
import static org.jooq.impl.DSL.select;

import dev.vedette.model.ComponentState;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStats;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LatencyHistogram;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;

/** Health samples and the current state of each component. */
final class HealthTable extends SqlTable {

    HealthTable(Sql sql) {
        super(sql);
    }

    void write(DSLContext ctx, List<HealthReport> reports) {
        if (reports.isEmpty()) {
            return;
        }
        Schema.Health h = s.health;
        List<Field<?>> cols = List.of(h.component, h.status, h.responseNanos, h.message, h.details, h.checkedAt);
        List<Object[]> rows = new ArrayList<>();
        for (HealthReport r : reports) {
            Instant at = r.checkedAt();
            if (at == null) {
                throw new IllegalArgumentException("health report must be stamped with checkedAt: " + r);
            }
            rows.add(new Object[] {
                r.component(),
                r.status().code(),
                Times.durationNanos(r.responseTime()),
                r.message(),
                JsonCodec.writeMap(r.details()),
                Times.nanos(at)
            });
        }
        executeBatch(ctx, ctx.insertInto(h.table).columns(cols).values(params(cols)), rows);
    }

    private HealthReport toReport(
            String component,
            String status,
            @Nullable Long responseNanos,
            @Nullable String message,
            @Nullable String details,
            @Nullable Long checkedAt) {
        HealthReport.Builder b = HealthReport.builder(component, HealthStatus.of(status));
        Duration rt = Times.duration(responseNanos);
        if (rt != null) {
            b.responseTime(rt);
        }
        b.message(message);
        if (details != null) {
            b.details(JsonCodec.readMap(details));
        }
        if (checkedAt != null) {
            b.checkedAt(Times.instant(checkedAt));
        }
        return b.build();
    }

    List<HealthReport> healthSamples(String component, Instant from, Instant to, int limit) {
        Schema.Health h = s.health;
        atLeastOne("limit", limit);
        return sql.read(
                "read health samples",
                ctx -> ctx.select(h.component, h.status, h.responseNanos, h.message, h.details, h.checkedAt)
                        .from(h.table)
                        .where(h.component.eq(component))
                        .and(h.checkedAt.ge(Times.bound(from)))
                        .and(h.checkedAt.lt(Times.bound(to)))
                        .orderBy(h.checkedAt.desc(), h.id.desc())
                        .limit(limit)
                        .fetch(r -> toReport(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6())));
    }

    /**
     * The samples whose status differs from the one before, in one statement: {@code lag(status)} over
     * the range's samples in {@code (checked_at, id)} order (the {@code (component, checked_at)}
     * index), keeping only the rows where it changed. Only the changes travel to the JVM.
     */
    List<HealthReport> healthChanges(String component, Instant from, Instant to, int limit) {
        atLeastOne("limit", limit);
        Schema.Health h = s.health;
        Field<String> previous = lag(h.status).over(orderBy(h.checkedAt, h.id)).as("previous_status");
        Table<?> ordered = select(
                        h.component, h.status, h.responseNanos, h.message, h.details, h.checkedAt, h.id, previous)
                .from(h.table)
                .where(h.component.eq(component))
                .and(h.checkedAt.ge(Times.bound(from)))
                .and(h.checkedAt.lt(Times.bound(to)))
                .asTable("ordered");
        Field<String> status = ordered.field(h.status);
        Field<String> before = ordered.field(previous);
        return sql.read(
                "read health changes",
                ctx -> ctx.select(
                                ordered.field(h.component),
                                status,
                                ordered.field(h.responseNanos),
                                ordered.field(h.message),
                                ordered.field(h.details),
                                ordered.field(h.checkedAt))
                        .from(ordered)
                        .where(before.isNull().or(before.ne(status)))
                        .orderBy(
                                ordered.field(h.checkedAt).desc(),
                                ordered.field(h.id).desc())
                        .limit(limit)
                        .fetch(r -> toReport(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6())));
    }

    /**
     * Counts the range's samples by status and response-time bucket in the database: one grouped
     * statement over the {@code (component, checked_at)} index, at most a few dozen rows back, however
     * many samples the range holds. The buckets are {@link LatencyHistogram#bucketOf}'s, as a {@code
     * CASE} over the nanoseconds.
     */
    HealthStats healthStats(String component, Instant from, Instant to) {
        Schema.Health h = s.health;
        Field<Integer> bucket = latencyBucket(h.responseNanos);
        return sql.read("read health stats", ctx -> {
            Map<HealthStatus, Long> byStatus = new HashMap<>();
            long[] counts = new long[LatencyHistogram.BUCKETS];
            long maxNanos = 0;
            Long oldest = null;
            for (var r : ctx.select(h.status, bucket, count(), max(h.responseNanos), min(h.checkedAt))
                    .from(h.table)
                    .where(h.component.eq(component))
                    .and(h.checkedAt.ge(Times.bound(from)))
                    .and(h.checkedAt.lt(Times.bound(to)))
                    .groupBy(h.status, bucket)
                    .fetch()) {
                long n = r.value3();
                byStatus.merge(HealthStatus.of(r.value1()), n, Long::sum);
                if (r.value2() != null) {
                    counts[r.value2()] += n;
                    maxNanos = Math.max(maxNanos, r.value4());
                }
                if (r.value5() != null && (oldest == null || r.value5() < oldest)) {
                    oldest = r.value5();
                }
            }
            return new HealthStats(
                    component,
                    byStatus,
                    LatencyHistogram.of(counts, Math.floorDiv(maxNanos, 1_000_000L)),
                    Times.instantOrNull(oldest));
        });
    }

    /**
     * {@link LatencyHistogram#bucketOf} in SQL, null for a sample without a response time: bucket
     * {@code i} is the first whose bound {@code b} satisfies {@code floor(nanos / 1e6) <= b}, that is
     * {@code nanos < (b + 1) * 1e6}.
     */
    static Field<Integer> latencyBucket(Field<Long> nanos) {
        long[] bounds = LatencyHistogram.BOUNDS_MILLIS;
        var c = choose().when(nanos.isNull(), inline((Integer) null));
        for (int i = 0; i < bounds.length; i++) {
            c = c.when(nanos.lt(inline((bounds[i] + 1) * 1_000_000L)), inline(i));
        }
        return c.otherwise(inline(bounds.length));
    }

    void saveComponentState(ComponentState state) {
        Schema.Components t = s.components;
        HealthReport last = state.lastReport();
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(t.status, state.status().code());
        values.put(t.since, Times.nanos(state.since()));
        values.put(t.consecutiveFailures, state.consecutiveFailures());
        values.put(t.consecutiveSuccesses, state.consecutiveSuccesses());
        values.put(t.lastStatus, last == null ? null : last.status().code());
        values.put(t.lastResponseNanos, last == null ? null : Times.durationNanos(last.responseTime()));
        values.put(t.lastMessage, last == null ? null : last.message());
        values.put(t.lastDetails, last == null ? null : JsonCodec.writeMap(last.details()));
        values.put(t.lastCheckedAt, last == null ? null : Times.nanosOrNull(last.checkedAt()));
        values.put(t.alertId, state.alertId());
        Map<Field<?>, Object> insert = new LinkedHashMap<>();
        insert.put(t.component, state.component());
        insert.putAll(values);
        sql.inTransaction(
                "save component state",
                ctx -> ctx.insertInto(t.table)
                        .set(insert)
                        .onConflict(t.component)
                        .doUpdate()
                        .set(values)
                        .execute());
    }

    List<ComponentState> componentStates() {
        Schema.Components t = s.components;
        return sql.read(
                "read component states",
                ctx -> ctx.select(t.fields())
                        .from(t.table)
                        .orderBy(t.component)
                        .fetch(r -> new ComponentState(
                                r.get(t.component),
                                HealthStatus.of(r.get(t.status)),
                                Times.instant(r.get(t.since)),
                                r.get(t.consecutiveFailures),
                                r.get(t.consecutiveSuccesses),
                                r.get(t.lastStatus) == null
                                        ? null
                                        : toReport(
                                                r.get(t.component),
                                                r.get(t.lastStatus),
                                                r.get(t.lastResponseNanos),
                                                r.get(t.lastMessage),
                                                r.get(t.lastDetails),
                                                r.get(t.lastCheckedAt)),
                                r.get(t.alertId))));
    }
}
