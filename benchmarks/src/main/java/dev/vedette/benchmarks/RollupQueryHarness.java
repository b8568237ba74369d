package dev.vedette.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.Transaction;
import dev.vedette.TransactionStatus;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Bucket;
import dev.vedette.store.Dimension;
import dev.vedette.store.LatencyHistogram;
import dev.vedette.store.WriteBatch;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Analytics answered from the rollups ({@code store.aggregate}) against the same answers from a raw
 * SQL {@code GROUP BY} over {@code vedette_transactions}, PostgreSQL, same run.
 *
 * <p>Loads N transactions spread evenly over the 60 days before "now" with {@link JdbcStore#write} in
 * batches of B, in passes of N/50 rows that each cover the full 60 days in time order; stops after
 * the pass that would overrun the load budget, so the data always spans 60 days. Then {@code ANALYZE}.
 * Queries, all ending at the same fixed "now" (the load's anchor, not minute-aligned):
 *
 * <ol>
 *   <li>KPI totals by status and provider, last 30 days;
 *   <li>revenue (SUCCEEDED − REVERSED) per day, the last 30 Europe/Berlin days;
 *   <li>success rate (SUCCEEDED ÷ (SUCCEEDED + FAILED)), last 24 h;
 *   <li>p95 latency, last 7 days (rollups: from the merged histogram; raw: {@code percentile_disc}).
 * </ol>
 *
 * <p>Args: N (default 1000000), batch (default 5000), load budget seconds (default 240), rollup runs
 * (default 50), raw runs (default 15), warm-up runs (default 5).
 */
public final class RollupQueryHarness {
    private RollupQueryHarness() {}

    private static final long DAY_NANOS = 86_400_000_000_000L;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    public static void main(String[] args) throws Exception {
        int n = BenchSupport.intArg(args, 0, 1_000_000);
        int batch = BenchSupport.intArg(args, 1, 5_000);
        int budget = BenchSupport.intArg(args, 2, 240);
        int rollupRuns = BenchSupport.intArg(args, 3, 50);
        int rawRuns = BenchSupport.intArg(args, 4, 15);
        int warmups = BenchSupport.intArg(args, 5, 5);
        JdbcBench db = JdbcBench.open(JdbcBench.Kind.POSTGRES);
        if (db == null) {
            return;
        }
        try (db;
                HikariDataSource pool = db.pool(3)) {
            JdbcStore store = JdbcStore.builder().dataSource(pool).build();
            Instant now = Instant.now();
            // The load goes through its own pool; its URL adds vbench.loadParams (default prepareThreshold=0:
            // no server-side prepared statements, ~3x faster JdbcStore.write here, see docs/benchmarks.md).
            // The queries below run on the default URL.
            String loadParams = System.getProperty("vbench.loadParams", "prepareThreshold=0");
            long loaded;
            try (HikariDataSource loadPool =
                    new HikariDataSource(hikari(db.url + (loadParams.isBlank() ? "" : "&" + loadParams)))) {
                JdbcStore loader = JdbcStore.builder().dataSource(loadPool).build();
                System.out.printf(
                        "== Rollups vs raw GROUP BY, PostgreSQL; loading up to %,d transactions over 60 days in batches of %,d (budget %d s, load URL params '%s')%n",
                        n, batch, budget, loadParams);
                loaded = load(loader, n, batch, budget, now);
                loader.close();
            }
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                long t0 = System.nanoTime();
                s.execute("ANALYZE vedette_transactions");
                s.execute("ANALYZE vedette_rollups");
                System.out.printf("ANALYZE took %.1f s%n", (System.nanoTime() - t0) / 1e9);
                try (ResultSet rs = s.executeQuery(
                        "SELECT granularity, count(*) FROM vedette_rollups GROUP BY granularity ORDER BY granularity")) {
                    StringBuilder b = new StringBuilder("rollup rows:");
                    while (rs.next()) {
                        b.append(' ').append(rs.getString(1)).append('=').append(String.format("%,d", rs.getLong(2)));
                    }
                    System.out.println(b);
                }
                try (ResultSet rs = s.executeQuery(
                        "SELECT pg_size_pretty(pg_total_relation_size('vedette_transactions')), pg_size_pretty(pg_total_relation_size('vedette_rollups'))")) {
                    rs.next();
                    System.out.printf(
                            "size: vedette_transactions %s, vedette_rollups %s (with indexes)%n",
                            rs.getString(1), rs.getString(2));
                }
            }
            System.out.printf("now = %s; %,d transactions from %s%n", now, loaded, now.minus(Duration.ofDays(60)));
            System.out.println();

            Instant from30 = now.minus(Duration.ofDays(30));
            Instant berlinFrom = now.atZone(BERLIN)
                    .toLocalDate()
                    .minusDays(29)
                    .atStartOfDay(BERLIN)
                    .toInstant();
            Instant from24h = now.minus(Duration.ofHours(24));
            Instant from7d = now.minus(Duration.ofDays(7));

            List<Object[]> results = new ArrayList<>();
            results.add(compare(
                    "(a) KPI totals by status+provider, 30 d",
                    () -> kpiSummary(
                            store.aggregate(AggregateQuery.totals(from30, now, Dimension.STATUS, Dimension.PROVIDER))),
                    () -> sql(
                            pool,
                            "SELECT currency, status_code, status_kind, provider, count(*), sum(amount) FROM vedette_transactions "
                                    + "WHERE created_at >= ? AND created_at < ? GROUP BY currency, status_code, status_kind, provider",
                            rs -> {
                                long groups = 0, count = 0;
                                while (rs.next()) {
                                    groups++;
                                    count += rs.getLong(5);
                                }
                                return "groups=" + groups + " count=" + count;
                            },
                            nanos(from30),
                            nanos(now)),
                    rollupRuns,
                    rawRuns,
                    warmups));
            results.add(compare(
                    "(b) revenue per Berlin day, 30 days",
                    () -> revenueSummary(store.aggregate(
                            AggregateQuery.series(berlinFrom, now, Bucket.DAY, BERLIN, Dimension.STATUS))),
                    () -> sql(
                            pool,
                            "SELECT (to_timestamp(created_at / 1000000000.0) AT TIME ZONE 'Europe/Berlin')::date AS day, currency, "
                                    + "sum(CASE status_kind WHEN 'SUCCEEDED' THEN amount WHEN 'REVERSED' THEN -amount ELSE 0 END) "
                                    + "FROM vedette_transactions WHERE created_at >= ? AND created_at < ? "
                                    + "AND status_kind IN ('SUCCEEDED', 'REVERSED') GROUP BY 1, 2 ORDER BY 1, 2",
                            rs -> {
                                TreeMap<String, BigDecimal> byCurrency = new TreeMap<>();
                                java.util.Set<String> days = new java.util.HashSet<>();
                                while (rs.next()) {
                                    days.add(rs.getString(1));
                                    byCurrency.merge(rs.getString(2), rs.getBigDecimal(3), BigDecimal::add);
                                }
                                return "days=" + days.size() + " revenue=" + normalise(byCurrency);
                            },
                            nanos(berlinFrom),
                            nanos(now)),
                    rollupRuns,
                    rawRuns,
                    warmups));
            results.add(compare(
                    "(c) success rate, last 24 h",
                    () -> successSummary(store.aggregate(AggregateQuery.totals(from24h, now, Dimension.STATUS))),
                    () -> sql(
                            pool,
                            "SELECT count(*) FILTER (WHERE status_kind = 'SUCCEEDED'), count(*) FILTER (WHERE status_kind = 'FAILED') "
                                    + "FROM vedette_transactions WHERE created_at >= ? AND created_at < ?",
                            rs -> {
                                rs.next();
                                return rate(rs.getLong(1), rs.getLong(2));
                            },
                            nanos(from24h),
                            nanos(now)),
                    rollupRuns,
                    rawRuns,
                    warmups));
            results.add(compare(
                    "(d) p95 latency, last 7 days",
                    () -> p95Summary(store.aggregate(AggregateQuery.totals(from7d, now))),
                    () -> sql(
                            pool,
                            "SELECT percentile_disc(0.95) WITHIN GROUP (ORDER BY latency_ms), count(latency_ms) "
                                    + "FROM vedette_transactions WHERE created_at >= ? AND created_at < ? AND latency_ms IS NOT NULL",
                            rs -> {
                                rs.next();
                                return "p95=" + rs.getLong(1) + " ms (exact) n=" + rs.getLong(2);
                            },
                            nanos(from7d),
                            nanos(now)),
                    rollupRuns,
                    rawRuns,
                    warmups));

            System.out.println();
            System.out.printf(
                    "%-40s %10s %10s %10s %10s %9s %9s%n",
                    "query (ms)", "rollup p50", "rollup p95", "raw p50", "raw p95", "p50 ratio", "p95 ratio");
            for (Object[] r : results) {
                double[] a = (double[]) r[1];
                double[] b = (double[]) r[2];
                System.out.printf(
                        "%-40s %10.2f %10.2f %10.1f %10.1f %8.2f× %8.2f×%n",
                        r[0], a[0], a[1], b[0], b[1], b[0] / a[0], b[1] / a[1]);
            }
            store.close();
        }
    }

    private static com.zaxxer.hikari.HikariConfig hikari(String url) {
        com.zaxxer.hikari.HikariConfig c = new com.zaxxer.hikari.HikariConfig();
        c.setJdbcUrl(url);
        c.setMaximumPoolSize(2);
        c.setPoolName("vbench-load");
        return c;
    }

    private static long load(JdbcStore store, int n, int batch, int budgetSeconds, Instant now) {
        int passes = 50;
        int perPass = n / passes;
        long start = System.nanoTime();
        long end = nanos(now);
        long span = 60 * DAY_NANOS;
        long loaded = 0;
        SplittableRandom r = new SplittableRandom(42);
        for (int pass = 0; pass < passes; pass++) {
            long p0 = System.nanoTime();
            List<Transaction> buf = new ArrayList<>(batch);
            for (int i = 0; i < perPass; i++) {
                double pos = (i + (pass + 0.5) / passes) / perPass;
                long at = end - span + (long) (span * pos);
                buf.add(JdbcBench.transaction("t" + pass + "_" + i, Instant.ofEpochSecond(0, at), r));
                if (buf.size() == batch || i == perPass - 1) {
                    store.write(WriteBatch.ofTransactions(buf));
                    buf = new ArrayList<>(batch);
                }
            }
            loaded += perPass;
            double passSecs = (System.nanoTime() - p0) / 1e9;
            double total = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "load pass %d: %,d rows in %.1f s (%.0f rows/s); %,d loaded, %.0f s total (loadavg %s)%n",
                    pass + 1, perPass, passSecs, perPass / passSecs, loaded, total, JdbcBench.loadAvg());
            if (pass < passes - 1 && total + passSecs * 1.3 > budgetSeconds) {
                System.out.printf(
                        "STOP: the next pass would overrun the %d s budget; measuring at %,d transactions, not %,d%n",
                        budgetSeconds, loaded, n);
                break;
            }
        }
        return loaded;
    }

    @FunctionalInterface
    private interface Rows {
        String read(ResultSet rs) throws SQLException;
    }

    private static String sql(HikariDataSource pool, String sql, Rows rows, long from, long to) {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                return rows.read(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object[] compare(
            String name, Supplier<String> rollup, Supplier<String> raw, int rollupRuns, int rawRuns, int warmups) {
        for (int i = 0; i < warmups; i++) {
            rollup.get();
            raw.get();
        }
        long[] a = new long[rollupRuns];
        String answerA = null;
        for (int i = 0; i < rollupRuns; i++) {
            long t0 = System.nanoTime();
            answerA = rollup.get();
            a[i] = System.nanoTime() - t0;
        }
        long[] b = new long[rawRuns];
        String answerB = null;
        for (int i = 0; i < rawRuns; i++) {
            long t0 = System.nanoTime();
            answerB = raw.get();
            b[i] = System.nanoTime() - t0;
        }
        double[] pa = JdbcBench.sortedMillis(a);
        double[] pb = JdbcBench.sortedMillis(b);
        System.out.printf(
                "%s%n   rollups n=%d p50=%.2f p95=%.2f max=%.2f ms  -> %s%n   raw     n=%d p50=%.1f p95=%.1f max=%.1f ms  -> %s  (loadavg %s)%n",
                name,
                rollupRuns,
                pa[0],
                pa[1],
                pa[2],
                answerA,
                rawRuns,
                pb[0],
                pb[1],
                pb[2],
                answerB,
                JdbcBench.loadAvg());
        return new Object[] {name, pa, pb};
    }

    private static String kpiSummary(List<AggregateRow> rows) {
        long count = 0;
        for (AggregateRow r : rows) {
            count += r.count();
        }
        return "groups=" + rows.size() + " count=" + count;
    }

    private static String revenueSummary(List<AggregateRow> rows) {
        TreeMap<String, BigDecimal> byCurrency = new TreeMap<>();
        java.util.Set<Instant> days = new java.util.HashSet<>();
        for (AggregateRow r : rows) {
            TransactionStatus s = r.status();
            if (r.currency() == null || s == null) {
                continue;
            }
            BigDecimal sign = switch (s.kind()) {
                case SUCCEEDED -> BigDecimal.ONE;
                case REVERSED -> BigDecimal.ONE.negate();
                default -> BigDecimal.ZERO;
            };
            if (sign.signum() != 0) {
                days.add(r.bucketStart());
                byCurrency.merge(r.currency().getCurrencyCode(), r.amount().multiply(sign), BigDecimal::add);
            }
        }
        return "days=" + days.size() + " revenue=" + normalise(byCurrency);
    }

    private static String normalise(TreeMap<String, BigDecimal> m) {
        TreeMap<String, String> out = new TreeMap<>();
        m.forEach((k, v) ->
                out.put(k, v.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString()));
        return out.toString();
    }

    private static String successSummary(List<AggregateRow> rows) {
        long ok = 0, failed = 0;
        for (AggregateRow r : rows) {
            if (r.status() == null) {
                continue;
            }
            switch (r.status().kind()) {
                case SUCCEEDED -> ok += r.count();
                case FAILED -> failed += r.count();
                default -> {}
            }
        }
        return rate(ok, failed);
    }

    private static String rate(long ok, long failed) {
        return String.format("success=%.4f (%d/%d)", ok / (double) Math.max(1, ok + failed), ok, ok + failed);
    }

    private static String p95Summary(List<AggregateRow> rows) {
        LatencyHistogram h = LatencyHistogram.empty();
        for (AggregateRow r : rows) {
            h = h.plus(r.latency());
        }
        Duration p = h.percentile(95);
        return "p95=" + (p == null ? "-" : p.toMillis()) + " ms (histogram) n=" + h.count();
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
