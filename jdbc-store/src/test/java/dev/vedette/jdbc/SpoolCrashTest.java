package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.jdbc.reliability.Waits;
import dev.vedette.model.MonitorStats;
import dev.vedette.spool.SpoolSettings;
import dev.vedette.test.FaultProxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM with a spool is killed with SIGKILL mid-stream ({@link SpoolCrashChild}); a monitor
 * started on the same spool directory and the real PostgreSQL database then stores what the child
 * had accepted. In write-ahead mode that is every id the child printed after its record call
 * returned; in overflow mode (store cut) every id the writer had moved out of the memory queue.
 */
class SpoolCrashTest {
    private static final int KILL_AFTER = 2_000;

    @TempDir
    Path spoolDir;

    @Test
    void writeAheadLosesNothingAcceptedWhenKilledWhileWriting() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
                FaultProxy proxy = FaultProxy.in(db.url)) {
            Killed killed = runAndKill(db, proxy, SpoolSettings.Mode.WRITE_AHEAD, false);
            long storedAtKill = countStored(db);

            Restart r = restart(db, SpoolSettings.Mode.WRITE_AHEAD, new HashSet<>(killed.ids), null);

            assertThat(r.missing).as("printed ids not stored after restart").isEmpty();
            System.out.printf(
                    "RELIABILITY spool-kill9 write-ahead: printed=%d storedAtKill=%d replayedAfterRestart=%d"
                            + " lost=%d storedTwice=%d spoolCorrupt=%d restartToStoredMs=%d%n",
                    killed.ids.size(),
                    storedAtKill,
                    r.stats.replayed(),
                    r.missing.size(),
                    r.twice,
                    r.stats.spoolCorrupt(),
                    r.millis);
        }
    }

    @Test
    void overflowKeepsWhatWasSpooledWhenKilledDuringAnOutage() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
                FaultProxy proxy = FaultProxy.in(db.url)) {
            Killed killed = runAndKill(db, proxy, SpoolSettings.Mode.OVERFLOW, true);
            assertThat(killed.lastSpooled).isGreaterThanOrEqualTo(KILL_AFTER / 2);
            Set<String> spooled = new HashSet<>();
            for (int i = 0; i <= killed.lastSpooled; i++) {
                spooled.add("k-" + i);
            }

            assertThat(killed.alertId)
                    .as("the child raised and delivered its alert from memory")
                    .isNotNull();
            Restart r = restart(db, SpoolSettings.Mode.OVERFLOW, spooled, killed.alertId);

            assertThat(r.missing).as("spooled ids not stored after restart").isEmpty();
            Set<String> all = new HashSet<>(killed.ids);
            all.removeAll(storedIds(db));
            System.out.printf(
                    "RELIABILITY spool-kill9 overflow: printed=%d spooledAtKill=%d replayedAfterRestart=%d"
                            + " lostOfSpooled=%d lostFromMemoryQueue=%d storedTwice=%d restartToStoredMs=%d%n",
                    killed.ids.size(),
                    killed.lastSpooled + 1,
                    r.stats.replayed(),
                    r.missing.size(),
                    all.size(),
                    r.twice,
                    r.millis);
            assertThat(all.size()).as("only the memory queue can be lost").isLessThanOrEqualTo(1_000);
        }
    }

    private record Killed(
            List<String> ids,
            int lastSpooled,
            @org.jspecify.annotations.Nullable String alertId) {}

    private record Restart(MonitorStats stats, Set<String> missing, long twice, long millis) {}

    private Killed runAndKill(TestDatabase db, FaultProxy proxy, SpoolSettings.Mode mode, boolean cut)
            throws Exception {
        // the schema first, straight to the database
        JdbcStore.builder().dataSource(db.dataSource()).build();
        String childUrl = proxy.rewrite(db.url) + "&connectTimeout=1&socketTimeout=2";
        Path err = Files.createTempFile("vedette-spool-child", ".log");
        Process child = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElseThrow(),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SpoolCrashChild.class.getName(),
                        mode.name(),
                        childUrl,
                        spoolDir.toString())
                .redirectError(err.toFile())
                .start();
        List<String> ids = new CopyOnWriteArrayList<>();
        int[] lastSpooled = {-1};
        String[] alertId = {null};
        boolean[] ready = {false};
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("ID ")) {
                        ids.add(line.substring(3));
                    } else if (line.startsWith("SPOOLED ")) {
                        lastSpooled[0] = Integer.parseInt(line.substring(8));
                    } else if (line.startsWith("ALERT ")) {
                        alertId[0] = line.substring(6);
                    } else if (line.equals("READY")) {
                        ready[0] = true;
                    }
                }
            } catch (IOException e) {
                // killed
            }
        });
        try {
            assertThat(Waits.until(Duration.ofSeconds(20), () -> ready[0]))
                    .as(() -> "child ready; stderr: " + read(err))
                    .isTrue();
            if (cut) {
                proxy.cut();
            }
            OutputStream stdin = child.getOutputStream();
            stdin.write("GO\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            assertThat(Waits.until(Duration.ofSeconds(25), () -> ids.size() >= KILL_AFTER))
                    .as(() -> "child recorded " + ids.size() + "; stderr: " + read(err))
                    .isTrue();
            if (!cut) { // kill it while it is writing: some batches stored and committed, more in flight
                assertThat(Waits.until(Duration.ofSeconds(20), () -> countStoredQuietly(db) >= KILL_AFTER / 4))
                        .as(() -> "child stored records; stderr: " + read(err))
                        .isTrue();
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
            reader.join(5_000);
            Files.deleteIfExists(err);
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        return new Killed(List.copyOf(ids), lastSpooled[0], alertId[0]);
    }

    /**
     * Starts a monitor on the same spool, straight on the database, and waits for the expected ids.
     * With {@code alertId}, one scheduled run writes the killed child's alert journal back: the alert
     * must be stored with its delivery SENT, and nothing sent again.
     */
    private Restart restart(
            TestDatabase db,
            SpoolSettings.Mode mode,
            Set<String> expected,
            @org.jspecify.annotations.Nullable String alertId)
            throws Exception {
        long started = System.nanoTime();
        dev.vedette.test.RecordingNotifier log = new dev.vedette.test.RecordingNotifier("log");
        try (Monitor m = Monitor.builder()
                .store(JdbcStore.builder().dataSource(db.dataSource()).build())
                .notifier(log)
                .backgroundJobs(false)
                .spool(SpoolSettings.builder(spoolDir).mode(mode).build())
                .build()) {
            Waits.until(Duration.ofSeconds(20), () -> storedIds(db).containsAll(expected));
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(storedIds(db));
            if (alertId != null) {
                m.runScheduledJobs();
                assertThat(m.alerts().get(alertId))
                        .as("the alert raised during the outage is written back after the kill")
                        .hasValueSatisfying(a -> assertThat(a.title()).isEqualTo("Checkout failing during the outage"));
                assertThat(m.alerts().deliveries(alertId))
                        .singleElement()
                        .satisfies(d -> assertThat(d.state()).isEqualTo(dev.vedette.model.DeliveryState.SENT));
                assertThat(m.audit(20, null).items())
                        .anySatisfy(e -> assertThat(e.action()).isEqualTo("store.outage"));
                m.runScheduledJobs();
                assertThat(log.attempts())
                        .as("a notification sent before the kill is not sent again")
                        .isEmpty();
            }
            long twice =
                    queryLong(db, "SELECT count(*) FROM vedette_transactions WHERE id LIKE 'k-%' AND event_count > 1");
            return new Restart(m.stats(), missing, twice, millis);
        }
    }

    private static Set<String> storedIds(TestDatabase db) {
        Set<String> ids = new HashSet<>();
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id FROM vedette_transactions WHERE id LIKE 'k-%'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private static long countStoredQuietly(TestDatabase db) {
        try {
            return countStored(db);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static long countStored(TestDatabase db) throws SQLException {
        return queryLong(db, "SELECT count(*) FROM vedette_transactions WHERE id LIKE 'k-%'");
    }

    private static long queryLong(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file);
            return text.length() <= 4_000 ? text : text.substring(text.length() - 4_000);
        } catch (IOException e) {
            return "(unreadable)";
        }
    }
}
