package dev.vedette.jdbc;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.sum;

import dev.vedette.jdbc.RollupDelta.Granularity;
import dev.vedette.model.LatencyHistogram;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Bucket;
import dev.vedette.store.Dimension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;

/**
 * Answers an {@link AggregateQuery} from the rollups where they fit and from raw rows where they do
 * not. The range is cut into pieces: the largest aligned middle part from the coarsest rollup whose
 * buckets each fall inside one query bucket (in the query's zone), the edges from finer rollups, and
 * whatever is left below a minute from raw rows. The result equals grouping the raw rows.
 */
final class Aggregator {
    private static final long DAY_NANOS = 86_400_000_000_000L;

    private final DSLContext ctx;
    private final Schema s;
    private final AggregateQuery q;
    private final Map<Key, Acc> groups = new LinkedHashMap<>();

    private record Key(
            @Nullable Instant bucket,
            @Nullable String currency,
            @Nullable String status,
            @Nullable String provider,
            @Nullable String method) {}

    private static final class Acc {
        String statusKind = "PENDING";
        long count;
        BigDecimal amount = BigDecimal.ZERO;
        final long[] hist = new long[LatencyHistogram.BUCKETS];
        long maxMs;
    }

    Aggregator(DSLContext ctx, Schema s, AggregateQuery q) {
        this.ctx = ctx;
        this.s = s;
        this.q = q;
    }

    List<AggregateRow> run() {
        long from = Times.bound(q.from());
        long to = Times.bound(q.to());
        collect(from, to, levels(), 0);
        List<AggregateRow> rows = new ArrayList<>();
        for (Map.Entry<Key, Acc> e : groups.entrySet()) {
            Key k = e.getKey();
            Acc a = e.getValue();
            if (a.count <= 0) {
                continue;
            }
            Currency currency = k.currency() == null ? null : Currency.getInstance(k.currency());
            BigDecimal amount = currency == null
                    ? BigDecimal.ZERO
                    : a.amount.setScale(currency.getDefaultFractionDigits(), RoundingMode.UNNECESSARY);
            TransactionStatus status = k.status() == null
                    ? null
                    : TransactionStatus.of(k.status(), TransactionStatus.Kind.valueOf(a.statusKind));
            rows.add(new AggregateRow(
                    k.bucket(),
                    currency,
                    status,
                    k.provider(),
                    k.method(),
                    a.count,
                    amount,
                    LatencyHistogram.of(a.hist, a.maxMs)));
        }
        return rows;
    }

    /** Rollup granularities whose buckets never straddle two query buckets, coarsest first. */
    private List<Granularity> levels() {
        Bucket bucket = q.bucket();
        List<Granularity> out = new ArrayList<>();
        if (bucket == null) {
            return List.of(Granularity.values());
        }
        if (bucket == Bucket.DAY && aligned(86_400)) {
            out.add(Granularity.DAY);
        }
        if (bucket != Bucket.MINUTE && aligned(3_600)) {
            out.add(Granularity.HOUR);
        }
        if (aligned(60)) {
            out.add(Granularity.MINUTE);
        }
        return out;
    }

    /** True if every offset of the zone over the range, and every transition instant, is a multiple of the unit. */
    private boolean aligned(long unitSeconds) {
        ZoneRules rules = q.zone().getRules();
        Instant from = Times.instant(Times.bound(q.from()));
        Instant to = Times.instant(Times.bound(q.to()));
        if (rules.getOffset(from).getTotalSeconds() % unitSeconds != 0) {
            return false;
        }
        Instant t = from;
        while (true) {
            ZoneOffsetTransition tr = rules.nextTransition(t);
            if (tr == null || !tr.getInstant().isBefore(to)) {
                return true;
            }
            if (tr.getOffsetAfter().getTotalSeconds() % unitSeconds != 0
                    || tr.getInstant().getEpochSecond() % unitSeconds != 0) {
                return false;
            }
            t = tr.getInstant();
        }
    }

    private void collect(long from, long to, List<Granularity> levels, int level) {
        if (from >= to) {
            return;
        }
        if (level >= levels.size()) {
            raw(from, to);
            return;
        }
        Granularity g = levels.get(level);
        long a;
        long b;
        try {
            a = Math.multiplyExact(Math.floorDiv(from, g.nanos) + (Math.floorMod(from, g.nanos) == 0 ? 0 : 1), g.nanos);
            b = Math.multiplyExact(Math.floorDiv(to, g.nanos), g.nanos);
        } catch (ArithmeticException e) {
            collect(from, to, levels, level + 1);
            return;
        }
        if (a < b) {
            rollup(g, a, b);
            collect(from, a, levels, level + 1);
            collect(b, to, levels, level + 1);
        } else {
            collect(from, to, levels, level + 1);
        }
    }

    private void rollup(Granularity g, long from, long to) {
        if (g != Granularity.HOUR || q.bucket() != Bucket.DAY) {
            rollup(g, from, to, q.bucket() == null ? null : s.rollups.bucketStart);
            return;
        }
        // Hour rollups for days of a zone whose offset is not a whole day (Europe/Berlin): fold the
        // hours into zone days in SQL, one query per stretch of constant offset, so the database
        // returns one row per day and group instead of 24.
        ZoneRules rules = q.zone().getRules();
        long start = from;
        while (start < to) {
            Instant at = Times.instant(start);
            ZoneOffsetTransition next = rules.nextTransition(at);
            long end = next == null ? to : Math.min(to, Times.nanos(next.getInstant()));
            long offset = rules.getOffset(at).getTotalSeconds() * 1_000_000_000L;
            Field<Long> bucketStart = s.rollups.bucketStart;
            // noon of bucket_start's zone day, read with this stretch's offset: t - ((t + offset) mod day)
            // + 12 h. On a day with a transition the offset differs from the one at midnight, so this is
            // not the day's start, but it is an instant inside the day, which acc() maps to the start.
            Field<Long> day = bucketStart
                    .minus(bucketStart.plus(inline(offset)).mod(inline(DAY_NANOS)))
                    .plus(inline(DAY_NANOS / 2));
            rollup(g, start, end, day);
            start = end;
        }
    }

    /**
     * Sums the rollup rows of one granularity over [from, to), grouped by the query's dimensions and
     * by {@code bucket} (null for totals), in the database.
     */
    private void rollup(Granularity g, long from, long to, @Nullable Field<Long> bucket) {
        Schema.Rollups r = s.rollups;
        boolean byStatus = q.groupBy().contains(Dimension.STATUS);
        boolean byProvider = q.groupBy().contains(Dimension.PROVIDER);
        boolean byMethod = q.groupBy().contains(Dimension.PAYMENT_METHOD);
        List<Field<?>> groupBy = new ArrayList<>(List.of(r.currency));
        if (byStatus) {
            groupBy.add(r.statusCode);
            groupBy.add(r.statusKind);
        }
        if (byProvider) {
            groupBy.add(r.provider);
        }
        if (byMethod) {
            groupBy.add(r.paymentMethod);
        }
        Field<Long> bucketField = bucket == null ? null : bucket.as("bucket");
        List<Field<?>> select = new ArrayList<>(groupBy);
        if (bucket != null) {
            groupBy.add(bucket);
            select.add(bucketField);
        }
        Field<BigDecimal> count = sum(r.cnt);
        Field<BigDecimal> amount = sum(r.amount);
        Field<Long> maxMs = max(r.maxMs);
        select.add(count);
        select.add(amount);
        List<Field<BigDecimal>> hist = new ArrayList<>();
        if (q.latency()) {
            for (Field<Long> h : r.hist) {
                Field<BigDecimal> sh = sum(h);
                hist.add(sh);
                select.add(sh);
            }
            select.add(maxMs);
        }
        for (Record rec : ctx.select(select)
                .from(r.table)
                .where(r.granularity.eq(g.code))
                .and(r.bucketStart.ge(from))
                .and(r.bucketStart.lt(to))
                .and(r.cnt.gt(0L))
                .groupBy(groupBy)
                .fetch()) {
            long n = rec.get(count).longValue();
            if (n <= 0) {
                continue;
            }
            Acc acc = acc(
                    bucketField == null ? 0 : ((Number) rec.get(bucketField)).longValue(),
                    rec.get(r.currency),
                    byStatus ? rec.get(r.statusCode) : "",
                    byStatus ? rec.get(r.statusKind) : "PENDING",
                    byProvider ? rec.get(r.provider) : null,
                    byMethod ? rec.get(r.paymentMethod) : null);
            acc.count += n;
            acc.amount = acc.amount.add(rec.get(amount));
            for (int i = 0; i < hist.size(); i++) {
                acc.hist[i] += rec.get(hist.get(i)).longValue();
            }
            if (q.latency()) {
                acc.maxMs = Math.max(acc.maxMs, Objects.requireNonNullElse(rec.get(maxMs), 0L));
            }
        }
    }

    private void raw(long from, long to) {
        Schema.Tx t = s.tx;
        try (var cursor = ctx.select(
                        t.createdAt,
                        t.currency,
                        t.statusCode,
                        t.statusKind,
                        t.provider,
                        t.paymentMethod,
                        t.amount,
                        t.latencyMs)
                .from(t.table)
                .where(t.createdAt.ge(from))
                .and(t.createdAt.lt(to))
                .and(t.eventCount.gt(0))
                .fetchSize(1_000)
                .fetchLazy()) {
            for (var rec : cursor) {
                Acc acc = acc(rec.value1(), rec.value2(), rec.value3(), rec.value4(), rec.value5(), rec.value6());
                acc.count++;
                if (rec.value7() != null) {
                    acc.amount = acc.amount.add(rec.value7());
                }
                Long ms = rec.value8();
                if (ms != null && q.latency()) {
                    acc.hist[LatencyHistogram.bucketOf(Duration.ofMillis(ms))]++;
                    acc.maxMs = Math.max(acc.maxMs, ms);
                }
            }
        }
    }

    private Acc acc(
            long time,
            @Nullable String currency,
            String statusCode,
            String statusKind,
            @Nullable String provider,
            @Nullable String method) {
        Bucket bucket = q.bucket();
        ZoneId zone = q.zone();
        Key key = new Key(
                bucket == null ? null : bucket.start(Times.instant(time), zone),
                blankToNull(currency),
                q.groupBy().contains(Dimension.STATUS) ? statusCode : null,
                q.groupBy().contains(Dimension.PROVIDER) ? blankToNull(provider) : null,
                q.groupBy().contains(Dimension.PAYMENT_METHOD) ? blankToNull(method) : null);
        Acc acc = groups.computeIfAbsent(key, k -> new Acc());
        acc.statusKind = statusKind;
        return acc;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
