package dev.vedette.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Sustained ingest over HTTP (issue #20, docs/benchmarks.md "Ingest over HTTP"): batches of
 * transactions POSTed by concurrent senders on this machine into two targets on PostgreSQL, one after
 * the other, each on a fresh schema:
 *
 * <ol>
 *   <li>the ceiling: a minimal Spring MVC endpoint that parses the same JSON and does one raw pgjdbc
 *       batch insert into one table per request, nothing else;
 *   <li>Vedette: the server ({@code server/}, its jar run with {@code java -jar}) with its JDBC store, the
 *       ingest API validating each item and handing it to the monitor's queue, answering 429 when
 *       the queue cannot take a whole request.
 * </ol>
 *
 * <p>Both targets run as processes of their own with the same heap; the senders run in this one.
 *
 * <p>Each sender sends a batch, waits for the answer, and on a 429 waits what {@code Retry-After}
 * says (capped at 1 s) and sends the same batch again, as the clients do. It reports accepted
 * transactions per second over the measured window, request latency percentiles, the 429s, and then
 * the zero-silent-loss check: once the target has written everything, the rows stored for the run's
 * ids must equal the items it answered as accepted.
 *
 * <p>Options (-D): {@code vbench.seconds} (30), {@code vbench.warmupSeconds} (10), {@code
 * vbench.senders} (8), {@code vbench.batch} (100), {@code vbench.targets} ({@code raw,vedette}); env
 * {@code VEDETTE_BENCH_POSTGRES_URL}.
 */
public final class IngestHarness {
    private static final String SERVER = System.getenv()
            .getOrDefault("VEDETTE_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final ObjectMapper JSON = new ObjectMapper();

    private IngestHarness() {}

    /** What one target did over the measured window. */
    private record Result(
            String target,
            double seconds,
            long windowAccepted,
            long accepted,
            long rejected,
            long tooMany,
            long errors,
            long[] latencyNanos,
            long stored,
            String loadAvg) {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("raw-server")) {
            // the ceiling in a process of its own, like the server: IngestTarget starts it
            SpringApplication.run(RawIngestApp.class, Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int seconds = Integer.getInteger("vbench.seconds", 30);
        int warmup = Integer.getInteger("vbench.warmupSeconds", 10);
        int senders = Integer.getInteger("vbench.senders", 8);
        int batch = Integer.getInteger("vbench.batch", 100);
        List<String> targets =
                List.of(System.getProperty("vbench.targets", "raw,vedette").split(","));
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        System.out.printf(
                "== Ingest over HTTP: %d senders, batches of %d, %d s warm-up + %d s measured; %d cores, loadavg %s, %s%n",
                senders,
                batch,
                warmup,
                seconds,
                Runtime.getRuntime().availableProcessors(),
                JdbcBench.loadAvg(),
                Instant.now());
        List<Result> results = new ArrayList<>();
        for (String target : targets) {
            results.add(
                    switch (target.trim()) {
                        case "raw" -> raw(senders, batch, warmup, seconds);
                        case "vedette" -> vedette(senders, batch, warmup, seconds);
                        default ->
                            throw new IllegalArgumentException("vbench.targets: unknown target '" + target + "'");
                    });
        }
        System.out.printf(
                "%n%-9s %12s %10s %8s %8s %9s %9s %9s %10s %8s  %s%n",
                "target",
                "accepted/s",
                "accepted",
                "429s",
                "rejected",
                "p50 ms",
                "p99 ms",
                "max ms",
                "stored",
                "lost",
                "loadavg at end");
        for (Result r : results) {
            long[] s = r.latencyNanos().clone();
            Arrays.sort(s);
            System.out.printf(
                    "%-9s %,12.0f %,10d %,8d %,8d %9.1f %9.1f %9.1f %,10d %,8d  %s%n",
                    r.target(),
                    r.windowAccepted() / r.seconds(),
                    r.accepted(),
                    r.tooMany(),
                    r.rejected(),
                    rank(s, 50),
                    rank(s, 99),
                    s.length == 0 ? 0 : s[s.length - 1] / 1e6,
                    r.stored(),
                    r.accepted() - r.stored(),
                    r.loadAvg());
            if (r.errors() > 0) {
                System.out.printf(
                        "%s: %,d requests failed outright (connection errors or 5xx)%n", r.target(), r.errors());
            }
        }
    }

    private static Result raw(int senders, int batch, int warmup, int seconds) throws Exception {
        String schema = freshSchema("vbench_ingest_raw");
        try (Connection c = DriverManager.getConnection(url(schema));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE raw_transactions (id VARCHAR(128) PRIMARY KEY, status VARCHAR(32) NOT NULL,"
                    + " amount NUMERIC(19,4), currency CHAR(3), customer_email VARCHAR(320), provider VARCHAR(64),"
                    + " payment_method VARCHAR(64), occurred_at TIMESTAMPTZ)");
        }
        try (IngestTarget app = IngestTarget.startRaw(List.of(
                "--spring.datasource.url=" + url(schema) + "&reWriteBatchedInserts=true",
                "--spring.datasource.hikari.maximum-pool-size=" + senders,
                "--spring.main.banner-mode=off",
                "--spring.autoconfigure.exclude=" + String.join(",", VEDETTE_AUTO_CONFIGURATIONS)))) {
            int port = app.port();
            String run = "raw-" + UUID.randomUUID().toString().substring(0, 8);
            Load load =
                    send("http://127.0.0.1:" + port + "/raw/transactions", null, run, senders, batch, warmup, seconds);
            long stored = count(url(schema), "SELECT count(*) FROM raw_transactions WHERE id LIKE ?", run + "-%");
            return load.result("raw", stored);
        }
    }

    private static Result vedette(int senders, int batch, int warmup, int seconds) throws Exception {
        String schema = freshSchema("vbench_ingest_vedette");
        String key = IngestTarget.key();
        try (IngestTarget app = IngestTarget.startServer(url(schema), key, senders)) {
            int port = app.port();
            String run = "ved-" + UUID.randomUUID().toString().substring(0, 8);
            Load load = send(
                    "http://127.0.0.1:" + port + "/vedette/ingest/v1/transactions",
                    key,
                    run,
                    senders,
                    batch,
                    warmup,
                    seconds);
            // the monitor writes asynchronously: wait (bounded) until the store holds what was accepted
            String sql = "SELECT count(*) FROM vedette_transactions WHERE id LIKE ?";
            long stored = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                stored = count(url(schema), sql, run + "-%");
                if (stored >= load.accepted.get()) {
                    break;
                }
                Thread.sleep(500);
            }
            return load.result("vedette", stored);
        }
    }

    /** The Vedette auto-configurations, left out of the ceiling's application. */
    private static final List<String> VEDETTE_AUTO_CONFIGURATIONS = List.of(
            "dev.vedette.spring.VedetteStoreAutoConfiguration",
            "dev.vedette.spring.VedetteNotifiersAutoConfiguration",
            "dev.vedette.spring.VedetteAutoConfiguration",
            "dev.vedette.spring.VedetteMetricsAutoConfiguration",
            "dev.vedette.spring.VedetteHealthAutoConfiguration",
            "dev.vedette.spring.VedetteWebAutoConfiguration",
            "dev.vedette.spring.VedetteLoggingAutoConfiguration",
            "dev.vedette.spring.dashboard.VedetteDashboardAutoConfiguration");

    /** Counters of one load run; the measured window starts after the warm-up. */
    private static final class Load {
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong windowAccepted = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong tooMany = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final List<long[]> latencies = new ArrayList<>();
        double seconds;

        synchronized void addLatencies(long[] l) {
            latencies.add(l);
        }

        Result result(String target, long stored) {
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
            return new Result(
                    target,
                    seconds,
                    windowAccepted.get(),
                    accepted.get(),
                    rejected.get(),
                    tooMany.get(),
                    errors.get(),
                    all,
                    stored,
                    JdbcBench.loadAvg());
        }
    }

    private static Load send(String endpoint, String key, String run, int senders, int batch, int warmup, int seconds)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Load load = new Load();
        AtomicLong ids = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + Duration.ofSeconds(warmup).toNanos();
        long end = measureFrom + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            threads.add(Thread.ofPlatform().name("ingest-sender-" + t).start(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                Supplier<String> body = () -> batchJson(run, ids, batch);
                String pending = null;
                while (true) {
                    long now = System.nanoTime();
                    if (now >= end) {
                        break;
                    }
                    String b = pending != null ? pending : body.get();
                    pending = null;
                    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(endpoint))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(b));
                    if (key != null) {
                        r.header("Authorization", "Bearer " + key);
                    }
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - t0;
                        boolean measured = t0 >= measureFrom && t0 + took <= end;
                        if (measured && n < lat.length) {
                            lat[n++] = took;
                        }
                        int status = response.statusCode();
                        if (status == 429) {
                            load.tooMany.incrementAndGet();
                            pending = b;
                            long wait = response.headers()
                                    .firstValue("Retry-After")
                                    .map(Long::parseLong)
                                    .orElse(1L);
                            Thread.sleep(Math.min(1000, Math.max(50, wait * 1000)));
                        } else if (status / 100 == 2) {
                            JsonNode answer = JSON.readTree(response.body());
                            long accepted = answer.get("accepted").asLong();
                            load.accepted.addAndGet(accepted);
                            if (measured) {
                                load.windowAccepted.addAndGet(accepted);
                            }
                            load.rejected.addAndGet(answer.get("rejected").asLong());
                        } else {
                            load.errors.incrementAndGet();
                        }
                    } catch (IOException e) {
                        load.errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                load.addLatencies(Arrays.copyOf(lat, n));
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        load.seconds = seconds;
        return load;
    }

    /** A JSON array of {@code batch} COMPLETED card payments with fresh ids {@code <run>-<n>}. */
    private static String batchJson(String run, AtomicLong ids, int batch) {
        StringBuilder b = new StringBuilder(batch * 220).append('[');
        String now = Instant.now().toString();
        for (int i = 0; i < batch; i++) {
            long id = ids.incrementAndGet();
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"id\":\"")
                    .append(run)
                    .append('-')
                    .append(id)
                    .append("\",\"status\":\"COMPLETED\",\"amount\":\"")
                    .append(10 + id % 90)
                    .append(".50\",\"currency\":\"EUR\",\"customer\":{\"email\":\"customer")
                    .append(id % 50_000)
                    .append("@example.com\"},\"provider\":\"stripe\",\"paymentMethod\":\"card\",\"occurredAt\":\"")
                    .append(now)
                    .append("\"}");
        }
        return b.append(']').toString();
    }

    private static String freshSchema(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    private static String url(String schema) {
        return SERVER + (SERVER.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static long count(String url, String sql, String like) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static double rank(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, i)] / 1e6;
    }

    /**
     * The ceiling: parse the JSON array, one pgjdbc batch insert, answer with the same counts the
     * ingest API gives. No validation beyond what the insert needs.
     */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(RawIngestApp.Endpoint.class)
    public static class RawIngestApp {
        /** The one endpoint. */
        @RestController
        public static class Endpoint {
            private static final String INSERT = "INSERT INTO raw_transactions (id, status, amount, currency,"
                    + " customer_email, provider, payment_method, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
            private final DataSource dataSource;

            public Endpoint(DataSource dataSource) {
                this.dataSource = dataSource;
            }

            @org.springframework.web.bind.annotation.GetMapping("/raw/ready")
            public String ready() {
                return "ready";
            }

            @PostMapping("/raw/transactions")
            public ResponseEntity<Map<String, Object>> transactions(@RequestBody JsonNode items) throws SQLException {
                try (Connection c = dataSource.getConnection();
                        PreparedStatement ps = c.prepareStatement(INSERT)) {
                    for (JsonNode t : items) {
                        ps.setString(1, t.get("id").asString());
                        ps.setString(2, t.get("status").asString());
                        ps.setBigDecimal(
                                3, new java.math.BigDecimal(t.get("amount").asString()));
                        ps.setString(4, t.get("currency").asString());
                        ps.setString(5, t.get("customer").get("email").asString());
                        ps.setString(6, t.get("provider").asString());
                        ps.setString(7, t.get("paymentMethod").asString());
                        ps.setObject(
                                8,
                                java.time.OffsetDateTime.ofInstant(
                                        Instant.parse(t.get("occurredAt").asString()), java.time.ZoneOffset.UTC));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return ResponseEntity.accepted().body(Map.of("accepted", items.size(), "rejected", 0));
            }
        }
    }
}
