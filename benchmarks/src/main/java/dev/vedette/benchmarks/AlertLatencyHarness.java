package dev.vedette.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.Monitor;
import dev.vedette.MonitorBuilder;
import dev.vedette.health.HealthChecks;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.Alert;
import dev.vedette.model.MonitorEvent;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WrittenBatch;
import dev.vedette.notifiers.EmailConfig;
import dev.vedette.notifiers.EmailNotifier;
import dev.vedette.notifiers.SlackConfig;
import dev.vedette.notifiers.SlackNotifier;
import dev.vedette.notifiers.SmtpSecurity;
import dev.vedette.rules.Rule;
import dev.vedette.rules.RuleContext;
import dev.vedette.test.FaultProxy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.ObjectMapper;

/**
 * DESIGN §10 "rule crossed → notifier HTTP request received", p99 ≤ 1 s. A real {@link SlackNotifier}
 * posts to a local MockWebServer; a Monitor with its background threads (dispatcher, scheduler) on
 * delivers. Trials are sequential: the next starts once the previous request has arrived.
 *
 * <ol>
 *   <li>{@code raiseAlert} → request arrives at the server.
 *   <li>{@code recordTransaction(FAILED)} → event-driven rule raises → request arrives, with the
 *       default batch delay (50 ms) and with {@code maxBatchDelay(0)}.
 *   <li>The same rule path while another channel hangs: every alert is also routed to an {@link
 *       EmailNotifier} whose SMTP peer accepts connections and never answers (send deadline 5 s).
 * </ol>
 *
 * "Arrives" is the moment MockWebServer hands the parsed request to its dispatcher ({@code
 * System.nanoTime()} there); {@code takeRequest} then confirms it. Args: trials (default 1000),
 * warm-up trials not counted (default 50), and {@code hang} to run only the rule path with the
 * default batch delay, without and with the hanging e-mail channel, side by side.
 *
 * <p>{@code storecut [cuts] [at a time] [seed]} measures something else: the time from cutting the
 * store's database connection ({@link FaultProxy#cut()}) to the first notification of any kind, to
 * "Vedette store unreachable" and to "database is DOWN" at a Slack peer, with Vedette's defaults
 * (store-down-after 30 s, JDBC check every 30 s on the same pool, flap policy defaults), 50
 * transactions/s and the cut a random 5–35 s after the monitor started. Each cut has its own
 * PostgreSQL schema ({@code VEDETTE_BENCH_POSTGRES_URL}, default the local test server), proxy,
 * pool, monitor and peer; cuts (default 20) run several at a time (default 5), since they share
 * nothing but the server and the CPU. It prints min/p50/p90/max of the three and the goal "store
 * cut → first notification ≤ 45 s". See {@link StoreCut} and docs/benchmarks.md §2.2.
 */
public final class AlertLatencyHarness {
    private AlertLatencyHarness() {}

    /** Answers like Slack and notes when each request arrived. */
    static final class ArrivalDispatcher extends Dispatcher {
        final LinkedBlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            arrivals.add(System.nanoTime());
            return new MockResponse.Builder().code(200).body("ok").build();
        }
    }

    /** Event-driven: raises a critical alert for every FAILED transaction in a written batch. */
    static final class FailedPaymentRule implements Rule {
        @Override
        public String name() {
            return "bench-failed-payment";
        }

        @Override
        public void onBatch(WrittenBatch batch, RuleContext context) {
            for (TransactionChange change : batch.transactions()) {
                Transaction t = change.observation();
                if (t.status() != null && t.status().kind() == TransactionStatus.Kind.FAILED) {
                    context.raise(Alert.critical("Payment failed: " + t.id())
                            .component("payments")
                            .source("rule:" + name())
                            .dedupKey("rule:" + name() + ":" + t.id())
                            .build());
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("storecut")) {
            StoreCut.run(
                    BenchSupport.intArg(args, 1, 20),
                    BenchSupport.intArg(args, 2, 5),
                    args.length > 3 ? Long.parseLong(args[3]) : System.nanoTime());
            return;
        }
        int trials = BenchSupport.intArg(args, 0, 1000);
        int warmup = BenchSupport.intArg(args, 1, 50);
        System.out.printf(
                "== Detection -> notification latency (%d trials after %d warm-up, sequential)%n", trials, warmup);
        boolean hangOnly = args.length > 2 && args[2].equals("hang");
        if (!hangOnly) {
            run(trials, warmup, Trigger.RAISE, null, true, false);
            run(trials, warmup, Trigger.RAISE, null, false, false);
        }
        run(trials, warmup, Trigger.RULE, null, true, false);
        if (!hangOnly) {
            run(trials, warmup, Trigger.RULE, Duration.ZERO, true, false);
        }
        run(trials, warmup, Trigger.RULE, null, true, true);
    }

    /** An SMTP server that accepts connections and never says a word; counts them. */
    static final class SilentSmtp implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0);
        final List<Socket> accepted = new CopyOnWriteArrayList<>();

        SilentSmtp() throws IOException {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(server.accept());
                    }
                } catch (IOException closed) {
                    // done
                }
            });
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    enum Trigger {
        RAISE,
        RULE
    }

    private static MonitorBuilder monitorFor(MockWebServer server, SilentSmtp smtp) {
        SlackNotifier slack = new SlackNotifier(
                SlackConfig.builder(server.url("/services/T0000/B0000/bench").toString())
                        .build());
        MonitorBuilder b = Monitor.builder()
                .notifier(slack)
                .alerting(a -> a.channelInterval("slack", Duration.ZERO).stormCap("slack", 100_000));
        if (smtp == null) {
            return b.route(Severity.CRITICAL, "slack");
        }
        return b.notifier(new EmailNotifier(EmailConfig.builder("127.0.0.1")
                        .port(smtp.server.getLocalPort())
                        .security(SmtpSecurity.NONE)
                        .from("bench@example.com")
                        .to("oncall@example.com")
                        .readTimeout(Duration.ofSeconds(60))
                        .sendDeadline(Duration.ofSeconds(5))
                        .build()))
                .route(Severity.CRITICAL, "slack", "email");
    }

    /**
     * @param waitForSent start the next trial only once the previous delivery is recorded SENT (its
     *     HTTP response read); otherwise right after the request arrived (back to back)
     * @param emailHangs also route every alert to an e-mail channel whose SMTP server never answers
     */
    private static void run(
            int trials, int warmup, Trigger trigger, Duration batchDelay, boolean waitForSent, boolean emailHangs)
            throws Exception {
        ArrivalDispatcher arrivals = new ArrivalDispatcher();
        LinkedBlockingQueue<Long> sent = new LinkedBlockingQueue<>();
        AtomicInteger emailFailed = new AtomicInteger();
        try (MockWebServer server = new MockWebServer();
                SilentSmtp smtp = emailHangs ? new SilentSmtp() : null) {
            server.setDispatcher(arrivals);
            server.start();
            MonitorBuilder b = monitorFor(server, smtp);
            if (trigger == Trigger.RULE) {
                b.rule(new FailedPaymentRule());
            }
            if (batchDelay != null) {
                b.maxBatchDelay(batchDelay);
            }
            String label = (trigger == Trigger.RAISE
                            ? "raiseAlert -> request at server"
                            : "recordTransaction(FAILED) -> rule -> request, batch delay "
                                    + (batchDelay == null ? "50 ms (default)" : batchDelay.toMillis() + " ms"))
                    + (waitForSent ? "" : ", back to back")
                    + (emailHangs ? ", while e-mail hangs" : "");
            try (Monitor monitor = b.build()) {
                monitor.events().on(MonitorEvent.DeliverySent.class, e -> {
                    if (e.delivery().channel().equals("slack")) {
                        sent.add(System.nanoTime());
                    }
                });
                monitor.events().on(MonitorEvent.DeliveryFailed.class, e -> {
                    if (e.delivery().channel().equals("email")) {
                        emailFailed.incrementAndGet();
                    }
                });
                long[] total = new long[trials];
                long[] call = new long[trials];
                long[] toSent = new long[trials];
                long cold = -1;
                int lost = 0;
                int n = 0;
                for (int i = 0; i < warmup + trials; i++) {
                    long t0;
                    long t1;
                    if (trigger == Trigger.RAISE) {
                        Alert alert = Alert.critical("Bench alert " + i)
                                .component("bench")
                                .build();
                        t0 = System.nanoTime();
                        monitor.raiseAlert(alert);
                        t1 = System.nanoTime();
                    } else {
                        Transaction t =
                                BenchSupport.transaction("txn-rule-" + i, TransactionStatus.FAILED, Instant.now());
                        t0 = System.nanoTime();
                        monitor.recordTransaction(t);
                        t1 = System.nanoTime();
                    }
                    Long arrived = arrivals.arrivals.poll(10, TimeUnit.SECONDS);
                    if (arrived == null || server.takeRequest(1, TimeUnit.SECONDS) == null) {
                        lost++;
                        continue;
                    }
                    Long sentAt = waitForSent ? sent.poll(10, TimeUnit.SECONDS) : Long.valueOf(arrived);
                    if (sentAt == null) {
                        lost++;
                        continue;
                    }
                    if (i == 0) {
                        cold = arrived - t0;
                    }
                    if (i >= warmup) {
                        total[n] = arrived - t0;
                        call[n] = t1 - t0;
                        toSent[n++] = sentAt - arrived;
                    }
                }
                sent.clear();
                System.out.printf(
                        "%s: first (cold) trial %.3f ms; trials lost (no request or no SENT within 10 s): %d%n",
                        label, cold / 1e6, lost);
                System.out.println(BenchSupport.latencyRow("  trigger -> request arrived", Arrays.copyOf(total, n)));
                System.out.println(
                        BenchSupport.latencyRow("  the trigger call itself (host thread)", Arrays.copyOf(call, n)));
                if (waitForSent) {
                    System.out.println(BenchSupport.latencyRow(
                            "  request arrived -> delivery recorded SENT", Arrays.copyOf(toSent, n)));
                }
                if (emailHangs) {
                    System.out.printf(
                            "  e-mail meanwhile: %d SMTP connections accepted and never answered,"
                                    + " %d e-mail attempts failed at their deadline%n",
                            smtp.accepted.size(), emailFailed.get());
                }
            }
        }
    }

    /**
     * Store cut → first notification, with Vedette's defaults: one PostgreSQL schema, {@link
     * FaultProxy}, Hikari pool, {@link JdbcStore}, Monitor and Slack peer per cut. The monitor has a
     * real {@link SlackNotifier} (default routes, so CRITICAL goes to it), {@code
     * HealthChecks.jdbc("database", pool)} with every default (30 s interval, 5 s confirmation, 3
     * failures) on the same proxied pool, the default {@code storeDownAfter} (30 s) and 50
     * transactions per second. After a random 5–35 s (from the monitor's start, so the cut falls
     * anywhere in the 30 s check period) the proxy is cut; the peer notes when each message arrives
     * and its JSON {@code text}. A cut ends when both "Vedette store unreachable" and "database is
     * DOWN" arrived, or after {@value #GIVE_UP_SECONDS} s. Cuts run {@code concurrency} at a time;
     * they share nothing but the PostgreSQL server and the CPU.
     */
    static final class StoreCut {
        static final String STORE_TITLE = "Vedette store unreachable";
        static final String DATABASE_TITLE = "database is DOWN";
        static final long GIVE_UP_SECONDS = 120;
        static final Duration GOAL = Duration.ofSeconds(45);
        /** Driver, pool and validation timeouts of the proxied pool, as in StoreOutageAlertingTest. */
        static final Duration POOL_TIMEOUT = Duration.ofSeconds(2);

        static final long RECORD_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(20); // 50 transactions/s
        static final String SCHEMA_PREFIX = "vbcut_";
        static final ObjectMapper JSON = new ObjectMapper();
        static final String PG_ADMIN = System.getenv()
                .getOrDefault("VEDETTE_BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

        private StoreCut() {}

        /** A message at the peer: when it arrived ({@code System.nanoTime()}) and its {@code text}. */
        record Message(long atNanos, String text) {}

        /**
         * One cut's outcome; times in nanoseconds after the cut, {@code -1} when that message never
         * came within {@value #GIVE_UP_SECONDS} s.
         */
        record Result(
                int index,
                double cutAfterSeconds,
                long first,
                String firstText,
                long store,
                long database,
                int messagesBeforeCut,
                long writtenBeforeCut,
                long offered,
                long dropped) {}

        static void run(int cuts, int concurrency, long seed) throws Exception {
            if (cuts < 1 || concurrency < 1) {
                throw new IllegalArgumentException(
                        "cuts and concurrency must be at least 1, were " + cuts + " and " + concurrency);
            }
            System.out.printf(
                    "== Store cut -> first notification, defaults (store-down-after 30 s, check interval 30 s,"
                            + " confirm 5 s x 3), %d cuts, %d at a time, seed %d, PostgreSQL %s%n",
                    cuts, concurrency, seed, PG_ADMIN.replaceAll("password=[^&]*", "password=***"));
            dropLeftovers();
            Random random = new Random(seed);
            double[] delays = new double[cuts];
            for (int i = 0; i < cuts; i++) {
                delays[i] = 5 + 30 * random.nextDouble();
            }
            long started = System.nanoTime();
            List<Result> results = new ArrayList<>();
            ExecutorService workers = Executors.newFixedThreadPool(concurrency);
            try {
                List<Future<Result>> futures = new ArrayList<>();
                for (int i = 0; i < cuts; i++) {
                    int index = i;
                    futures.add(workers.submit(() -> cut(index, delays[index])));
                }
                for (Future<Result> f : futures) {
                    Result r = f.get();
                    results.add(r);
                    System.out.printf(
                            "cut %2d: cut %5.1f s after start (%d written); first %s (%s); store alert %s;"
                                    + " database alert %s; %d transactions offered, %d dropped%s%n",
                            r.index() + 1,
                            r.cutAfterSeconds(),
                            r.writtenBeforeCut(),
                            seconds(r.first()),
                            r.firstText(),
                            seconds(r.store()),
                            seconds(r.database()),
                            r.offered(),
                            r.dropped(),
                            r.messagesBeforeCut() > 0
                                    ? "; " + r.messagesBeforeCut() + " messages before the cut (not counted)"
                                    : "");
                }
            } finally {
                workers.shutdown();
                workers.awaitTermination(5, TimeUnit.MINUTES);
                dropLeftovers();
            }
            System.out.printf("wall time %.0f s%n", (System.nanoTime() - started) / 1e9);
            System.out.println(row("cut -> first notification of any kind", results, Result::first));
            System.out.println(row("cut -> \"" + STORE_TITLE + "\"", results, Result::store));
            System.out.println(row("cut -> \"" + DATABASE_TITLE + "\"", results, Result::database));
            long[] first = results.stream().mapToLong(Result::first).toArray();
            boolean allArrived = Arrays.stream(first).allMatch(t -> t >= 0);
            long worst = Arrays.stream(first).max().orElse(-1);
            System.out.printf(
                    "GOAL store cut -> first notification <= %d s with defaults: %s (worst of %d cuts: %s)%n",
                    GOAL.toSeconds(), allArrived && worst <= GOAL.toNanos() ? "met" : "NOT met", cuts, seconds(worst));
        }

        private static Result cut(int index, double delaySeconds) throws Exception {
            String schema = SCHEMA_PREFIX
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            JdbcBench.exec(PG_ADMIN, "CREATE SCHEMA " + schema);
            List<Message> messages = new CopyOnWriteArrayList<>();
            String url = PG_ADMIN + "&currentSchema=" + schema + "&reWriteBatchedInserts=true";
            try (FaultProxy proxy = FaultProxy.in(url);
                    HikariDataSource pool = poolThrough(proxy, url);
                    MockWebServer peer = peer(messages)) {
                Monitor monitor = Monitor.builder()
                        .store(JdbcStore.builder().dataSource(pool).build())
                        .notifier(new SlackNotifier(SlackConfig.builder(peer.url("/services/T0000/B0000/cut" + index)
                                        .toString())
                                .build()))
                        .check(HealthChecks.jdbc("database", pool).build())
                        .build();
                long startedAt = System.nanoTime();
                Traffic traffic = new Traffic(monitor, index);
                try (monitor;
                        traffic) {
                    long delayNanos = (long) (delaySeconds * 1e9);
                    while (System.nanoTime() - startedAt < delayNanos) {
                        LockSupport.parkNanos(delayNanos - (System.nanoTime() - startedAt));
                    }
                    long written = monitor.stats().written();
                    int before = messages.size();
                    long cutAt = System.nanoTime();
                    proxy.cut();
                    long giveUp = cutAt + TimeUnit.SECONDS.toNanos(GIVE_UP_SECONDS);
                    while ((after(messages, cutAt, STORE_TITLE) < 0 || after(messages, cutAt, DATABASE_TITLE) < 0)
                            && System.nanoTime() < giveUp) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    }
                    Message first = messages.stream()
                            .filter(m -> m.atNanos() >= cutAt)
                            .min(java.util.Comparator.comparingLong(Message::atNanos))
                            .orElse(null);
                    Result r = new Result(
                            index,
                            (cutAt - startedAt) / 1e9,
                            first == null ? -1 : first.atNanos() - cutAt,
                            first == null ? "none" : first.text(),
                            after(messages, cutAt, STORE_TITLE),
                            after(messages, cutAt, DATABASE_TITLE),
                            before,
                            written,
                            traffic.offered.get(),
                            monitor.stats().dropped());
                    // the database comes back before the monitor closes, so it writes its journal back
                    proxy.restore();
                    return r;
                }
            } finally {
                JdbcBench.exec(PG_ADMIN, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }

        /** Nanoseconds from {@code cutAt} to the first message whose text names {@code title}; -1 if none. */
        private static long after(List<Message> messages, long cutAt, String title) {
            return messages.stream()
                    .filter(m -> m.atNanos() >= cutAt && m.text().contains(title))
                    .mapToLong(m -> m.atNanos() - cutAt)
                    .min()
                    .orElse(-1);
        }

        /** A pool of 2 through the proxy with 2 s driver, pool and validation timeouts. */
        private static HikariDataSource poolThrough(FaultProxy proxy, String url) {
            long seconds = POOL_TIMEOUT.toSeconds();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(proxy.rewrite(url) + "&connectTimeout=" + seconds + "&socketTimeout=" + seconds);
            config.setMaximumPoolSize(2);
            config.setConnectionTimeout(POOL_TIMEOUT.toMillis());
            config.setValidationTimeout(Math.min(POOL_TIMEOUT.toMillis(), 1_000));
            config.setPoolName("storecut-" + UUID.randomUUID().toString().substring(0, 6));
            return new HikariDataSource(config);
        }

        /** Answers like Slack and keeps every message's arrival time and JSON {@code text}. */
        private static MockWebServer peer(List<Message> messages) throws IOException {
            MockWebServer server = new MockWebServer();
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    long at = System.nanoTime();
                    String body = Objects.requireNonNull(request.getBody()).utf8();
                    messages.add(
                            new Message(at, JSON.readTree(body).path("text").asString()));
                    return new MockResponse.Builder().code(200).body("ok").build();
                }
            });
            server.start();
            return server;
        }

        /** Drops this harness's schemas, including any an interrupted run left behind. */
        private static void dropLeftovers() throws SQLException {
            List<String> names = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(PG_ADMIN);
                    Statement st = c.createStatement();
                    var rs = st.executeQuery("SELECT schema_name FROM information_schema.schemata"
                            + " WHERE schema_name LIKE '" + SCHEMA_PREFIX.replace("_", "\\_") + "%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                JdbcBench.exec(PG_ADMIN, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
            if (!names.isEmpty()) {
                System.out.printf("dropped %d leftover %s* schemas%n", names.size(), SCHEMA_PREFIX);
            }
        }

        private static String seconds(long nanos) {
            return nanos < 0 ? "never" : String.format("%.1f s", nanos / 1e9);
        }

        private static String row(String name, List<Result> results, java.util.function.ToLongFunction<Result> f) {
            long[] all = results.stream().mapToLong(f).toArray();
            long[] s = Arrays.stream(all).filter(t -> t >= 0).sorted().toArray();
            long missing = all.length - s.length;
            if (s.length == 0) {
                return String.format("%-46s n=%3d  none arrived", name, 0);
            }
            return String.format(
                    "%-46s n=%3d  min=%5.1f s  p50=%5.1f s  p90=%5.1f s  max=%5.1f s%s",
                    name,
                    s.length,
                    s[0] / 1e9,
                    BenchSupport.percentileMillis(s, 50) / 1e3,
                    BenchSupport.percentileMillis(s, 90) / 1e3,
                    s[s.length - 1] / 1e9,
                    missing > 0 ? "  (" + missing + " never arrived within " + GIVE_UP_SECONDS + " s)" : "");
        }

        /** Records 50 transactions per second, one in nine FAILED, on its own thread until closed. */
        private static final class Traffic implements AutoCloseable {
            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicLong offered = new AtomicLong();
            final Thread thread;

            Traffic(Monitor monitor, int cut) {
                thread = Thread.ofPlatform().name("storecut-traffic-" + cut).start(() -> {
                    long next = System.nanoTime();
                    while (running.get()) {
                        long i = offered.getAndIncrement();
                        monitor.recordTransaction(BenchSupport.transaction(
                                "cut" + cut + "-" + i,
                                i % 9 == 0 ? TransactionStatus.FAILED : TransactionStatus.COMPLETED,
                                Instant.now()));
                        next += RECORD_EVERY_NANOS;
                        LockSupport.parkNanos(next - System.nanoTime());
                    }
                });
            }

            @Override
            public void close() throws InterruptedException {
                running.set(false);
                thread.join();
            }
        }
    }
}
