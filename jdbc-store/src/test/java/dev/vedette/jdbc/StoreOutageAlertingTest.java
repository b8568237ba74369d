package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.vedette.Monitor;
import dev.vedette.health.HealthChecks;
import dev.vedette.jdbc.reliability.HttpPostNotifier;
import dev.vedette.jdbc.reliability.Waits;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.Money;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AlertQuery;
import dev.vedette.test.FaultProxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.ObjectMapper;

/**
 * The database Vedette stores into goes away under traffic, as a new user would try it: a monitor
 * on a {@link JdbcStore} reached through a {@link FaultProxy}, a JDBC health check on the same pool
 * every 5 s, CRITICAL and HIGH routed to a channel that posts JSON to a MockWebServer peer, 200
 * records per second.
 *
 * <ul>
 *   <li>Cut for 120 s: "Vedette store unreachable" and "database is DOWN" reach the channel within 45 s
 *       of the cut; once the proxy is restored every record accepted before, during and after the
 *       outage is in the database, both alerts are stored with their sent deliveries, the outage is
 *       audited, and no notification was sent twice.
 *   <li>Stalled (accepts, never answers) for 45 s: the same alerts within 45 s, as for a cut.
 * </ul>
 */
class StoreOutageAlertingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long RECORD_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(5); // 200 records/s
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message: when it arrived (nanoTime) and its headline, "TRIGGER: title" or "RESOLVE: title". */
    record Message(long atNanos, String text) {}

    /** The channel's peer: answers 200 and keeps every message. */
    private static MockWebServer slackPeer(List<Message> messages) throws Exception {
        MockWebServer slack = new MockWebServer();
        slack.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = Objects.requireNonNull(request.getBody()).utf8();
                var json = JSON.readTree(body);
                messages.add(new Message(
                        System.nanoTime(),
                        json.path("kind").asString() + ": " + json.path("title").asString()));
                return new MockResponse.Builder().code(200).body("ok").build();
            }
        });
        slack.start();
        return slack;
    }

    /** Records 200 transactions per second on its own thread until stopped. */
    private static final class Traffic implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong offered = new AtomicLong();
        final Thread thread;

        Traffic(Monitor monitor) {
            thread = Thread.ofPlatform().name("traffic").start(() -> {
                long next = System.nanoTime();
                while (running.get()) {
                    long i = offered.getAndIncrement();
                    monitor.recordTransaction(Transaction.builder("out-" + i)
                            .status(i % 9 == 0 ? TransactionStatus.FAILED : TransactionStatus.COMPLETED)
                            .amount(Money.ofMinor(100 + i % 1_000, "EUR"))
                            .provider("stripe")
                            .build());
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

    private static Monitor monitor(JdbcStore store, HikariDataSource pool, MockWebServer slack) {
        return Monitor.builder()
                .store(store)
                .notifier(new HttpPostNotifier(
                        "slack", java.net.URI.create(slack.url("/hook").toString()), TIMEOUT))
                .route(Severity.CRITICAL, "slack")
                .route(Severity.HIGH, "slack")
                .check(HealthChecks.jdbc("database", pool)
                        .interval(Duration.ofSeconds(5))
                        .build())
                .queueCapacity(60_000)
                .writeRetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
                .build();
    }

    private static long firstArrival(List<Message> messages, String headline) {
        return messages.stream()
                .filter(m -> m.text().contains(headline))
                .mapToLong(Message::atNanos)
                .min()
                .orElse(Long.MAX_VALUE);
    }

    private static long count(List<Message> messages, String headline) {
        return messages.stream().filter(m -> m.text().contains(headline)).count();
    }

    private static long storedTransactions(TestDatabase db) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM vedette_transactions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What one fault under traffic gave. */
    record Outcome(long recorded, long storeAlertNanos, long databaseAlertNanos, int messages) {}

    /**
     * Runs the scenario: traffic, then {@code fault} on the proxy, both alerts within 45 s of it, the
     * fault held until {@code hold} has passed since it began, restore, more traffic; then checks that
     * every transaction is stored, both alerts are stored resolved with their triggers sent, the
     * outage is audited and nothing was sent twice.
     */
    private static Outcome faultUnderTraffic(TestDatabase.Kind kind, Consumer<FaultProxy> fault, Duration hold)
            throws Exception {
        List<Message> messages = new CopyOnWriteArrayList<>();
        try (TestDatabase db = TestDatabase.create(kind);
                FaultProxy proxy = FaultProxy.in(db.url);
                HikariDataSource pool = db.poolThrough(proxy, TIMEOUT);
                MockWebServer slack = slackPeer(messages)) {
            Monitor monitor = monitor(JdbcStore.builder().dataSource(pool).build(), pool, slack);
            Traffic traffic = new Traffic(monitor);
            long storeAlertAfter;
            long databaseAlertAfter;
            try (traffic) {
                assertThat(Waits.until(
                                Duration.ofSeconds(20), () -> monitor.stats().written() >= 1_000))
                        .isTrue();
                long faultAt = System.nanoTime();
                fault.accept(proxy);
                assertThat(Waits.until(
                                Duration.ofSeconds(60),
                                () -> count(messages, "Vedette store unreachable") > 0
                                        && count(messages, "database is DOWN") > 0))
                        .as("both alerts reach the channel while the store is down")
                        .isTrue();
                storeAlertAfter = firstArrival(messages, "Vedette store unreachable") - faultAt;
                databaseAlertAfter = firstArrival(messages, "database is DOWN") - faultAt;
                assertThat(Duration.ofNanos(storeAlertAfter)).isLessThanOrEqualTo(Duration.ofSeconds(45));
                assertThat(Duration.ofNanos(databaseAlertAfter)).isLessThanOrEqualTo(Duration.ofSeconds(45));

                Waits.until(hold, () -> System.nanoTime() - faultAt >= hold.toNanos());
                proxy.restore();
                long restoredAt = monitor.stats().accepted();
                assertThat(Waits.until(
                                Duration.ofSeconds(30), () -> monitor.stats().accepted() >= restoredAt + 1_000))
                        .isTrue();
            }

            assertThat(monitor.flush(Duration.ofSeconds(90))).isTrue();
            long recorded = traffic.offered.get();
            assertThat(monitor.stats().dropped()).isZero();
            assertThat(monitor.stats().quarantined()).isZero();
            assertThat(storedTransactions(db))
                    .as("every transaction recorded before, during and after the outage is stored")
                    .isEqualTo(recorded);

            assertThat(Waits.until(
                            Duration.ofSeconds(60),
                            () -> monitor.alerts().active().isEmpty()))
                    .as("the store alert resolves itself; the database check recovers")
                    .isTrue();
            List<AlertRecord> stored = monitor.alerts()
                    .search(new AlertQuery(Set.of(), Set.of(), null, null, null, 100, null))
                    .items();
            Map<String, AlertStatus> byTitle =
                    stored.stream().collect(Collectors.toMap(AlertRecord::title, AlertRecord::status));
            assertThat(byTitle)
                    .containsEntry("Vedette store unreachable", AlertStatus.RESOLVED)
                    .containsEntry("database is DOWN", AlertStatus.RESOLVED);
            for (AlertRecord a : stored) {
                assertThat(monitor.alerts().deliveries(a.id()))
                        .as("the deliveries made from memory are stored as sent: %s", a.title())
                        .filteredOn(d -> d.kind() == DeliveryKind.TRIGGER)
                        .singleElement()
                        .extracting(d -> d.state())
                        .isEqualTo(DeliveryState.SENT);
            }
            assertThat(monitor.audit(100, null).items())
                    .extracting(AuditEntry::action)
                    .contains("store.outage");
            assertThat(Waits.until(Duration.ofSeconds(30), () -> count(messages, "RESOLVE: ") >= 2))
                    .isTrue();
            assertThat(count(messages, "TRIGGER: Vedette store unreachable"))
                    .as("sent once")
                    .isEqualTo(1);
            assertThat(count(messages, "TRIGGER: database is DOWN"))
                    .as("sent once")
                    .isEqualTo(1);
            assertThat(count(messages, "RESOLVE: Vedette store unreachable")).isEqualTo(1);
            monitor.close();
            return new Outcome(recorded, storeAlertAfter, databaseAlertAfter, messages.size());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.Kind.class,
            names = {"POSTGRES", "MARIADB"})
    void aStoreCutForTwoMinutesIsAlertedWithin45SecondsAndNothingIsLostOrSentTwice(TestDatabase.Kind kind)
            throws Exception {
        Outcome o = faultUnderTraffic(kind, FaultProxy::cut, Duration.ofSeconds(120));
        assertThat(o.recorded()).as("two minutes and more at 200 records/s").isGreaterThan(24_000);
        System.out.printf(
                "RELIABILITY store cut %s: 120 s, %d transactions recorded and stored, store alert after %.1f s,"
                        + " database alert after %.1f s, %d messages, none sent twice%n",
                kind, o.recorded(), o.storeAlertNanos() / 1e9, o.databaseAlertNanos() / 1e9, o.messages());
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.Kind.class,
            names = {"POSTGRES", "MARIADB"})
    void aStalledStoreIsAlertedLikeACutOne(TestDatabase.Kind kind) throws Exception {
        // a server that accepts and never answers fails within the timeouts, like a cut
        Outcome o = faultUnderTraffic(kind, FaultProxy::stall, Duration.ZERO);
        System.out.printf(
                "RELIABILITY store stall %s: %d transactions recorded and stored, store alert after %.1f s,"
                        + " database alert after %.1f s, %d messages, none sent twice%n",
                kind, o.recorded(), o.storeAlertNanos() / 1e9, o.databaseAlertNanos() / 1e9, o.messages());
    }
}
