package dev.vedette.examples.plain;

import dev.vedette.Monitor;
import dev.vedette.alerting.Notification;
import dev.vedette.alerting.Notifier;
import dev.vedette.alerting.SendResult;
import dev.vedette.analytics.Totals;
import dev.vedette.health.HealthChecks;
import dev.vedette.model.Alert;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.HealthSummary;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/** Vedette in plain Java: build a monitor, record a checkout stream, run checks, raise an alert, read KPIs. */
public final class PlainJavaExample {

    public static void main(String[] args) {
        run(System.out, 500, new Random(42));
    }

    static void run(PrintStream out, int payments, Random random) {
        Instant start = Instant.now();
        try (Monitor monitor = Monitor.builder()
                .store(new InMemoryStore())
                .notifier(new Console(out))
                .check(HealthChecks.of("payment-provider", () -> HealthStatus.UP)
                        .build())
                .build()) {

            for (int i = 0; i < payments; i++) {
                String id = "order-" + i;
                String provider = random.nextBoolean() ? "paypal" : "stripe";
                String currency = random.nextInt(4) == 0 ? "EUR" : "USD";
                String amount = (5 + random.nextInt(95)) + ".99";
                monitor.recordTransaction(Transaction.builder(id)
                        .status(TransactionStatus.PENDING)
                        .amount(amount, currency)
                        .customer("customer" + random.nextInt(200) + "@example.com", null)
                        .provider(provider)
                        .paymentMethod(provider.equals("paypal") ? "paypal" : "card")
                        .build());
                int roll = random.nextInt(100);
                Transaction.Builder outcome =
                        Transaction.builder(id).latency(Duration.ofMillis(80 + random.nextInt(900)));
                if (roll < 8) {
                    outcome.status(TransactionStatus.FAILED).error("card_declined", "Your card was declined.");
                } else if (roll < 10) {
                    outcome.status(TransactionStatus.ERROR).error("TIMEOUT", "Provider timed out after 10s");
                } else {
                    outcome.status(roll < 12 ? TransactionStatus.REFUNDED : TransactionStatus.COMPLETED);
                }
                monitor.recordTransaction(outcome.build());
                monitor.recordTransaction(
                        Transaction.builder(id).step("email_sent").build());
            }

            HealthSummary health = monitor.runChecks();
            monitor.raiseAlert(
                    Alert.high("Refund rate above normal").component("checkout").build());
            monitor.flush(Duration.ofSeconds(10));
            monitor.runScheduledJobs();

            out.println("Vedette saw " + monitor.stats().written() + " records, dropped "
                    + monitor.stats().dropped());
            out.println("Health: " + health.status() + " " + health.reports());
            Totals totals = monitor.analytics()
                    .totals(start.minusSeconds(60), Instant.now().plusSeconds(60));
            totals.byStatus().forEach((status, count) -> out.printf("  %-9s %4d transactions%n", status, count));
            totals.gross()
                    .forEach((currency, amount) -> out.printf("  gross %s %s%n", currency, amount.toPlainString()));
            out.println("Open alerts: " + monitor.alerts().active().size());
        }
    }

    /** A channel that prints each notification, so it shows under {@code mvn -q} too. */
    private record Console(PrintStream out) implements Notifier {
        @Override
        public String name() {
            return "console";
        }

        @Override
        public SendResult send(Notification n) {
            out.println(
                    "Notification: " + n.alert().severity() + " '" + n.alert().title() + "'");
            return SendResult.sent();
        }
    }
}
