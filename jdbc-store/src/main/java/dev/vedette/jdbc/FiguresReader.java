package dev.vedette.jdbc;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.rowNumber;
import static org.jooq.impl.DSL.when;

import dev.vedette.analytics.HyperLogLog;
import dev.vedette.jdbc.RollupDelta.Granularity;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Cursor;
import dev.vedette.store.Dimension;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.TransactionFigures;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Answers a {@link FiguresQuery} in the database, in one read-only snapshot, from rollups: the
 * transaction and paid counts as {@link Aggregator} answers them; failures by error code and step
 * counts from the V5 figure rollups (whole UTC days, then whole hours at the edges, then the raw rows
 * of the sub-hour remainder, read through the {@code created_at} index); customers from the per-day
 * HyperLogLog sketches of every UTC day the range touches, so they are estimates over those whole
 * days ({@link TransactionFigures.CustomerEstimate}). A bucket whose steps overflowed the bound counts
 * the asked steps it has no row for from its raw rows, so step counts stay exact.
 */
final class FiguresReader extends SqlTable {
    /** The step names a transaction can record ({@code Transaction.Builder#step}). */
    private static final Pattern RECORDABLE_STEP = Pattern.compile("[a-z0-9_.\\-]+");

    private static final char ESCAPE = '!';
    private static final long DAY = Granularity.DAY.nanos;

    private final Dialect dialect;

    FiguresReader(Sql sql) {
        super(sql);
        this.dialect = sql.dialect();
    }

    /** A stretch of the range answered by one rollup granularity, or by raw rows ({@code level} null). */
    private record Piece(@Nullable Granularity level, long from, long to) {}

    /** Failures of one code (or no code, or the folded codes) summed over the pieces. */
    private static final class Failure {
        final @Nullable String code;
        final boolean other;
        long count;
        long newestAt;

        @Nullable
        String newestId;

        @Nullable
        String message;

        Failure(@Nullable String code, boolean other) {
            this.code = code;
            this.other = other;
        }

        void add(long n, @Nullable Long at, @Nullable String id, @Nullable String msg) {
            count += n;
            if (at == null || id == null || msg == null) {
                return;
            }
            if (newestId == null || at > newestAt || (at == newestAt && Cursor.KEY_ORDER.compare(id, newestId) > 0)) {
                newestAt = at;
                newestId = id;
                message = msg;
            }
        }
    }

    TransactionFigures figures(FiguresQuery q) {
        long from = Times.bound(q.from());
        long to = Times.bound(q.to());
        List<Piece> pieces = new ArrayList<>();
        cut(from, to, 0, pieces);
        List<String> asked = new ArrayList<>();
        for (String step : q.steps()) {
            // steps are stored as a sorted JSON array of strings; recordable names need no JSON escaping
            if (RECORDABLE_STEP.matcher(step).matches()) {
                asked.add(step);
            }
        }
        AggregateQuery byStatus =
                new AggregateQuery(q.from(), q.to(), null, ZoneOffset.UTC, Set.of(Dimension.STATUS)).withoutLatency();
        return sql.snapshot("transaction figures", ctx -> {
            // counts and paid counts from the rollups, in the same snapshot as the figure rollups
            long transactions = 0;
            long paidCount = 0;
            for (AggregateRow row : new Aggregator(ctx, s, byStatus).run()) {
                transactions += row.count();
                TransactionStatus status = row.status();
                if (status != null && q.paidKinds().contains(status.kind())) {
                    paidCount += row.count();
                }
            }
            Map<String, Long> steps = new LinkedHashMap<>();
            q.steps().forEach(n -> steps.put(n, 0L));
            if (!asked.isEmpty()) {
                steps.putAll(steps(ctx, pieces, asked));
            }
            List<TransactionFigures.FailureCount> failures = new ArrayList<>();
            if (q.includes(FiguresQuery.Part.FAILURES)) {
                for (Failure f : failures(ctx, pieces)) {
                    if (f.count > 0) {
                        failures.add(new TransactionFigures.FailureCount(
                                f.other ? TransactionFigures.OTHER_CODES : f.code, f.count, f.message, f.other));
                    }
                }
            }
            if (!q.includes(FiguresQuery.Part.CUSTOMERS)) {
                return new TransactionFigures(transactions, paidCount, 0, 0, steps, failures);
            }
            long firstDay = Math.floorDiv(from, DAY);
            long endDay = Math.floorDiv(to, DAY) + (Math.floorMod(to, DAY) == 0 ? 0 : 1);
            List<String> paidSketches = new ArrayList<>();
            if (q.paidKinds().equals(EnumSet.of(TransactionStatus.Kind.SUCCEEDED, TransactionStatus.Kind.REVERSED))) {
                paidSketches.add(FigureDelta.PAID);
            } else {
                q.paidKinds().forEach(k -> paidSketches.add(FigureDelta.kindSketch(k)));
            }
            Map<String, HyperLogLog> sketches = sketches(ctx, firstDay, endDay, FigureDelta.ALL, paidSketches);
            long customers = sketches.get(FigureDelta.ALL).estimate();
            HyperLogLog payingSketch = new HyperLogLog(FigureDelta.PRECISION);
            paidSketches.forEach(x -> payingSketch.mergeFrom(sketches.get(x)));
            long paying = paidSketches.isEmpty() ? 0 : payingSketch.estimate();
            long dayFrom = saturatedDays(firstDay);
            long dayTo = saturatedDays(endDay);
            return new TransactionFigures(
                    transactions,
                    paidCount,
                    customers,
                    paying,
                    steps,
                    failures,
                    new TransactionFigures.CustomerEstimate(
                            Times.instant(dayFrom),
                            Times.instant(dayTo),
                            HyperLogLog.standardError(FigureDelta.PRECISION)));
        });
    }

    /** Cuts [from, to) into whole days, then whole hours, then raw stretches. */
    private static void cut(long from, long to, int level, List<Piece> out) {
        if (from >= to) {
            return;
        }
        if (level >= FigureDelta.LEVELS.size()) {
            out.add(new Piece(null, from, to));
            return;
        }
        Granularity g = FigureDelta.LEVELS.get(level);
        long a;
        long b;
        try {
            a = Math.multiplyExact(Math.floorDiv(from, g.nanos) + (Math.floorMod(from, g.nanos) == 0 ? 0 : 1), g.nanos);
            b = Math.multiplyExact(Math.floorDiv(to, g.nanos), g.nanos);
        } catch (ArithmeticException e) {
            cut(from, to, level + 1, out);
            return;
        }
        if (a < b) {
            out.add(new Piece(g, a, b));
            cut(from, a, level + 1, out);
            cut(b, to, level + 1, out);
        } else {
            cut(from, to, level + 1, out);
        }
    }

    /**
     * The union per sketch over the UTC days [firstDay, endDay) (day numbers since the epoch), merged
     * in SQL ({@code max(rnk)} per sketch and register) from the fewest blocks that tile the days:
     * blocks of 64, then 16, then 4 days where they fit, single days at the edges.
     */
    private Map<String, HyperLogLog> sketches(
            DSLContext ctx, long firstDay, long endDay, String all, List<String> paid) {
        Schema.CustomerSketches c = s.sketches;
        List<Condition> blocks = new ArrayList<>();
        tile(firstDay, endDay, 0, blocks);
        List<String> names = new ArrayList<>(paid);
        names.add(all);
        Map<String, HyperLogLog> out = new HashMap<>();
        names.forEach(n -> out.put(n, new HyperLogLog(FigureDelta.PRECISION)));
        if (blocks.isEmpty()) {
            return out;
        }
        Field<Integer> rank = max(c.rnk);
        for (Record r : ctx.select(c.sketch, c.reg, rank)
                .from(c.table)
                .where(c.sketch.in(names))
                .and(DSL.or(blocks))
                .groupBy(c.sketch, c.reg)
                .fetch()) {
            out.get(r.get(c.sketch)).raise(r.get(c.reg), r.get(rank));
        }
        return out;
    }

    /** Tiles the days [a, b) with aligned blocks of the span at {@code level} and finer ones at the edges. */
    private void tile(long a, long b, int level, List<Condition> out) {
        if (a >= b) {
            return;
        }
        Schema.CustomerSketches c = s.sketches;
        int span = FigureDelta.SPANS.get(level);
        long first = Math.floorDiv(a, span) * span + (Math.floorMod(a, span) == 0 ? 0 : span);
        long end = Math.floorDiv(b, span) * span;
        if (span == 1 || first < end) {
            if (span == 1) {
                first = a;
                end = b;
            }
            out.add(c.spanDays
                    .eq(span)
                    .and(c.dayStart.ge(saturatedDays(first)))
                    .and(c.dayStart.lt(saturatedDays(end))));
            if (span > 1) {
                tile(a, first, level + 1, out);
                tile(end, b, level + 1, out);
            }
        } else {
            tile(a, b, level + 1, out);
        }
    }

    private static long saturatedDays(long day) {
        if (day > Long.MAX_VALUE / DAY) {
            return Long.MAX_VALUE;
        }
        if (day < Long.MIN_VALUE / DAY) {
            return Long.MIN_VALUE;
        }
        return day * DAY;
    }

    private List<Failure> failures(DSLContext ctx, List<Piece> pieces) {
        Map<String, Failure> byKey = new LinkedHashMap<>();
        Schema.FailureRollups f = s.failureRollups;
        Schema.Tx t = s.tx;
        for (Piece piece : pieces) {
            Granularity level = piece.level();
            if (level != null) {
                for (Record r : ctx.select(f.slot, f.errorCode, f.cnt, f.newestAt, f.newestId, f.newestMessage)
                        .from(f.table)
                        .where(f.granularity.eq(level.code))
                        .and(f.bucketStart.ge(piece.from()))
                        .and(f.bucketStart.lt(piece.to()))
                        .and(f.cnt.gt(0L))
                        .fetch()) {
                    String slot = r.get(f.slot);
                    boolean other = FigureRollups.OTHER.equals(slot);
                    String code = FigureRollups.CODE.equals(slot) ? r.get(f.errorCode) : null;
                    byKey.computeIfAbsent(slot + code, k -> new Failure(code, other))
                            .add(r.get(f.cnt), r.get(f.newestAt), r.get(f.newestId), r.get(f.newestMessage));
                }
                continue;
            }
            // raw rows: per code the count and the newest row with a message, in one statement
            Field<Integer> count = count().over().partitionBy(t.errorCode).as("n");
            Field<Integer> rn = rowNumber()
                    .over()
                    .partitionBy(t.errorCode)
                    .orderBy(
                            when(t.errorMessage.isNull(), inline(1)).otherwise(inline(0)),
                            t.createdAt.desc(),
                            dialect.codePointKey(t.id).desc())
                    .as("rn");
            var ranked = ctx.select(t.errorCode, t.createdAt, t.id, t.errorMessage, count, rn)
                    .from(t.table)
                    .where(t.eventCount.gt(0))
                    .and(t.createdAt.ge(piece.from()))
                    .and(t.createdAt.lt(piece.to()))
                    .and(t.statusKind.eq(TransactionStatus.Kind.FAILED.name()))
                    .asTable("ranked");
            Field<String> code = ranked.field(t.errorCode.getUnqualifiedName().first(), String.class);
            Field<Long> at = ranked.field(t.createdAt.getUnqualifiedName().first(), Long.class);
            Field<String> id = ranked.field(t.id.getUnqualifiedName().first(), String.class);
            Field<String> msg = ranked.field(t.errorMessage.getUnqualifiedName().first(), String.class);
            Field<Long> n = ranked.field("n", Long.class);
            Field<Integer> rnField = ranked.field("rn", Integer.class);
            for (Record r : ctx.select(code, at, id, msg, n)
                    .from(ranked)
                    .where(rnField.eq(1))
                    .fetch()) {
                String c = r.get(code);
                String m = r.get(msg);
                byKey.computeIfAbsent(
                                (c == null ? FigureRollups.NO_CODE : FigureRollups.CODE) + c,
                                k -> new Failure(c, false))
                        .add(number(r.get(n)), m == null ? null : r.get(at), r.get(id), m);
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private Map<String, Long> steps(DSLContext ctx, List<Piece> pieces, List<String> asked) {
        Schema.StepRollups sr = s.stepRollups;
        Map<String, Long> counts = new LinkedHashMap<>();
        asked.forEach(n -> counts.put(n, 0L));
        List<String> names = new ArrayList<>(asked);
        names.add(FigureRollups.OTHER_STEP);
        for (Piece piece : pieces) {
            Granularity level = piece.level();
            if (level == null) {
                rawSteps(ctx, piece.from(), piece.to(), asked, counts);
                continue;
            }
            Map<Long, Set<String>> seen = new HashMap<>();
            for (Record r : ctx.select(sr.bucketStart, sr.step, sr.cnt)
                    .from(sr.table)
                    .where(sr.granularity.eq(level.code))
                    .and(sr.bucketStart.ge(piece.from()))
                    .and(sr.bucketStart.lt(piece.to()))
                    .and(sr.step.in(names))
                    .fetch()) {
                String step = r.get(sr.step);
                seen.computeIfAbsent(r.get(sr.bucketStart), k -> new HashSet<>())
                        .add(step);
                if (!step.equals(FigureRollups.OTHER_STEP)) {
                    counts.merge(step, r.get(sr.cnt), Long::sum);
                }
            }
            // a bucket that overflowed holds the asked steps it has no row for under (other): count
            // those from the bucket's raw rows
            for (Map.Entry<Long, Set<String>> e : seen.entrySet()) {
                if (e.getValue().contains(FigureRollups.OTHER_STEP)) {
                    List<String> missing = asked.stream()
                            .filter(n -> !e.getValue().contains(n))
                            .toList();
                    if (!missing.isEmpty()) {
                        rawSteps(ctx, e.getKey(), e.getKey() + level.nanos, missing, counts);
                    }
                }
            }
        }
        return counts;
    }

    private void rawSteps(DSLContext ctx, long from, long to, List<String> steps, Map<String, Long> counts) {
        Schema.Tx t = s.tx;
        List<Field<?>> select = new ArrayList<>();
        for (String step : steps) {
            select.add(count().filterWhere(t.steps.like(stepPattern(step), ESCAPE)));
        }
        Record r = ctx.select(select)
                .from(t.table)
                .where(t.eventCount.gt(0))
                .and(t.createdAt.ge(from))
                .and(t.createdAt.lt(to))
                .fetchOne();
        if (r == null) {
            throw new IllegalStateException("an aggregate without GROUP BY returned no row");
        }
        for (int i = 0; i < steps.size(); i++) {
            counts.merge(steps.get(i), number(r.get(i)), Long::sum);
        }
    }

    /** {@code %"name"%}, with LIKE's wildcards in the name escaped. */
    private static String stepPattern(String step) {
        StringBuilder b = new StringBuilder("%\"");
        for (char c : step.toCharArray()) {
            if (c == ESCAPE || c == '%' || c == '_') {
                b.append(ESCAPE);
            }
            b.append(c);
        }
        return b.append("\"%").toString();
    }

    private static long number(@Nullable Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }
}
