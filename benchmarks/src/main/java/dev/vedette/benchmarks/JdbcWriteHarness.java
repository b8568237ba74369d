package dev.vedette.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.LatencyHistogram;
import dev.vedette.model.Transaction;
import dev.vedette.store.WriteBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link JdbcStore#write} against plain pgjdbc batching on PostgreSQL ({@code reWriteBatchedInserts=true}),
 * same run, same connection settings. Three writers, alternated per round, each writing N new
 * transactions in batches of B, one database transaction per batch:
 *
 * <ul>
 *   <li>{@code JdbcStore.write}: locks/inserts the transaction rows, updates them, inserts one timeline
 *       event each, upserts minute/hour/day rollups;
 *   <li>{@code raw tx}: {@code PreparedStatement.addBatch/executeBatch} into {@code raw_transactions},
 *       created {@code LIKE vedette_transactions INCLUDING ALL} (same columns, primary key and indexes);
 *   <li>{@code raw tx+events}: the same plus one row per transaction into {@code raw_transaction_events}
 *       ({@code LIKE vedette_transaction_events INCLUDING ALL}) in the same database transaction;
 *   <li>{@code raw tx+events+rollups}: the same plus the minute/hour/day rollup rows of the batch,
 *       grouped in Java and upserted with {@code INSERT … ON CONFLICT DO UPDATE SET cnt = cnt +
 *       EXCLUDED.cnt, …} into {@code raw_rollups} ({@code LIKE vedette_rollups INCLUDING ALL}) — the
 *       same rows, the same database work {@code JdbcStore} does for new ids, without its locking,
 *       merging and SQL rendering.
 * </ul>
 *
 * <p>The observations are built before the clock starts. A warm-up round of N/10 per writer is not
 * counted. Args: N (default 100000), rounds (default 3), batch size (default 500), and {@code analyze} to
 * run {@code ANALYZE} on all five tables before every round (for servers with autovacuum off).
 */
public final class JdbcWriteHarness {
    private JdbcWriteHarness() {}

    public static void main(String[] args) throws Exception {
        int n = BenchSupport.intArg(args, 0, 100_000);
        int rounds = BenchSupport.intArg(args, 1, 3);
        int batch = BenchSupport.intArg(args, 2, 500);
        List<String> flags = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
        boolean analyze = flags.contains("analyze");
        // the write cost of the V4 filter indexes (#19): the same run without them
        boolean withoutFilterIndexes = flags.contains("without-filter-indexes");
        JdbcBench db = JdbcBench.open(JdbcBench.Kind.POSTGRES);
        if (db == null) {
            return;
        }
        try (db;
                HikariDataSource pool = db.pool(2)) {
            JdbcStore store = JdbcStore.builder().dataSource(pool).build();
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE raw_transactions (LIKE vedette_transactions INCLUDING ALL)");
                s.execute("CREATE TABLE raw_transaction_events (LIKE vedette_transaction_events INCLUDING ALL)");
                s.execute("CREATE TABLE raw_rollups (LIKE vedette_rollups INCLUDING ALL)");
                if (withoutFilterIndexes) {
                    for (String index : List.of(
                            "tx_email_lower",
                            "tx_status",
                            "tx_provider",
                            "tx_method",
                            "tx_error_code_trgm",
                            "tx_error_message_trgm")) {
                        s.execute("DROP INDEX IF EXISTS vedette_" + index);
                    }
                }
            }
            System.out.printf(
                    "== JdbcStore.write vs raw pgjdbc batches, PostgreSQL (reWriteBatchedInserts=true), %,d new transactions per writer per round, batches of %d, %d rounds%n",
                    n, batch, rounds);
            System.out.println("url: " + db.url + (analyze ? "; ANALYZE before every round" : "")
                    + (withoutFilterIndexes ? "; without the V4 filter indexes" : "; with every index")
                    + "; loadavg " + JdbcBench.loadAvg());
            String[] names = {"JdbcStore.write", "raw tx", "raw tx+events", "raw tx+ev+rollups"};
            int writers = names.length;
            double[][] rates = new double[writers][rounds];
            int[] seq = {0};
            for (int w = 0; w < writers; w++) {
                run(w, store, pool, build(n / 10, seq), batch); // warm-up
            }
            for (int r = 0; r < rounds; r++) {
                if (analyze) {
                    // what autovacuum would do on a server that runs it: fresh statistics, and cached
                    // generic plans are re-planned
                    try (Connection c = pool.getConnection();
                            Statement s = c.createStatement()) {
                        s.execute("ANALYZE vedette_transactions, vedette_transaction_events, vedette_rollups, "
                                + "raw_transactions, raw_transaction_events, raw_rollups");
                    }
                }
                for (int w = 0; w < writers; w++) {
                    List<Transaction> rows = build(n, seq);
                    System.gc();
                    long t0 = System.nanoTime();
                    run(w, store, pool, rows, batch);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    rates[w][r] = n / secs;
                    System.out.printf(
                            "round %d  %-18s %9.0f rows/s  (%.1f s, loadavg %s)%n",
                            r + 1, names[w], rates[w][r], secs, JdbcBench.loadAvg());
                }
            }
            System.out.println();
            System.out.printf("%-18s %10s %10s %10s %10s%n", "writer", "median/s", "min/s", "max/s", "store ÷ it");
            double storeMedian = median(rates[0]);
            for (int w = 0; w < writers; w++) {
                double m = median(rates[w]);
                System.out.printf(
                        "%-18s %10.0f %10.0f %10.0f %10s%n",
                        names[w],
                        m,
                        min(rates[w]),
                        max(rates[w]),
                        w == 0 ? "" : String.format("%.2f×", storeMedian / m));
            }
            System.out.println("per-round ratios (store / raw tx): " + ratios(rates[0], rates[1])
                    + "; (store / raw tx+events): " + ratios(rates[0], rates[2])
                    + "; (store / raw tx+events+rollups): " + ratios(rates[0], rates[3]));
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement();
                    var rs = s.executeQuery(
                            "SELECT (SELECT count(*) FROM vedette_transactions), (SELECT count(*) FROM vedette_transaction_events), "
                                    + "(SELECT count(*) FROM vedette_rollups), (SELECT count(*) FROM raw_transactions), (SELECT count(*) FROM raw_transaction_events), "
                                    + "(SELECT count(*) FROM raw_rollups)")) {
                rs.next();
                System.out.printf(
                        "rows at end: vedette_transactions %,d, events %,d, rollups %,d; raw_transactions %,d, raw events %,d, raw rollups %,d%n",
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
            }
            store.close();
        }
    }

    private static String ratios(double[] a, double[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            s.append(i == 0 ? "" : ", ").append(String.format("%.2f", a[i] / b[i]));
        }
        return s.toString();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(0);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(0);
    }

    /** N new observations, time-ordered over the last hour (≈ 28/s), as a live writer would see them. */
    private static List<Transaction> build(int n, int[] seq) {
        SplittableRandom r = new SplittableRandom(seq[0]);
        Instant end = Instant.now();
        Instant start = end.minusSeconds(3600);
        List<Transaction> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(JdbcBench.transaction(
                    String.format("txn_%09d", seq[0]++), start.plusNanos((long) (3_600e9 * i / n)), r));
        }
        return out;
    }

    private static void run(int writer, JdbcStore store, HikariDataSource pool, List<Transaction> rows, int batch)
            throws SQLException {
        if (writer == 0) {
            for (int i = 0; i < rows.size(); i += batch) {
                store.write(WriteBatch.ofTransactions(rows.subList(i, Math.min(rows.size(), i + batch))));
            }
        } else {
            raw(pool, rows, batch, writer >= 2, writer == 3);
        }
    }

    private static final String TX_INSERT =
            "INSERT INTO raw_transactions (id, status_code, status_kind, status_at, amount, currency, "
                    + "customer_email, customer_name, provider, provider_order_id, provider_payment_id, payment_method, error_code, "
                    + "error_message, attempt, latency_nanos, latency_ms, metadata, steps, created_at, last_event_at, completed_at, "
                    + "updated_at, event_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    private static final String EV_INSERT =
            "INSERT INTO raw_transaction_events (transaction_id, seq, occurred_at, recorded_at, "
                    + "status_code, status_kind, amount, currency, customer_email, customer_name, provider, provider_order_id, "
                    + "provider_payment_id, payment_method, error_code, error_message, attempt, latency_nanos, metadata, step) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** The same values JdbcStore stores for a new transaction with one observation. */
    private static void raw(HikariDataSource pool, List<Transaction> rows, int batch, boolean events, boolean rollups)
            throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement tx = c.prepareStatement(TX_INSERT);
                    PreparedStatement ev = c.prepareStatement(EV_INSERT);
                    PreparedStatement ru = c.prepareStatement(ROLLUP_UPSERT)) {
                for (int i = 0; i < rows.size(); i += batch) {
                    long recordedAt = nanos(Instant.now());
                    for (Transaction t : rows.subList(i, Math.min(rows.size(), i + batch))) {
                        long at = nanos(t.occurredAt());
                        Long latency = t.latency() == null ? null : t.latency().toNanos();
                        int k = 1;
                        tx.setString(k++, t.id());
                        tx.setString(k++, t.status().code());
                        tx.setString(k++, t.status().kind().name());
                        tx.setLong(k++, at);
                        tx.setBigDecimal(k++, t.money().amount());
                        tx.setString(k++, t.money().currency().getCurrencyCode());
                        tx.setString(k++, t.customerEmail());
                        tx.setString(k++, t.customerName());
                        tx.setString(k++, t.provider());
                        tx.setString(k++, t.providerOrderId());
                        tx.setString(k++, t.providerPaymentId());
                        tx.setString(k++, t.paymentMethod());
                        tx.setString(k++, t.errorCode());
                        tx.setString(k++, t.errorMessage());
                        tx.setInt(k++, t.attempt());
                        setLong(tx, k++, latency);
                        setLong(tx, k++, latency == null ? null : latency / 1_000_000);
                        tx.setString(k++, "{}");
                        tx.setString(k++, "[]");
                        tx.setLong(k++, at);
                        tx.setLong(k++, at);
                        tx.setLong(k++, at);
                        tx.setLong(k++, recordedAt);
                        tx.setInt(k, 1);
                        tx.addBatch();
                        if (events) {
                            k = 1;
                            ev.setString(k++, t.id());
                            ev.setInt(k++, 1);
                            ev.setLong(k++, at);
                            ev.setLong(k++, recordedAt);
                            ev.setString(k++, t.status().code());
                            ev.setString(k++, t.status().kind().name());
                            ev.setBigDecimal(k++, t.money().amount());
                            ev.setString(k++, t.money().currency().getCurrencyCode());
                            ev.setString(k++, t.customerEmail());
                            ev.setString(k++, t.customerName());
                            ev.setString(k++, t.provider());
                            ev.setString(k++, t.providerOrderId());
                            ev.setString(k++, t.providerPaymentId());
                            ev.setString(k++, t.paymentMethod());
                            ev.setString(k++, t.errorCode());
                            ev.setString(k++, t.errorMessage());
                            ev.setInt(k++, t.attempt());
                            setLong(ev, k++, latency);
                            ev.setString(k++, "{}");
                            ev.setNull(k, Types.VARCHAR);
                            ev.addBatch();
                        }
                    }
                    tx.executeBatch();
                    if (events) {
                        ev.executeBatch();
                    }
                    if (rollups) {
                        upsertRollups(ru, rows.subList(i, Math.min(rows.size(), i + batch)));
                    }
                    c.commit();
                }
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static final String ROLLUP_UPSERT;

    static {
        StringBuilder cols = new StringBuilder(
                "granularity, bucket_start, currency, status_code, status_kind, provider, payment_method, cnt, amount");
        StringBuilder set = new StringBuilder(
                "cnt = raw_rollups.cnt + EXCLUDED.cnt, amount = raw_rollups.amount + EXCLUDED.amount");
        for (int b = 0; b < LatencyHistogram.BUCKETS; b++) {
            String h = String.format("h%02d", b);
            cols.append(", ").append(h);
            set.append(", ")
                    .append(h)
                    .append(" = raw_rollups.")
                    .append(h)
                    .append(" + EXCLUDED.")
                    .append(h);
        }
        cols.append(", max_ms");
        set.append(", max_ms = GREATEST(raw_rollups.max_ms, EXCLUDED.max_ms)");
        ROLLUP_UPSERT = "INSERT INTO raw_rollups (" + cols + ") VALUES (" + "?,".repeat(9 + LatencyHistogram.BUCKETS)
                + "?) ON CONFLICT (granularity, bucket_start, currency, status_code, provider, payment_method) "
                + "DO UPDATE SET " + set;
    }

    private static final long[] GRANULARITY_NANOS = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L};
    private static final String[] GRANULARITY_CODES = {"d", "h", "m"};

    /** One rollup row being summed: count, amount, histogram, max. */
    private static final class RollupSum {
        long count;
        java.math.BigDecimal amount = java.math.BigDecimal.ZERO;
        final long[] hist = new long[LatencyHistogram.BUCKETS];
        long max;
    }

    /** The batch's rollup rows (what JdbcStore computes for new transactions), sorted by key, upserted. */
    private static void upsertRollups(PreparedStatement ru, List<Transaction> rows) throws SQLException {
        java.util.TreeMap<List<Object>, RollupSum> sums = new java.util.TreeMap<>(JdbcWriteHarness::compareKeys);
        for (Transaction t : rows) {
            long at = nanos(t.occurredAt());
            for (int g = 0; g < 3; g++) {
                List<Object> key = List.of(
                        GRANULARITY_CODES[g],
                        Math.floorDiv(at, GRANULARITY_NANOS[g]) * GRANULARITY_NANOS[g],
                        t.money().currency().getCurrencyCode(),
                        t.status().code(),
                        t.status().kind().name(),
                        t.provider(),
                        t.paymentMethod());
                RollupSum sum = sums.computeIfAbsent(key, k -> new RollupSum());
                sum.count++;
                sum.amount = sum.amount.add(t.money().amount());
                sum.hist[LatencyHistogram.bucketOf(t.latency())]++;
                sum.max = Math.max(sum.max, t.latency().toMillis());
            }
        }
        for (var e : sums.entrySet()) {
            List<Object> key = e.getKey();
            RollupSum sum = e.getValue();
            int k = 1;
            ru.setString(k++, (String) key.get(0));
            ru.setLong(k++, (Long) key.get(1));
            for (int i = 2; i < 7; i++) {
                ru.setString(k++, (String) key.get(i));
            }
            ru.setLong(k++, sum.count);
            ru.setBigDecimal(k++, sum.amount);
            for (long h : sum.hist) {
                ru.setLong(k++, h);
            }
            ru.setLong(k, sum.max);
            ru.addBatch();
        }
        ru.executeBatch();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = ((Comparable) a.get(i)).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }
}
