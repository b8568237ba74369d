package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.executeBatch;
import static dev.vedette.jdbc.Sql.p;
import static dev.vedette.jdbc.Sql.params;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.select;

import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;

/**
 * The rollup table: applies a batch's {@link RollupDelta} as one batched upsert (recomputing a
 * maximum that left a row from the raw rows) and answers aggregate reads through the {@link Aggregator}.
 */
final class RollupTable extends SqlTable {

    RollupTable(Sql sql) {
        super(sql);
    }

    void apply(DSLContext ctx, RollupDelta delta) {
        if (delta.isEmpty()) {
            return;
        }
        Schema.Rollups r = s.rollups;
        List<Field<?>> cols = new ArrayList<>(List.of(
                r.granularity,
                r.bucketStart,
                r.currency,
                r.statusCode,
                r.statusKind,
                r.provider,
                r.paymentMethod,
                r.cnt,
                r.amount));
        cols.addAll(r.hist);
        cols.add(r.maxMs);
        var upsert = ctx.insertInto(r.table)
                .columns(cols)
                .values(params(cols))
                .onConflict(r.granularity, r.bucketStart, r.currency, r.statusCode, r.provider, r.paymentMethod)
                .doUpdate()
                // the conflict clause names no parameters, so drivers can send the batch as one
                // multi-row statement (reWriteBatchedInserts, rewriteBatchedStatements)
                .set(r.cnt, r.cnt.plus(excluded(r.cnt)))
                .set(r.amount, r.amount.plus(excluded(r.amount)));
        for (Field<Long> h : r.hist) {
            upsert = upsert.set(h, h.plus(excluded(h)));
        }
        Query query = upsert.set(r.maxMs, greatest(r.maxMs, excluded(r.maxMs)));

        List<Object[]> rows = new ArrayList<>();
        List<Object[]> recompute = new ArrayList<>();
        for (Map.Entry<RollupDelta.Key, RollupDelta.Change> e : delta.changes().entrySet()) {
            RollupDelta.Key k = e.getKey();
            RollupDelta.Change ch = e.getValue();
            List<Object> row = new ArrayList<>(List.of(
                    k.granularity(),
                    k.bucketStart(),
                    k.currency(),
                    k.statusCode(),
                    ch.statusKind,
                    k.provider(),
                    k.method(),
                    ch.count,
                    ch.amount));
            for (long h : ch.hist) {
                row.add(h);
            }
            row.add(ch.addedMax);
            rows.add(row.toArray());
            if (ch.removedMax >= 0) {
                recompute.add(new Object[] {
                    k.bucketStart(),
                    RollupDelta.bucketEnd(k),
                    k.currency(),
                    k.statusCode(),
                    k.provider(),
                    k.method(),
                    k.granularity(),
                    k.bucketStart(),
                    k.currency(),
                    k.statusCode(),
                    k.provider(),
                    k.method(),
                    ch.removedMax
                });
            }
        }
        executeBatch(ctx, query, rows);
        if (!recompute.isEmpty()) {
            // A latency that left the row may have been its maximum: recompute it from the raw rows.
            Schema.Tx t = s.tx;
            Field<Long> newMax = field(select(coalesce(max(t.latencyMs), inline(0L)))
                    .from(t.table)
                    .where(t.createdAt.ge(p(t.createdAt)))
                    .and(t.createdAt.lt(p(t.createdAt)))
                    .and(coalesce(t.currency, inline("")).eq(p(t.currency)))
                    .and(t.statusCode.eq(p(t.statusCode)))
                    .and(coalesce(t.provider, inline("")).eq(p(t.provider)))
                    .and(coalesce(t.paymentMethod, inline("")).eq(p(t.paymentMethod))));
            Query fix = ctx.update(r.table)
                    .set(r.maxMs, newMax)
                    .where(r.granularity.eq(p(r.granularity)))
                    .and(r.bucketStart.eq(p(r.bucketStart)))
                    .and(r.currency.eq(p(r.currency)))
                    .and(r.statusCode.eq(p(r.statusCode)))
                    .and(r.provider.eq(p(r.provider)))
                    .and(r.paymentMethod.eq(p(r.paymentMethod)))
                    .and(r.maxMs.le(p(r.maxMs)));
            executeBatch(ctx, fix, recompute);
        }
    }

    List<AggregateRow> aggregate(AggregateQuery query) {
        return sql.snapshot("aggregate", ctx -> new Aggregator(ctx, s, query).run());
    }
}
