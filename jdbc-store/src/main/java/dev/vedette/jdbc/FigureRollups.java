package dev.vedette.jdbc;

import static dev.vedette.jdbc.Sql.executeBatch;
import static dev.vedette.jdbc.Sql.params;
import static org.jooq.impl.DSL.excluded;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.when;

import dev.vedette.jdbc.FigureDelta.FailureChange;
import dev.vedette.jdbc.FigureDelta.FailureKey;
import dev.vedette.jdbc.FigureDelta.RegisterKey;
import dev.vedette.jdbc.FigureDelta.StepKey;
import dev.vedette.model.TransactionStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/**
 * Applies a batch's {@link FigureDelta} to the failure rollups, step rollups and customer sketches
 * (V5) inside the batch's transaction, after the transaction rows are written. Failure codes and
 * steps are bounded per bucket: the first {@value #MAX_KEYS_PER_BUCKET} of a bucket get rows of
 * their own, later ones are counted under {@code (other)}; rows are never deleted, so where a
 * transaction was counted is decided the same way when it leaves. A newest message that left its row
 * is recomputed from the raw rows, as {@link RollupTable} recomputes a maximum latency.
 */
final class FigureRollups {
    /** Distinct error codes, and distinct steps, kept apart per bucket. */
    static final int MAX_KEYS_PER_BUCKET = 200;
    /** The step row counting the steps beyond the bound; not a recordable step name. */
    static final String OTHER_STEP = "(other)";

    static final String CODE = "c";
    static final String NO_CODE = "n";
    static final String OTHER = "o";

    private final Schema s;
    private final Dialect dialect;
    private final SketchCache cache;

    FigureRollups(Schema s, Dialect dialect, SketchCache cache) {
        this.s = s;
        this.dialect = dialect;
        this.cache = cache;
    }

    /** The cache to tell what committed. */
    SketchCache cache() {
        return cache;
    }

    /**
     * Applies the delta. Ranks upserted go to {@code pending}; the caller hands them to the cache once
     * the transaction has committed.
     */
    void apply(DSLContext ctx, FigureDelta delta, SketchCache.Pending pending) {
        if (delta.isEmpty()) {
            return;
        }
        applyFailures(ctx, delta.failures());
        applySteps(ctx, delta.steps());
        applyRegisters(ctx, delta.registers(), pending);
    }

    // failures ----------------------------------------------------------------------------------

    private record Slot(String granularity, long bucketStart, String slot, String code) {}

    private record Bucket(String granularity, long bucketStart) {}

    private void applyFailures(DSLContext ctx, Map<FailureKey, FailureChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Schema.FailureRollups f = s.failureRollups;
        Set<Bucket> buckets = new HashSet<>();
        changes.keySet().forEach(k -> buckets.add(new Bucket(k.granularity(), k.bucketStart())));
        Map<Bucket, Set<String>> known =
                knownKeys(ctx, buckets, f.table, f.granularity, f.bucketStart, f.errorCode, f.slot.eq(CODE));
        TreeMap<Slot, FailureChange> slots = new TreeMap<>(java.util.Comparator.comparing(Slot::granularity)
                .thenComparingLong(Slot::bucketStart)
                .thenComparing(Slot::slot)
                .thenComparing(Slot::code));
        for (Map.Entry<FailureKey, FailureChange> e : changes.entrySet()) {
            FailureKey k = e.getKey();
            String code = k.code();
            Slot slot;
            if (code == null) {
                slot = new Slot(k.granularity(), k.bucketStart(), NO_CODE, "");
            } else if (admit(known.get(new Bucket(k.granularity(), k.bucketStart())), code)) {
                slot = new Slot(k.granularity(), k.bucketStart(), CODE, code);
            } else {
                slot = new Slot(k.granularity(), k.bucketStart(), OTHER, "");
            }
            FailureChange into = slots.computeIfAbsent(slot, x -> new FailureChange());
            FailureChange from = e.getValue();
            into.count += from.count;
            if (!slot.slot().equals(OTHER)) {
                if (from.newestId != null && from.newestMessage != null) {
                    into.offer(from.newestAt, from.newestId, from.newestMessage);
                }
                into.removedIds.addAll(from.removedIds);
            }
        }

        List<Field<?>> cols = List.of(
                f.granularity, f.bucketStart, f.slot, f.errorCode, f.cnt, f.newestAt, f.newestId, f.newestMessage);
        Condition newer = excluded(f.newestAt)
                .isNotNull()
                .and(f.newestAt
                        .isNull()
                        .or(excluded(f.newestAt).gt(f.newestAt))
                        .or(excluded(f.newestAt)
                                .eq(f.newestAt)
                                .and(dialect.codePointKey(excluded(f.newestId)).ge(dialect.codePointKey(f.newestId)))));
        // MySQL/MariaDB assign left to right and later conditions see earlier assignments: the message
        // and id go before the time, whose condition then still holds exactly when it held for them
        Query upsert = ctx.insertInto(f.table)
                .columns(cols)
                .values(params(cols))
                .onConflict(f.granularity, f.bucketStart, f.slot, f.errorCode)
                .doUpdate()
                .set(f.cnt, f.cnt.plus(excluded(f.cnt)))
                .set(f.newestMessage, when(newer, excluded(f.newestMessage)).otherwise(f.newestMessage))
                .set(f.newestId, when(newer, excluded(f.newestId)).otherwise(f.newestId))
                .set(f.newestAt, when(newer, excluded(f.newestAt)).otherwise(f.newestAt));
        List<Object[]> rows = new ArrayList<>();
        List<Map.Entry<Slot, FailureChange>> recompute = new ArrayList<>();
        for (Map.Entry<Slot, FailureChange> e : slots.entrySet()) {
            Slot k = e.getKey();
            FailureChange ch = e.getValue();
            boolean hasNewest = ch.newestId != null;
            rows.add(new Object[] {
                k.granularity(),
                k.bucketStart(),
                k.slot(),
                k.code(),
                ch.count,
                hasNewest ? ch.newestAt : null,
                ch.newestId,
                ch.newestMessage
            });
            if (!ch.removedIds.isEmpty()) {
                recompute.add(e);
            }
        }
        executeBatch(ctx, upsert, rows);
        for (Map.Entry<Slot, FailureChange> e : recompute) {
            recomputeNewest(ctx, e.getKey(), e.getValue().removedIds);
        }
    }

    /** A message that left its row may have been the row's newest: find the newest from the raw rows. */
    private void recomputeNewest(DSLContext ctx, Slot k, Set<String> removedIds) {
        Schema.FailureRollups f = s.failureRollups;
        Condition row = f.granularity
                .eq(k.granularity())
                .and(f.bucketStart.eq(k.bucketStart()))
                .and(f.slot.eq(k.slot()))
                .and(f.errorCode.eq(k.code()));
        String newestId = ctx.select(f.newestId).from(f.table).where(row).fetchOne(f.newestId);
        if (newestId == null || !removedIds.contains(newestId)) {
            return;
        }
        Schema.Tx t = s.tx;
        long end = RollupDelta.bucketEnd(new RollupDelta.Key(k.granularity(), k.bucketStart(), "", "", "", ""));
        Record r = ctx.select(t.createdAt, t.id, t.errorMessage)
                .from(t.table)
                .where(t.createdAt.ge(k.bucketStart()))
                .and(t.createdAt.lt(end))
                .and(t.eventCount.gt(0))
                .and(t.statusKind.eq(TransactionStatus.Kind.FAILED.name()))
                .and(k.slot().equals(NO_CODE) ? t.errorCode.isNull() : t.errorCode.eq(k.code()))
                .and(t.errorMessage.isNotNull())
                .orderBy(t.createdAt.desc(), dialect.codePointKey(t.id).desc())
                .limit(1)
                .fetchOne();
        ctx.update(f.table)
                .set(f.newestAt, r == null ? null : r.get(t.createdAt))
                .set(f.newestId, r == null ? null : r.get(t.id))
                .set(f.newestMessage, r == null ? null : r.get(t.errorMessage))
                .where(row)
                .execute();
    }

    // steps ------------------------------------------------------------------------------------

    private void applySteps(DSLContext ctx, Map<StepKey, Long> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Schema.StepRollups r = s.stepRollups;
        Set<Bucket> buckets = new HashSet<>();
        changes.keySet().forEach(k -> buckets.add(new Bucket(k.granularity(), k.bucketStart())));
        Map<Bucket, Set<String>> known =
                knownKeys(ctx, buckets, r.table, r.granularity, r.bucketStart, r.step, r.step.ne(OTHER_STEP));
        TreeMap<StepKey, Long> slots = new TreeMap<>(FigureDelta.STEP_ORDER);
        changes.forEach((k, n) -> {
            String step =
                    admit(known.get(new Bucket(k.granularity(), k.bucketStart())), k.step()) ? k.step() : OTHER_STEP;
            slots.merge(new StepKey(k.granularity(), k.bucketStart(), step), n, Long::sum);
        });
        List<Field<?>> cols = List.of(r.granularity, r.bucketStart, r.step, r.cnt);
        Query upsert = ctx.insertInto(r.table)
                .columns(cols)
                .values(params(cols))
                .onConflict(r.granularity, r.bucketStart, r.step)
                .doUpdate()
                .set(r.cnt, r.cnt.plus(excluded(r.cnt)));
        List<Object[]> rows = new ArrayList<>();
        slots.forEach((k, n) -> {
            if (n != 0) {
                rows.add(new Object[] {k.granularity(), k.bucketStart(), k.step(), n});
            }
        });
        executeBatch(ctx, upsert, rows);
    }

    /** True if {@code key} has a row in its bucket or the bucket has room for one (which it then has). */
    private static boolean admit(@Nullable Set<String> known, String key) {
        if (known == null) {
            throw new IllegalStateException("bucket not read");
        }
        if (known.contains(key)) {
            return true;
        }
        if (known.size() < MAX_KEYS_PER_BUCKET) {
            known.add(key);
            return true;
        }
        return false;
    }

    /** The keys that have rows of their own, per bucket, read in this transaction. */
    private static Map<Bucket, Set<String>> knownKeys(
            DSLContext ctx,
            Set<Bucket> buckets,
            org.jooq.Table<Record> table,
            Field<String> granularity,
            Field<Long> bucketStart,
            Field<String> key,
            Condition own) {
        Map<Bucket, Set<String>> out = new HashMap<>();
        Map<String, List<Long>> byGranularity = new HashMap<>();
        for (Bucket b : buckets) {
            out.put(b, new HashSet<>());
            byGranularity
                    .computeIfAbsent(b.granularity(), g -> new ArrayList<>())
                    .add(b.bucketStart());
        }
        for (Map.Entry<String, List<Long>> e : byGranularity.entrySet()) {
            List<Long> starts = e.getValue();
            for (int i = 0; i < starts.size(); i += 500) {
                List<Long> chunk = starts.subList(i, Math.min(starts.size(), i + 500));
                for (Record r : ctx.select(bucketStart, key)
                        .from(table)
                        .where(granularity.eq(e.getKey()))
                        .and(bucketStart.in(chunk))
                        .and(own)
                        .fetch()) {
                    out.get(new Bucket(e.getKey(), r.get(bucketStart))).add(r.get(key));
                }
            }
        }
        return out;
    }

    // customer sketches ------------------------------------------------------------------------

    private void applyRegisters(DSLContext ctx, Map<RegisterKey, Integer> offered, SketchCache.Pending pending) {
        if (offered.isEmpty()) {
            return;
        }
        Schema.CustomerSketches c = s.sketches;
        Map<String, byte[]> known = new HashMap<>();
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<RegisterKey, Integer> e : offered.entrySet()) {
            RegisterKey k = e.getKey();
            byte[] ranks = known.computeIfAbsent(
                    k.sketch() + "/" + k.spanDays() + "/" + k.dayStart(),
                    x -> ranks(ctx, k.sketch(), k.spanDays(), k.dayStart()));
            int rank = e.getValue();
            if (rank > ranks[k.register()]) {
                rows.add(new Object[] {k.sketch(), k.spanDays(), k.dayStart(), k.register(), rank});
                pending.add(k, rank);
            }
        }
        List<Field<?>> cols = List.of(c.sketch, c.spanDays, c.dayStart, c.reg, c.rnk);
        Query upsert = ctx.insertInto(c.table)
                .columns(cols)
                .values(params(cols))
                .onConflict(c.sketch, c.spanDays, c.dayStart, c.reg)
                .doUpdate()
                .set(c.rnk, greatest(c.rnk, excluded(c.rnk)));
        executeBatch(ctx, upsert, rows);
    }

    /** The known ranks of a block's sketch: from the cache, else read (committed rows) and cached. */
    private byte[] ranks(DSLContext ctx, String sketch, int spanDays, long dayStart) {
        byte[] ranks = cache.get(sketch, spanDays, dayStart);
        if (ranks != null) {
            return ranks;
        }
        Schema.CustomerSketches c = s.sketches;
        ranks = new byte[1 << FigureDelta.PRECISION];
        for (Record r : ctx.select(c.reg, c.rnk)
                .from(c.table)
                .where(c.sketch.eq(sketch))
                .and(c.spanDays.eq(spanDays))
                .and(c.dayStart.eq(dayStart))
                .fetch()) {
            ranks[r.get(c.reg)] = r.get(c.rnk).byteValue();
        }
        cache.load(sketch, spanDays, dayStart, ranks);
        return ranks;
    }
}
