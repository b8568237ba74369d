package dev.vedette.jdbc.reliability;

import dev.vedette.Monitor;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.Alert;
import dev.vedette.model.Money;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.net.URI;
import java.time.Duration;

/**
 * The application that {@link CrashRestartTest} kills: it records and flushes transactions, raises
 * alerts to a webhook that never answers, records a tail it does not flush, reports on stdout, and
 * waits to be killed (it exits by itself when its stdin closes, so it never outlives the test).
 *
 * <p>Arguments: JDBC URL, transactions to flush, alerts, webhook port, claim lease in seconds,
 * unflushed tail size.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int transactions = Integer.parseInt(args[1]);
        int alerts = Integer.parseInt(args[2]);
        int port = Integer.parseInt(args[3]);
        Duration lease = Duration.ofSeconds(Long.parseLong(args[4]));
        int tail = Integer.parseInt(args[5]);

        Monitor monitor = Monitor.builder()
                .store(JdbcStore.builder().jdbcUrl(url).poolSize(3).build())
                .instanceId("crash-child")
                .notifier(new HttpPostNotifier(
                        "webhook", URI.create("http://127.0.0.1:" + port + "/hook"), Duration.ofMinutes(5)))
                .alerting(a -> a.claimLease(lease))
                .build();
        for (int i = 0; i < transactions; i++) {
            monitor.recordTransaction(Transaction.builder("crash-" + i)
                    .status(i % 5 == 0 ? TransactionStatus.FAILED : TransactionStatus.COMPLETED)
                    .amount(Money.ofMinor(1_000 + i, "EUR"))
                    .build());
        }
        boolean flushed = monitor.flush(Duration.ofSeconds(60));
        System.out.println(
                "FLUSHED " + (flushed ? transactions - monitor.stats().dropped() : -1));
        System.out.flush();

        for (int i = 0; i < alerts; i++) {
            monitor.raiseAlert(Alert.high("Crash alert #" + i)
                    .component("checkout")
                    .dedupKey("crash-alert-" + i)
                    .build());
        }
        for (int i = 0; i < tail; i++) {
            monitor.recordTransaction(Transaction.builder("tail-" + i)
                    .status(TransactionStatus.PENDING)
                    .build());
        }
        System.out.println("RAISED " + alerts);
        System.out.flush();

        while (System.in.read() != -1) {
            // wait for SIGKILL, or for the parent to go away
        }
        Runtime.getRuntime().halt(0);
    }
}
