package dev.vedette.analytics;

import dev.vedette.internal.Validate;
import dev.vedette.model.Money;
import dev.vedette.model.StoredTransaction;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Bucket;
import dev.vedette.store.Dimension;
import dev.vedette.store.Page;
import dev.vedette.store.Store;
import dev.vedette.store.TransactionQuery;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * CSV exports (RFC 4180, formula-neutralised, see {@link CsvWriter}) written to a {@link Writer}.
 * Every export writes a header row first and returns the number of data rows. The writer is
 * flushed, never closed.
 *
 * <pre>{@code
 * try (Writer w = Files.newBufferedWriter(path)) {
 *     analytics.csv().transactions(TransactionQuery.builder().status(TransactionStatus.FAILED).build(), w);
 * }
 * }</pre>
 */
public final class CsvExport {
    /** Columns of {@link #transactions}. */
    public static final List<String> TRANSACTION_COLUMNS = List.of(
            "id",
            "created_at",
            "status",
            "status_kind",
            "amount",
            "currency",
            "customer_email",
            "customer_name",
            "provider",
            "provider_order_id",
            "provider_payment_id",
            "payment_method",
            "error_code",
            "error_message",
            "attempt",
            "latency_ms",
            "completed_at",
            "steps");
    /** Columns of {@link #kpisPerDay}. */
    public static final List<String> DAILY_COLUMNS = List.of(
            "date",
            "currency",
            "transactions",
            "paid",
            "failed",
            "refunded",
            "pending",
            "success_rate",
            "gross",
            "refunds",
            "revenue",
            "average_order_value");
    /** Columns of {@link #revenueBySegment}. */
    public static final List<String> SEGMENT_COLUMNS = List.of(
            "dimension",
            "name",
            "currency",
            "transactions",
            "paid",
            "failed",
            "success_rate",
            "gross",
            "refunds",
            "revenue",
            "p95_latency_ms");

    private final Analytics analytics;
    private final Store store;

    CsvExport(Analytics analytics, Store store) {
        this.analytics = analytics;
        this.store = store;
    }

    /**
     * Every transaction matching {@code query} (newest first, starting after its cursor if it has
     * one), one row each, in {@link #TRANSACTION_COLUMNS}. The query's filters apply; its {@code
     * limit} does not: the export pages through the store {@value TransactionQuery#MAX_LIMIT} rows at
     * a time until the last page, holding one page in memory. Times are ISO-8601 UTC; {@code steps}
     * are joined with {@code ;}.
     *
     * @return number of data rows written
     * @throws IllegalArgumentException if an argument is null
     * @throws java.io.UncheckedIOException if writing fails
     */
    public long transactions(TransactionQuery query, Writer out) {
        return transactions(query, out, UnaryOperator.identity());
    }

    /**
     * Like {@link #transactions(TransactionQuery, Writer)}, with each {@code customer_email} written
     * as {@code email} turns it: a host that masks addresses on screen masks them in the export too,
     * e.g. {@code csv.transactions(query, w, e -> e == null ? null : "***")}.
     *
     * @param email applied to every customer e-mail address, null included; returns the cell's value
     * @return number of data rows written
     * @throws IllegalArgumentException if an argument is null
     * @throws java.io.UncheckedIOException if writing fails
     */
    public long transactions(TransactionQuery query, Writer out, UnaryOperator<@Nullable String> email) {
        Validate.notNull("query", query);
        Validate.notNull("email", email);
        CsvWriter csv = new CsvWriter(out);
        csv.row(TRANSACTION_COLUMNS);
        long n = 0;
        String after = query.after();
        while (true) {
            Page<StoredTransaction> page = store.searchTransactions(query.toBuilder()
                    .limit(TransactionQuery.MAX_LIMIT)
                    .after(after)
                    .build());
            for (StoredTransaction t : page.items()) {
                Money money = t.money();
                csv.row(
                        t.id(),
                        t.createdAt().toString(),
                        t.status().code(),
                        t.status().kind().name(),
                        money == null ? null : money.amount(),
                        money == null ? null : money.currency().getCurrencyCode(),
                        email.apply(t.customerEmail()),
                        t.customerName(),
                        t.provider(),
                        t.providerOrderId(),
                        t.providerPaymentId(),
                        t.paymentMethod(),
                        t.errorCode(),
                        t.errorMessage(),
                        t.attempt() == 0 ? null : t.attempt(),
                        t.latency() == null ? null : t.latency().toMillis(),
                        t.completedAt() == null ? null : t.completedAt().toString(),
                        String.join(";", t.steps()));
                n++;
            }
            if (!page.hasNext()) {
                break;
            }
            after = page.nextCursor();
        }
        csv.flush();
        return n;
    }

    /**
     * One row per day of the business zone and currency over [{@code from}, {@code to}), from
     * rollups, in {@link #DAILY_COLUMNS}, oldest day first, currencies by code. Counts are those of
     * the transactions in that currency; transactions recorded without an amount get their own row
     * with an empty currency and empty money columns. Days without transactions get no row. Rates
     * are fractions with four decimals, empty when undefined (see {@link Totals}).
     *
     * @return number of data rows written
     * @throws IllegalArgumentException if an argument is null or the range is empty
     */
    public long kpisPerDay(Instant from, Instant to, Writer out) {
        Analytics.checkRange(from, to);
        Validate.notNull("out", out);
        List<AggregateRow> rows = store.aggregate(
                new AggregateQuery(from, to, Bucket.DAY, analytics.zone(), Set.of(Dimension.STATUS)).withoutLatency());
        Map<GroupKey, Tally> groups = group(rows, r -> {
            Instant start = r.bucketStart();
            if (start == null) {
                throw new IllegalStateException("store returned a row without bucketStart for a bucketed query");
            }
            return Interval.DAY.label(start, analytics.zone());
        });
        CsvWriter csv = new CsvWriter(out);
        csv.row(DAILY_COLUMNS);
        long n = 0;
        for (Map.Entry<GroupKey, Tally> e : groups.entrySet()) {
            Currency c = e.getKey().currency();
            Totals t = e.getValue().totals(analytics.refundAccounting());
            csv.row(
                    e.getKey().name(),
                    c == null ? null : c.getCurrencyCode(),
                    t.transactions(),
                    t.paid(),
                    t.failed(),
                    t.reversed(),
                    t.pending(),
                    rate(t.successRate()),
                    money(c, t.gross()),
                    money(c, t.refunds()),
                    money(c, t.revenue()),
                    money(c, t.averageOrderValue()));
            n++;
        }
        csv.flush();
        return n;
    }

    /**
     * Revenue and performance per provider and per payment method over [{@code from}, {@code to}),
     * from rollups, in {@link #SEGMENT_COLUMNS}: one row per segment and currency (counts are those of
     * the segment's transactions in that currency; transactions without an amount get a row with an
     * empty currency). {@code dimension} is {@code provider} or {@code payment_method}; a missing
     * provider or method is {@value Analytics#NONE}. Rows are ordered by dimension, name, currency.
     *
     * @return number of data rows written
     * @throws IllegalArgumentException if an argument is null or the range is empty
     */
    public long revenueBySegment(Instant from, Instant to, Writer out) {
        Analytics.checkRange(from, to);
        Validate.notNull("out", out);
        CsvWriter csv = new CsvWriter(out);
        csv.row(SEGMENT_COLUMNS);
        long n = writeSegments(csv, "provider", from, to, Dimension.PROVIDER, AggregateRow::provider);
        n += writeSegments(csv, "payment_method", from, to, Dimension.PAYMENT_METHOD, AggregateRow::paymentMethod);
        csv.flush();
        return n;
    }

    private long writeSegments(
            CsvWriter csv,
            String dimension,
            Instant from,
            Instant to,
            Dimension groupBy,
            Function<AggregateRow, @Nullable String> name) {
        List<AggregateRow> rows = store.aggregate(
                new AggregateQuery(from, to, null, analytics.zone(), Set.of(Dimension.STATUS, groupBy)));
        Map<GroupKey, Tally> groups = group(rows, r -> {
            String s = name.apply(r);
            return s == null ? Analytics.NONE : s;
        });
        long n = 0;
        for (Map.Entry<GroupKey, Tally> e : groups.entrySet()) {
            Currency c = e.getKey().currency();
            Tally tally = e.getValue();
            Totals t = tally.totals(analytics.refundAccounting());
            java.time.Duration p95 = tally.latency.percentile(95);
            csv.row(
                    dimension,
                    e.getKey().name(),
                    c == null ? null : c.getCurrencyCode(),
                    t.transactions(),
                    t.paid(),
                    t.failed(),
                    rate(t.successRate()),
                    money(c, t.gross()),
                    money(c, t.refunds()),
                    money(c, t.revenue()),
                    p95 == null ? null : p95.toMillis());
            n++;
        }
        return n;
    }

    private record GroupKey(String name, @Nullable Currency currency) {}

    private static final Comparator<GroupKey> ORDER = Comparator.comparing(GroupKey::name)
            .thenComparing(GroupKey::currency, Comparator.nullsLast(Amounts.BY_CODE));

    private static Map<GroupKey, Tally> group(List<AggregateRow> rows, Function<AggregateRow, String> name) {
        Map<GroupKey, Tally> groups = new TreeMap<>(ORDER);
        for (AggregateRow r : rows) {
            groups.computeIfAbsent(new GroupKey(name.apply(r), r.currency()), k -> new Tally())
                    .add(r);
        }
        return groups;
    }

    private static @Nullable BigDecimal money(@Nullable Currency c, Map<Currency, BigDecimal> amounts) {
        if (c == null) {
            return null;
        }
        BigDecimal a = amounts.get(c);
        return a == null ? Amounts.zero(c) : a;
    }

    private static @Nullable BigDecimal rate(double r) {
        return Double.isNaN(r) ? null : BigDecimal.valueOf(r).setScale(4, RoundingMode.HALF_EVEN);
    }
}
