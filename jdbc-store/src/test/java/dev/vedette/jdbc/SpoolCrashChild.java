package dev.vedette.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.Monitor;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.spool.SpoolSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The application that {@link SpoolCrashTest} kills with SIGKILL: a monitor with a spool records
 * transactions and prints each id once its record call has returned ({@code ID k-17}); in overflow
 * mode it also prints {@code SPOOLED n} once the writer has moved everything up to {@code k-n} out
 * of the memory queue. It starts recording when it reads {@code GO}, and halts when stdin closes.
 * In overflow mode (the store is cut before {@code GO}) it first raises one CRITICAL alert, delivers
 * it on its log channel from the in-memory journal and prints {@code ALERT <id>}.
 *
 * <p>Arguments: mode (OVERFLOW or WRITE_AHEAD), JDBC URL, spool directory.
 */
public final class SpoolCrashChild {
    private SpoolCrashChild() {}

    public static void main(String[] args) throws Exception {
        SpoolSettings.Mode mode = SpoolSettings.Mode.valueOf(args[0]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[1]);
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(1_000);
        config.setValidationTimeout(1_000);
        HikariDataSource pool = new HikariDataSource(config);
        Monitor monitor = Monitor.builder()
                .store(JdbcStore.builder().dataSource(pool).migrate(false).build())
                .backgroundJobs(false)
                .queueCapacity(1_000)
                .batchSize(100)
                .writeRetryBackoff(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(500))
                .spool(SpoolSettings.builder(Path.of(args[2])).mode(mode).build())
                .build();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("READY");
        String go = in.readLine();
        if (!"GO".equals(go)) {
            Runtime.getRuntime().halt(2);
        }
        if (mode == SpoolSettings.Mode.OVERFLOW) {
            // the store is already cut: the alert is raised, delivered and kept by the journal on disk
            dev.vedette.model.AlertRecord alert =
                    monitor.raiseAlert(dev.vedette.model.Alert.critical("Checkout failing during the outage")
                            .component("checkout")
                            .build());
            dev.vedette.alerting.AlertingTestHooks.dispatch(monitor.alerts());
            out.println("ALERT " + alert.id());
        }
        Thread.ofPlatform().daemon(true).start(() -> {
            try {
                while (in.read() != -1) {
                    // the parent is there
                }
            } catch (java.io.IOException e) {
                // gone
            }
            Runtime.getRuntime().halt(0);
        });
        for (int i = 0; i < 1_000_000; i++) {
            monitor.recordTransaction(Transaction.builder("k-" + i)
                    .status(TransactionStatus.COMPLETED)
                    .amount("2.50", "EUR")
                    .build());
            out.println("ID k-" + i);
            if (mode == SpoolSettings.Mode.OVERFLOW && i % 100 == 99) {
                while (monitor.stats().queueDepth() > 0) {
                    LockSupport.parkNanos(1_000_000);
                }
                out.println("SPOOLED " + i);
            }
        }
        Runtime.getRuntime().halt(0);
    }
}
