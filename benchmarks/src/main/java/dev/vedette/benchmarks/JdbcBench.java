package dev.vedette.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Shared plumbing for the JDBC harnesses: a dedicated scratch database ({@code vbench} schema on
 * PostgreSQL, {@code vbench} database on MariaDB, a file database under /tmp for H2) that is created
 * fresh and dropped on close, and a generator of realistic, varied transactions.
 *
 * <p>Server URLs: {@code VEDETTE_BENCH_POSTGRES_URL} / {@code VEDETTE_BENCH_MARIADB_URL}, defaulting to
 * the local test servers (127.0.0.1:5432 database test, user postgres; 127.0.0.1:3306 database test,
 * user root).
 */
final class JdbcBench implements AutoCloseable {
    enum Kind {
        H2,
        POSTGRES,
        MARIADB
    }

    static final String NAME = "vbench";
    private static final String PG_ADMIN =
            env("VEDETTE_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String MARIA_ADMIN =
            env("VEDETTE_BENCH_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
    private static final Path H2_DIR = Path.of(System.getProperty("java.io.tmpdir"), "vbench-h2");

    final Kind kind;
    final String url;
    private final String adminUrl;

    private JdbcBench(Kind kind, String url, String adminUrl) {
        this.kind = kind;
        this.url = url;
        this.adminUrl = adminUrl;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Null if the server is unreachable (the reason is printed). Drops a leftover {@code vbench} first. */
    static JdbcBench open(Kind kind) {
        try {
            return switch (kind) {
                case H2 -> {
                    deleteH2();
                    Files.createDirectories(H2_DIR);
                    yield new JdbcBench(kind, "jdbc:h2:file:" + H2_DIR.resolve(NAME), "");
                }
                case POSTGRES -> {
                    exec(PG_ADMIN, "DROP SCHEMA IF EXISTS " + NAME + " CASCADE", "CREATE SCHEMA " + NAME);
                    String extra = System.getProperty("vbench.pgParams", "");
                    yield new JdbcBench(
                            kind,
                            PG_ADMIN + "&currentSchema=" + NAME + "&reWriteBatchedInserts=true"
                                    + (extra.isBlank() ? "" : "&" + extra),
                            PG_ADMIN);
                }
                case MARIADB -> {
                    exec(
                            MARIA_ADMIN,
                            "DROP DATABASE IF EXISTS " + NAME,
                            "CREATE DATABASE " + NAME + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
                    String u = MARIA_ADMIN.replaceFirst("^(jdbc:[a-z]+://[^/?]+)(/[^?]*)?", "$1/" + NAME);
                    yield new JdbcBench(
                            kind, u + (u.contains("?") ? "&" : "?") + "rewriteBatchedStatements=true", MARIA_ADMIN);
                }
            };
        } catch (SQLException | IOException e) {
            System.out.printf("SKIP %s: unreachable or not usable (%s)%n", kind, e.getMessage());
            return null;
        }
    }

    HikariDataSource pool(int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setMaximumPoolSize(size);
        c.setPoolName("vbench-" + kind.name().toLowerCase());
        return new HikariDataSource(c);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    static void exec(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    @Override
    public void close() {
        try {
            switch (kind) {
                case H2 -> deleteH2();
                case POSTGRES -> exec(adminUrl, "DROP SCHEMA IF EXISTS " + NAME + " CASCADE");
                case MARIADB -> exec(adminUrl, "DROP DATABASE IF EXISTS " + NAME);
            }
        } catch (SQLException | IOException e) {
            System.out.printf("WARN could not drop %s on %s: %s%n", NAME, kind, e.getMessage());
        }
    }

    private static void deleteH2() throws IOException {
        if (Files.exists(H2_DIR)) {
            try (Stream<Path> files = Files.walk(H2_DIR)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static final String[] PROVIDERS = {"stripe", "stripe", "stripe", "adyen", "adyen", "paypal"};
    private static final String[] METHODS = {"card", "card", "card", "sepa_debit", "paypal", "apple_pay"};
    private static final String[] AMOUNTS = {"9.90", "19.90", "49.90", "99.00", "129.50", "249.00", "12.34"};

    /**
     * A realistic, varied terminal observation: 90 % COMPLETED, 6 % FAILED, 2 % ERROR, 2 % REFUNDED;
     * 85 % EUR, 15 % USD; three providers, four methods; a latency of 40 ms – ~4 s (log-uniform).
     */
    static Transaction transaction(String id, Instant at, SplittableRandom r) {
        int s = r.nextInt(100);
        TransactionStatus status = s < 90
                ? TransactionStatus.COMPLETED
                : s < 96 ? TransactionStatus.FAILED : s < 98 ? TransactionStatus.ERROR : TransactionStatus.REFUNDED;
        int pi = r.nextInt(PROVIDERS.length);
        Transaction.Builder b = Transaction.builder(id)
                .status(status)
                .amount(AMOUNTS[r.nextInt(AMOUNTS.length)], r.nextInt(100) < 85 ? "EUR" : "USD")
                .customer("customer" + r.nextInt(50_000) + "@example.com", "Customer " + r.nextInt(50_000))
                .provider(PROVIDERS[pi], "ord_" + id, "pi_" + id)
                .paymentMethod(PROVIDERS[pi].equals("paypal") ? "paypal" : METHODS[r.nextInt(METHODS.length)])
                .latency(Duration.ofMillis((long) Math.exp(Math.log(40) + r.nextDouble() * Math.log(100))))
                .occurredAt(at);
        if (status.kind() == TransactionStatus.Kind.FAILED) {
            b.error("card_declined", "Your card was declined.");
        }
        return b.build();
    }

    static String loadAvg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static double[] sortedMillis(long[] nanos) {
        long[] s = nanos.clone();
        java.util.Arrays.sort(s);
        return new double[] {
            BenchSupport.percentileMillis(s, 50), BenchSupport.percentileMillis(s, 95), s[s.length - 1] / 1e6
        };
    }
}
