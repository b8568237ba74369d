package dev.vedette.benchmarks;

import dev.vedette.Monitor;
import dev.vedette.MonitorBuilder;
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
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

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
}
