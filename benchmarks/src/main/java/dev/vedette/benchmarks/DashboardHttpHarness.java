package dev.vedette.benchmarks;

import dev.vedette.examples.demo.PaymentsDemoApplication;
import dev.vedette.store.Cursor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Every JSON call the dashboard's pages make, timed over HTTP with the dashboard token against the
 * real payments demo (Spring Boot starter, JDBC store, traffic off) on a PostgreSQL schema holding N
 * transactions, plus the same calls in the same run with index use turned off (the naive baseline).
 *
 * <p>Data: a kept schema ({@code vbench_dash_<N>} unless {@code -Dvbench.schema}) on the server of
 * {@code VEDETTE_BENCH_POSTGRES_URL} (default the local test server). If the schema holds a finished
 * load of N rows younger than {@code -Dvbench.maxAgeHours} (default 24: the data ends at the load's
 * "now", and the pages look back from the real now), the load is skipped; otherwise the schema is
 * dropped, migrated by {@code JdbcStore} and filled in SQL: the transactions and their rollups by
 * {@code RollupQueryHarness.bulkLoad} (60 days, 0.1% left PENDING), one timeline event per
 * transaction, N/10 log lines, 300 error groups, 5,000 alerts (5 open) with a delivery each, 60 daily
 * reports and 5-minute health samples. Then {@code VACUUM (ANALYZE)} on every run.
 *
 * <p>Timing: {@code -Dvbench.warmups} (default 3) rounds, then {@code -Dvbench.rounds} (default 20);
 * each round calls every entry of {@link #calls} once, in order. p50/p95/p99 are nearest-rank over the
 * timed rounds. The CSV call also reports time to first byte and rows per second.
 *
 * <p>Baseline ({@code -Dvbench.baseline=false} skips it): the app is restarted on the same schema with
 * {@code enable_indexscan}, {@code enable_indexonlyscan} and {@code enable_bitmapscan} off for its
 * connections (PostgreSQL {@code options}), so every query is planned as on tables without secondary
 * indexes: a plain table and the same SQL. Rollups stay in use (they are tables the code reads; see
 * RollupQueryHarness for rollups against raw {@code GROUP BY}). {@code -Dvbench.baselineRounds} /
 * {@code -Dvbench.baselineWarmups} default to the main run's; {@code -Dvbench.main=false} runs the
 * baseline alone; {@code -Dvbench.baselineStatementTimeoutMs} caps each baseline query in the server (a
 * call whose query is cut is reported as failed), so that a baseline at 10 M cannot run for hours.
 *
 * <p>A call that fails or takes longer than {@code -Dvbench.callTimeoutSeconds} (default 120) is
 * reported as failed and not called again in that configuration.
 *
 * <p>N: {@code -Dvbench.rows} or the first argument, default 10,000,000.
 */
public final class DashboardHttpHarness {
    private static final long DAY_NANOS = 86_400_000_000_000L;
    private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    private static final String SERVER =
            env("VEDETTE_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(Long.getLong("vbench.callTimeoutSeconds", 120));
    private static final String NO_INDEX_OPTIONS = URLEncoder.encode(
            "-c enable_indexscan=off -c enable_indexonlyscan=off -c enable_bitmapscan=off", StandardCharsets.UTF_8);

    private DashboardHttpHarness() {}

    /** One call as the dashboard makes it: a label and the path under {@code /vedette/api}. */
    private record Call(String name, String path, boolean csv) {}

    /** The timings of one call in one configuration, and its last answer's row count. */
    private record Timed(
            Call call, double[] ms, String rows, double ttfbP50, double ttfbP95, double rowsPerSecond, String failure) {
        /**
         * Whether the call misses its goal: p95 <= 100 ms and p99 <= 250 ms, except for an export of
         * more than {@value #STREAMED_ROWS} rows, whose goal is a first byte at p95 <= 100 ms and at
         * least 100,000 rows/s (a day of 166,667 rows cannot arrive whole in 100 ms).
         */
        boolean misses() {
            if (call.csv() && rowsPerSecond > 0 && csvRows() > STREAMED_ROWS) {
                return ttfbP95 > 100 || rowsPerSecond < 100_000;
            }
            return ms[1] > 100 || ms[2] > 250;
        }

        private long csvRows() {
            try {
                return Long.parseLong(rows.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /** Exports longer than this are judged as streams (first byte and rows/s), not by total time. */
    private static final long STREAMED_ROWS = 10_000;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : Integer.getInteger("vbench.rows", 10_000_000);
        if (n < 10_000) {
            throw new IllegalArgumentException("vbench.rows must be at least 10000, was " + n);
        }
        int warmups = Integer.getInteger("vbench.warmups", 3);
        int rounds = Integer.getInteger("vbench.rounds", 20);
        boolean baseline = Boolean.parseBoolean(System.getProperty("vbench.baseline", "true"));
        int baseWarmups = Integer.getInteger("vbench.baselineWarmups", warmups);
        int baseRounds = Integer.getInteger("vbench.baselineRounds", rounds);
        String schema = System.getProperty("vbench.schema", "vbench_dash_" + n);
        long maxAgeHours = Long.getLong("vbench.maxAgeHours", 24);
        String url = SERVER + (SERVER.contains("?") ? "&" : "?") + "currentSchema=" + schema;

        System.out.printf(
                "== Dashboard over HTTP, PostgreSQL schema %s, %,d transactions; %d warm-up + %d rounds (baseline %s)%n",
                schema, n, warmups, rounds, baseline ? baseWarmups + " + " + baseRounds : "off");
        System.out.printf(
                "machine: %d cores, loadavg %s, %s%n",
                Runtime.getRuntime().availableProcessors(), JdbcBench.loadAvg(), Instant.now());
        Instant anchor = ensureLoaded(url, schema, n, maxAgeHours);
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE)");
            try (ResultSet rs = s.executeQuery("SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) "
                    + "FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace "
                    + "WHERE ns.nspname = current_schema() AND c.relkind = 'r'")) {
                rs.next();
                System.out.printf(
                        "VACUUM (ANALYZE) %.1f s; schema size with indexes %s; server %s%n",
                        (System.nanoTime() - t0) / 1e9, rs.getString(1), version(s));
            }
            System.out.println("indexes on vedette_transactions: " + indexes(s));
        }

        // Spring Boot's logback setup cannot run beside the benchmarks' slf4j-simple binding
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        Map<String, List<Timed>> runs = new LinkedHashMap<>();
        if (Boolean.parseBoolean(System.getProperty("vbench.main", "true"))) {
            runs.put("vedette", run(url, n, anchor, schema, warmups, rounds));
        }
        if (baseline) {
            long cap = Long.getLong("vbench.baselineStatementTimeoutMs", 0);
            String options = NO_INDEX_OPTIONS
                    + (cap > 0 ? URLEncoder.encode(" -c statement_timeout=" + cap, StandardCharsets.UTF_8) : "");
            runs.put("no-index", run(url + "&options=" + options, n, anchor, schema, baseWarmups, baseRounds));
        }
        print(runs);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String version(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String indexes(Statement s) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                + "AND tablename = 'vedette_transactions' ORDER BY indexname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return String.join(", ", names);
    }

    /** The load's anchor ("now" of the data), loading first unless a finished, fresh load of n is there. */
    private static Instant ensureLoaded(String url, String schema, int n, long maxAgeHours) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER);
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.tables "
                        + "WHERE table_schema = ? AND table_name = 'vbench_meta'")) {
            ps.setString(1, schema);
            boolean present;
            try (ResultSet rs = ps.executeQuery()) {
                present = rs.next();
            }
            if (present) {
                try (Statement s = c.createStatement();
                        ResultSet rs =
                                s.executeQuery("SELECT n, anchor, load_seconds FROM " + schema + ".vbench_meta")) {
                    if (rs.next() && rs.getLong(1) == n) {
                        Instant anchor = Instant.ofEpochSecond(0, rs.getLong(2));
                        Duration age = Duration.between(anchor, Instant.now());
                        if (age.toHours() < maxAgeHours) {
                            System.out.printf(
                                    "reusing the load in %s: %,d transactions ending %s (%d min ago; that load took %.0f s)%n",
                                    schema, n, anchor, age.toMinutes(), rs.getDouble(3));
                            return anchor;
                        }
                        System.out.printf(
                                "the load in %s is %d h old (vbench.maxAgeHours=%d): reloading%n",
                                schema, age.toHours(), maxAgeHours);
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                s.execute("CREATE SCHEMA " + schema);
            }
        }
        Instant now = Instant.now();
        long t0 = System.nanoTime();
        try (com.zaxxer.hikari.HikariDataSource pool = pool(url)) {
            dev.vedette.jdbc.JdbcStore.builder().dataSource(pool).build().close();
            RollupQueryHarness.bulkLoad(pool, n, now, true);
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                loadRest(s, n, now, t0);
                s.execute(
                        "CREATE TABLE vbench_meta (n BIGINT NOT NULL, anchor BIGINT NOT NULL, load_seconds DOUBLE PRECISION NOT NULL)");
                s.execute("INSERT INTO vbench_meta VALUES (" + n + ", " + nanos(now) + ", "
                        + (System.nanoTime() - t0) / 1e9 + ")");
            }
        }
        System.out.printf(
                "load done: %,d transactions in %.0f s (%.0f rows/s, loadavg %s)%n",
                n, (System.nanoTime() - t0) / 1e9, n / ((System.nanoTime() - t0) / 1e9), JdbcBench.loadAvg());
        return now;
    }

    private static com.zaxxer.hikari.HikariDataSource pool(String url) {
        com.zaxxer.hikari.HikariConfig c = new com.zaxxer.hikari.HikariConfig();
        c.setJdbcUrl(url);
        c.setMaximumPoolSize(2);
        c.setPoolName("vbench-dash-load");
        return new com.zaxxer.hikari.HikariDataSource(c);
    }

    /** Timeline events, logs, error groups, alerts and deliveries, reports and health samples, in SQL. */
    private static void loadRest(Statement s, int n, Instant now, long t0) throws SQLException {
        long end = nanos(now);
        long span = 60 * DAY_NANOS;
        s.executeUpdate(
                "INSERT INTO vedette_transaction_events (transaction_id, seq, occurred_at, recorded_at, "
                        + "status_code, status_kind, amount, currency, customer_email, customer_name, provider, "
                        + "provider_order_id, provider_payment_id, payment_method, error_code, error_message, attempt, "
                        + "latency_nanos, metadata, step) SELECT id, 1, created_at, created_at, status_code, status_kind, "
                        + "amount, currency, customer_email, customer_name, provider, provider_order_id, provider_payment_id, "
                        + "payment_method, error_code, error_message, attempt, latency_nanos, '{}', NULL FROM vedette_transactions");
        progress("timeline events", t0);
        int logs = n / 10;
        s.executeUpdate("INSERT INTO vedette_logs (log_level, level_rank, component, message, details, transaction_id, "
                + "customer, occurred_at) SELECT (ARRAY['ERROR','WARN','INFO','DEBUG'])[1 + g % 4], g % 4, "
                + "(ARRAY['checkout','paypal','stripe','webhooks'])[1 + g % 4], 'log line ' || g || ' for order ord_' || g, "
                + "'{}', 'b' || lpad((g * 10 % " + n + ")::text, 9, '0'), NULL, "
                + (end - span) + " + (" + span + "::numeric * g / " + logs + ")::bigint "
                + "FROM generate_series(0, " + (logs - 1) + ") g");
        progress("logs", t0);
        s.executeUpdate("INSERT INTO vedette_error_groups (fingerprint, error_type, message_template, component, cnt, "
                + "first_seen, last_seen, last_message, last_stack_trace, last_transaction_id, status) "
                + "SELECT 'fp' || lpad(g::text, 6, '0'), 'java.net.SocketTimeoutException' || (g % 7), "
                + "'Read timed out after <n> ms (' || g || ')', (ARRAY['checkout','paypal','stripe'])[1 + g % 3], "
                + "100 + g, " + (end - span) + ", " + end
                + " - g::bigint * 60000000000, 'Read timed out after 5000 ms', "
                + "'java.net.SocketTimeoutException: Read timed out\n\tat Demo.pay(Demo.java:1)', 'b000000001', "
                + "(ARRAY['NEW','REGRESSED','RESOLVED','IGNORED'])[1 + g % 4] FROM generate_series(0, 299) g");
        s.executeUpdate("INSERT INTO vedette_alerts (id, dedup_key, active_key, severity, title, message, component, "
                + "labels, source, status, occurrences, first_seen, last_seen, resolved_by, resolved_at) "
                + "SELECT 'a' || lpad(g::text, 6, '0'), 'rule:error-rate:' || g, CASE WHEN g < 5 THEN 'rule:error-rate:' || g END, "
                + "(ARRAY['CRITICAL','HIGH','MEDIUM','LOW'])[1 + g % 4], 'Error rate above 10% (' || g || ')', "
                + "'12 of 80 payments failed in 5m', 'checkout', '{}', NULL, CASE WHEN g < 5 THEN 'OPEN' ELSE 'RESOLVED' END, "
                + "1 + g % 9, t, t, CASE WHEN g < 5 THEN NULL ELSE 'system' END, CASE WHEN g < 5 THEN NULL ELSE t + 600000000000 END "
                + "FROM (SELECT g, " + end + " - (" + span + "::numeric * g / 5000)::bigint AS t "
                + "FROM generate_series(0, 4999) g) x");
        s.executeUpdate("INSERT INTO vedette_deliveries (id, ord, alert_id, channel, kind, state, attempts, "
                + "next_attempt_at, last_error, created_at, sent_at) SELECT 'd' || id, row_number() OVER (ORDER BY id), id, "
                + "'log', 'TRIGGER', 'SENT', 1, first_seen, NULL, first_seen, first_seen FROM vedette_alerts");
        s.executeUpdate("INSERT INTO vedette_reports (id, kind, period, subject, body_text, body_html, created_at) "
                + "SELECT 'r' || g, 'DAILY', to_char(d, 'YYYY-MM-DD'), 'Daily report ' || to_char(d, 'YYYY-MM-DD'), "
                + "'Payments: 166,000 · success 94%', '<p>Payments: 166,000</p>', "
                + "(extract(epoch FROM d + interval '1 day 7 hours') * 1000000000)::bigint "
                + "FROM (SELECT g, (current_date - g)::timestamp AS d FROM generate_series(1, 60) g) x");
        s.executeUpdate(
                "INSERT INTO vedette_health_samples (component, status, response_nanos, message, details, checked_at) "
                        + "SELECT c, 'UP', 140000000, NULL, '{}', " + end + " - g::bigint * 300000000000 "
                        + "FROM generate_series(0, " + (60 * 288 - 1)
                        + ") g CROSS JOIN (VALUES ('paypal'), ('stripe')) v(c)");
        progress("error groups, alerts, deliveries, reports, health samples", t0);
    }

    private static void progress(String what, long t0) {
        System.out.printf("load: %s, %.0f s (loadavg %s)%n", what, (System.nanoTime() - t0) / 1e9, JdbcBench.loadAvg());
    }

    /** The calls of every dashboard page, with the load's data in the parameters. */
    private static List<Call> calls(int n, Instant anchor) {
        String someId = "b" + String.format("%09d", n / 2);
        String deep = new Cursor(anchor.minus(Duration.ofDays(30)), "~").encode();
        LocalDate yesterday = LocalDate.now(ZONE).minusDays(1);
        List<Call> c = new ArrayList<>();
        c.add(new Call("session", "/session", false));
        c.add(new Call("overview", "/overview", false));
        c.add(new Call("transactions", "/transactions?limit=50", false));
        c.add(new Call(
                "transactions email existing", "/transactions?limit=50&email=Customer4242%40example.com", false));
        c.add(new Call("transactions email missing", "/transactions?limit=50&email=nobody%40example.org", false));
        c.add(new Call("transactions q=zebra (no match)", "/transactions?limit=50&q=zebra", false));
        c.add(new Call("transactions q=card_declined", "/transactions?limit=50&q=card_declined", false));
        c.add(new Call("transactions status=PENDING", "/transactions?limit=50&status=PENDING", false));
        c.add(new Call("transactions status=FAILED,ERROR", "/transactions?limit=50&status=FAILED,ERROR", false));
        c.add(new Call("transactions provider=adyen", "/transactions?limit=50&provider=adyen", false));
        c.add(new Call("transactions method=sepa_debit", "/transactions?limit=50&method=sepa_debit", false));
        c.add(new Call("transactions cursor 30 days back", "/transactions?limit=50&after=" + deep, false));
        c.add(new Call("transaction detail", "/transactions/" + someId, false));
        c.add(new Call("health", "/health", false));
        c.add(new Call("health/paypal", "/health/paypal", false));
        c.add(new Call("errors open", "/errors?limit=100&status=NEW,REGRESSED", false));
        c.add(new Call("error group", "/errors/fp000001", false));
        c.add(new Call("quarantine", "/quarantine", false));
        c.add(new Call("logs", "/logs?limit=50", false));
        c.add(new Call("logs level=ERROR", "/logs?limit=50&level=ERROR", false));
        c.add(new Call("logs of a transaction", "/logs?limit=50&transactionId=b000000420", false));
        c.add(new Call("alerts active", "/alerts?state=active&limit=50", false));
        c.add(new Call("alerts resolved", "/alerts?state=resolved&limit=50", false));
        c.add(new Call("alert", "/alerts/a000007", false));
        c.add(new Call("channels", "/channels", false));
        c.add(new Call("silences", "/silences", false));
        for (int days : new int[] {1, 7, 30, 90}) {
            c.add(new Call("analytics days=" + days, "/analytics?days=" + days, false));
        }
        c.add(new Call("reports", "/reports?limit=20", false));
        c.add(new Call("report", "/reports/r1", false));
        c.add(new Call(
                "daily.csv 30 days", "/reports/daily.csv?from=" + yesterday.minusDays(29) + "&to=" + yesterday, true));
        c.add(new Call(
                "transactions.csv 1 day", "/reports/transactions.csv?from=" + yesterday + "&to=" + yesterday, true));
        return c;
    }

    private static List<Timed> run(String url, int n, Instant anchor, String schema, int warmups, int rounds)
            throws Exception {
        String token = "vbench-" + UUID.randomUUID();
        Path spool = Files.createTempDirectory("vbench-dash-spool");
        boolean noIndex = url.contains("options=");
        long t0 = System.nanoTime();
        ConfigurableApplicationContext app = SpringApplication.run(
                PaymentsDemoApplication.class,
                "--spring.datasource.url=" + url,
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--server.port=0",
                "--demo.traffic.enabled=false",
                "--vedette.dashboard.token=" + token,
                "--vedette.spool.directory=" + spool,
                "--spring.main.banner-mode=off");
        List<Timed> out = new ArrayList<>();
        try {
            String port = app.getEnvironment().getProperty("local.server.port");
            System.out.printf(
                    "%n== %s: payments demo up on port %s in %.1f s (schema %s)%n",
                    noIndex ? "no-index baseline (enable_indexscan/indexonlyscan/bitmapscan off)" : "vedette",
                    port,
                    (System.nanoTime() - t0) / 1e9,
                    schema);
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            String base = "http://127.0.0.1:" + port + "/vedette/api";
            List<Call> calls = calls(n, anchor);
            long[][] nanos = new long[calls.size()][rounds];
            long[][] ttfb = new long[calls.size()][rounds];
            String[] rows = new String[calls.size()];
            long[] csvRows = new long[calls.size()];
            String[] failure = new String[calls.size()];
            for (int r = -warmups; r < rounds; r++) {
                long r0 = System.nanoTime();
                for (int i = 0; i < calls.size(); i++) {
                    if (failure[i] != null) {
                        continue;
                    }
                    Call call = calls.get(i);
                    long[] timing = new long[2];
                    String answer;
                    try {
                        answer = call(http, base + call.path(), token, call.csv(), timing);
                    } catch (java.net.http.HttpTimeoutException e) {
                        answer = null;
                        failure[i] = "timed out after " + CALL_TIMEOUT.toSeconds() + " s (vbench.callTimeoutSeconds)";
                    } catch (IOException | RuntimeException e) {
                        answer = null;
                        failure[i] = e.toString();
                    }
                    if (r == -warmups) {
                        System.out.printf(
                                "  first call %-36s %9.1f ms  %s%n",
                                call.name(), timing[0] / 1e6, failure[i] != null ? failure[i] : answer);
                    }
                    if (failure[i] == null && answer != null && answer.startsWith("HTTP ")) {
                        failure[i] = answer;
                    }
                    if (r >= 0 && failure[i] == null) {
                        nanos[i][r] = timing[0];
                        ttfb[i][r] = timing[1];
                        rows[i] = answer;
                        if (call.csv()) {
                            csvRows[i] = Long.parseLong(answer);
                        }
                    }
                }
                System.out.printf(
                        "%s round %d: %.1f s (loadavg %s)%n",
                        r < 0 ? "warm-up" : "timed",
                        r < 0 ? r + warmups + 1 : r + 1,
                        (System.nanoTime() - r0) / 1e9,
                        JdbcBench.loadAvg());
            }
            for (int i = 0; i < calls.size(); i++) {
                double[] ms = percentiles(nanos[i]);
                double[] first = percentiles(ttfb[i]);
                double rps = calls.get(i).csv() && ms[0] > 0 ? csvRows[i] / (ms[0] / 1000) : 0;
                out.add(new Timed(calls.get(i), ms, rows[i], first[0], first[1], rps, failure[i]));
            }
        } finally {
            app.close();
        }
        return out;
    }

    /** Calls once; timing[0] = total nanos, timing[1] = to the first body byte. Returns the row count or "HTTP <code> …". */
    private static String call(HttpClient http, String uri, String token, boolean csv, long[] timing)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                .header("Authorization", "Bearer " + token)
                .header("Accept", csv ? "text/csv" : "application/json")
                .timeout(CALL_TIMEOUT)
                .GET()
                .build();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] buf = new byte[64 * 1024];
        long lines = 0;
        java.io.ByteArrayOutputStream json = csv ? null : new java.io.ByteArrayOutputStream();
        try (InputStream in = response.body()) {
            int k = in.read(buf);
            timing[1] = System.nanoTime() - t0;
            while (k >= 0) {
                if (csv) {
                    for (int i = 0; i < k; i++) {
                        if (buf[i] == '\n') {
                            lines++;
                        }
                    }
                } else {
                    json.write(buf, 0, k);
                }
                k = in.read(buf);
            }
        }
        timing[0] = System.nanoTime() - t0;
        if (response.statusCode() != 200) {
            String body = json == null ? "" : json.toString(StandardCharsets.UTF_8);
            return "HTTP " + response.statusCode() + " " + body.substring(0, Math.min(200, body.length()));
        }
        if (csv) {
            return Long.toString(Math.max(0, lines - 1));
        }
        return rows(MAPPER.readTree(json.toByteArray()));
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the answer holds: items (and whether there is a next page), or the size of the main lists. */
    private static String rows(JsonNode node) {
        if (node.has("items") && node.get("items").isArray()) {
            return node.get("items").size() + (node.hasNonNull("nextCursor") ? "+" : "");
        }
        List<String> parts = new ArrayList<>();
        for (var e : node.properties()) {
            if (e.getValue().isArray()) {
                parts.add(e.getKey() + "=" + e.getValue().size());
            }
        }
        if (node.has("current") && node.get("current").has("count")) {
            parts.add(0, "count=" + node.get("current").get("count").asText());
        }
        return parts.isEmpty() ? "1" : String.join(" ", parts);
    }

    /** p50, p95, p99 (nearest rank) and max, in ms. */
    private static double[] percentiles(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new double[] {rank(s, 50), rank(s, 95), rank(s, 99), s.length == 0 ? 0 : s[s.length - 1] / 1e6};
    }

    private static double rank(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static void print(Map<String, List<Timed>> runs) {
        List<Timed> main = runs.containsKey("vedette") ? runs.get("vedette") : runs.get("no-index");
        List<Timed> base = runs.containsKey("vedette") ? runs.get("no-index") : null;
        if (main == null) {
            return;
        }
        System.out.printf("%n%-36s %9s %9s %9s %-22s", "call (ms)", "p50", "p95", "p99", "rows");
        if (base != null) {
            System.out.printf(" %11s %11s %8s", "no-idx p50", "no-idx p95", "ratio");
        }
        System.out.println();
        int slow = 0;
        for (int i = 0; i < main.size(); i++) {
            Timed t = main.get(i);
            if (t.failure() != null) {
                System.out.printf("%-36s FAILED %s%n", t.call().name(), t.failure());
                continue;
            }
            boolean miss = t.misses();
            slow += miss ? 1 : 0;
            System.out.printf(
                    "%-36s %9.1f %9.1f %9.1f %-22s",
                    (miss ? "* " : "  ") + t.call().name(), t.ms()[0], t.ms()[1], t.ms()[2], t.rows());
            if (base != null) {
                Timed b = base.get(i);
                if (b.failure() != null) {
                    System.out.printf(" FAILED %s", b.failure());
                } else {
                    System.out.printf(
                            " %11.1f %11.1f %7.1f×", b.ms()[0], b.ms()[1], b.ms()[0] / Math.max(0.001, t.ms()[0]));
                }
            }
            System.out.println();
        }
        for (Map.Entry<String, List<Timed>> e : runs.entrySet()) {
            for (Timed t : e.getValue()) {
                if (t.call().csv() && t.failure() == null) {
                    System.out.printf(
                            "%s %s: first byte p50 %.1f ms, p95 %.1f ms, %,.0f rows/s at p50 (%s rows)%n",
                            e.getKey(), t.call().name(), t.ttfbP50(), t.ttfbP95(), t.rowsPerSecond(), t.rows());
                }
            }
        }
        System.out.printf(
                "* = misses p95 <= 100 ms or p99 <= 250 ms (an export over %,d rows: first byte p95 <= 100 ms"
                        + " and >= 100,000 rows/s): %d of %d calls (loadavg %s)%n",
                STREAMED_ROWS, slow, main.size(), JdbcBench.loadAvg());
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
