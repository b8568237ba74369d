package dev.vedette.jdbc.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.Monitor;
import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryState;
import dev.vedette.store.AlertQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reliability scenario 3: an application is killed with SIGKILL while deliveries are claimed and in
 * flight; a new instance on the same PostgreSQL schema finds everything that was flushed and
 * delivers every alert once the dead instance's claims expire (at-least-once).
 */
class CrashRestartTest {
    private static final int TRANSACTIONS = 1_000;
    private static final int ALERTS = 12;
    private static final int TAIL = 500;
    /** The dead child's claims outlive it by this much at most; the restarted instance must wait it out. */
    private static final Duration CHILD_LEASE = Duration.ofSeconds(4);

    private static final Pattern ALERT_ID = Pattern.compile("\"alertId\":\"([^\"]+)\"");

    @Test
    void sigkillMidDeliveryLosesNothingFlushedAndEveryAlertIsDeliveredAfterRestart() throws Exception {
        Path childErr = Files.createTempFile("vedette-crash-child", ".log");
        try (PostgresSchema db = PostgresSchema.create();
                HikariDataSource pool = db.newPool(4);
                HungPeer hung = new HungPeer()) {
            Process child = new ProcessBuilder(
                            ProcessHandle.current().info().command().orElseThrow(),
                            "-XX:TieredStopAtLevel=1", // a short-lived JVM: start fast
                            "-XX:+UseSerialGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CrashChild.class.getName(),
                            db.url,
                            String.valueOf(TRANSACTIONS),
                            String.valueOf(ALERTS),
                            String.valueOf(hung.port()),
                            String.valueOf(CHILD_LEASE.toSeconds()),
                            String.valueOf(TAIL))
                    .redirectError(childErr.toFile())
                    .start();
            int claimedAtKill;
            int pendingAtKill;
            try {
                BlockingQueue<String> lines = lines(child.getInputStream());
                String flushed = awaitLine(lines, "FLUSHED ", child, childErr);
                assertThat(flushed).isEqualTo("FLUSHED " + TRANSACTIONS);
                awaitLine(lines, "RAISED ", child, childErr);
                // kill it while the first delivery is in flight at the peer that never answers
                assertThat(Waits.until(Duration.ofSeconds(20), () -> hung.requests() >= 1))
                        .as("the child started delivering")
                        .isTrue();
                try (JdbcStore probe = JdbcStore.builder().dataSource(pool).build()) {
                    List<Delivery> before = deliveries(probe);
                    assertThat(before).hasSize(ALERTS);
                    claimedAtKill = (int) before.stream()
                            .filter(d -> "crash-child".equals(d.claimedBy()))
                            .count();
                    pendingAtKill = (int) before.stream()
                            .filter(d -> d.state() == DeliveryState.PENDING)
                            .count();
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

            // restart: a new instance on the same schema, peer answering 200
            List<String> received = Collections.synchronizedList(new ArrayList<>());
            HttpServer good = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            good.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = ALERT_ID.matcher(body);
                received.add(m.find() ? m.group(1) : "?");
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            good.start();
            long started = System.nanoTime();
            JdbcStore store = JdbcStore.builder().dataSource(pool).build();
            try (Monitor restarted = Monitor.builder()
                    .store(store)
                    .instanceId("restarted")
                    .backgroundJobs(false)
                    .notifier(new HttpPostNotifier(
                            "webhook",
                            URI.create("http://127.0.0.1:" + good.getAddress().getPort() + "/hook"),
                            Duration.ofSeconds(5)))
                    .alerting(a -> a.claimLease(Duration.ofSeconds(1)))
                    .build()) {
                int[] cycles = {0};
                boolean allSent = Waits.until(Duration.ofSeconds(30), () -> {
                    AlertingTestHooks.dispatch(restarted.alerts());
                    cycles[0]++;
                    return deliveries(store).stream().allMatch(d -> d.state() == DeliveryState.SENT);
                });
                assertThat(allSent).as("every delivery SENT after restart").isTrue();
                long recoveryMillis =
                        Duration.ofNanos(System.nanoTime() - started).toMillis();

                List<AlertRecord> alerts =
                        store.searchAlerts(AlertQuery.all(100)).items();
                assertThat(alerts).hasSize(ALERTS);
                List<Delivery> after = deliveries(store);
                assertThat(after)
                        .hasSize(ALERTS)
                        .allSatisfy(d -> assertThat(d.state()).isEqualTo(DeliveryState.SENT));
                Set<String> ids = new HashSet<>();
                alerts.forEach(a -> ids.add(a.id()));
                assertThat(new HashSet<>(received)).isEqualTo(ids);

                long flushedStored = db.queryLong(
                        "SELECT count(*) FROM vedette_transactions WHERE id LIKE 'crash-%' AND event_count > 0");
                long tailStored = db.queryLong(
                        "SELECT count(*) FROM vedette_transactions WHERE id LIKE 'tail-%' AND event_count > 0");
                assertThat(flushedStored).isEqualTo(TRANSACTIONS);
                System.out.printf(
                        "RELIABILITY crash-restart: flushed=%d stored=%d lost=%d alerts=%d claimedAtKill=%d"
                                + " pendingAtKill=%d inFlightAtHungPeer=%d deliveredAfterRestart=%d"
                                + " duplicatesAtRestartPeer=%d recoveryMs=%d dispatchCycles=%d"
                                + " unflushedTail=%d tailStored=%d%n",
                        TRANSACTIONS,
                        flushedStored,
                        TRANSACTIONS - flushedStored,
                        ALERTS,
                        claimedAtKill,
                        pendingAtKill,
                        hung.requests(),
                        new HashSet<>(received).size(),
                        received.size() - new HashSet<>(received).size(),
                        recoveryMillis,
                        cycles[0],
                        TAIL,
                        tailStored);
            } finally {
                good.stop(0);
            }
        } finally {
            Files.deleteIfExists(childErr);
        }
    }

    private static List<Delivery> deliveries(JdbcStore store) {
        List<Delivery> all = new ArrayList<>();
        for (AlertRecord a : store.searchAlerts(AlertQuery.all(100)).items()) {
            all.addAll(store.deliveries(a.id()));
        }
        return all;
    }

    private static BlockingQueue<String> lines(InputStream in) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child died
            }
        });
        return lines;
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix, Process child, Path err)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !child.isAlive()) {
                break;
            }
        }
        throw new AssertionError("child never printed '" + prefix + "' (alive=" + child.isAlive() + "); stderr:\n"
                + tail(Files.readString(err)));
    }

    private static String tail(String text) {
        return text.length() <= 4_000 ? text : text.substring(text.length() - 4_000);
    }

    /** An HTTP peer that accepts connections, reads the requests and never answers. */
    private static final class HungPeer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        private final Set<String> seen = Collections.synchronizedSet(new HashSet<>());

        HungPeer() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        sockets.add(s);
                        Thread.ofVirtual().start(() -> read(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void read(Socket s) {
            StringBuilder text = new StringBuilder();
            byte[] buf = new byte[4096];
            try (InputStream in = s.getInputStream()) {
                for (int n; (n = in.read(buf)) != -1; ) {
                    text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    Matcher m = ALERT_ID.matcher(text);
                    while (m.find()) {
                        seen.add(m.group(1));
                    }
                }
            } catch (IOException e) {
                // the child was killed
            }
        }

        int port() {
            return server.getLocalPort();
        }

        /** Distinct alerts whose request reached this peer. */
        int requests() {
            return seen.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
