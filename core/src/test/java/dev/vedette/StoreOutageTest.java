package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.alerting.Notification;
import dev.vedette.health.HealthChecks;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.HealthStatus;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.store.StoreException;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The alert path while the store is unreachable, driven by a hand-moved clock: alerts and health
 * transitions are routed and delivered from the in-memory journal, the monitor raises "Vedette
 * store unreachable" after 30 s, and when the store is back the journal is written to it without
 * any notification being sent twice.
 */
class StoreOutageTest {
    private static final Instant START = Instant.parse("2026-09-01T08:00:00Z");

    private final TestClock clock = new TestClock(START);
    private final RecordingNotifier slack = new RecordingNotifier("slack");
    private final InMemoryStore backing = new InMemoryStore();
    private final AtomicBoolean cut = new AtomicBoolean();
    private final AtomicReference<HealthStatus> database = new AtomicReference<>(HealthStatus.UP);

    /** The in-memory store behind a switch: while cut, every call fails as a lost connection does. */
    private final Store store = (Store) Proxy.newProxyInstance(
            Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
                if (cut.get() && !method.getName().equals("close")) {
                    throw new StoreException(method.getName() + " failed (SQLState 08006)");
                }
                try {
                    return method.invoke(backing, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    private Monitor monitor() {
        return Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack)
                .check(HealthChecks.of("database", database::get)
                        .interval(Duration.ofSeconds(5))
                        .build())
                .build();
    }

    /** Moves the clock, runs the due jobs (checks, store watch, journal) and one dispatch cycle. */
    private void tick(Monitor m, Duration by) {
        clock.advance(by);
        m.runScheduledJobs();
        AlertingTestHooks.dispatch(m.alerts());
    }

    private List<String> sentTitles(DeliveryKind kind) {
        return slack.sent().stream()
                .filter(n -> n.kind() == kind)
                .flatMap(n -> n.alerts().stream())
                .map(AlertRecord::title)
                .toList();
    }

    @Test
    void alertsRaisedWhileTheStoreIsDownAreDeliveredAndWrittenBackOnceWithoutResending() {
        try (Monitor m = monitor()) {
            tick(m, Duration.ZERO);
            cut.set(true);
            database.set(HealthStatus.DOWN);

            AlertRecord raised = m.raiseAlert(
                    Alert.critical("Checkout failing").component("checkout").build());
            assertThat(raised.status())
                    .as("raiseAlert answers from the journal")
                    .isEqualTo(AlertStatus.OPEN);
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(sentTitles(DeliveryKind.TRIGGER)).containsExactly("Checkout failing");

            // the database check fails at +5 s, is confirmed at +10 s and +15 s: DOWN, alerted from memory
            for (int i = 0; i < 3; i++) {
                tick(m, Duration.ofSeconds(5));
            }
            assertThat(sentTitles(DeliveryKind.TRIGGER)).containsExactly("Checkout failing", "database is DOWN");

            // 30 s after the first failed call, the monitor reports its own store
            tick(m, Duration.ofSeconds(10));
            assertThat(sentTitles(DeliveryKind.TRIGGER)).doesNotContain("Vedette store unreachable");
            tick(m, Duration.ofSeconds(5));
            assertThat(sentTitles(DeliveryKind.TRIGGER))
                    .containsExactly("Checkout failing", "database is DOWN", "Vedette store unreachable");
            Notification storeAlert = slack.sent().getLast();
            assertThat(storeAlert.alerts().getFirst().message())
                    .contains("SQLState 08006")
                    .contains("Alerts are delivered from memory");
            assertThat(backing.searchAlerts(AlertQuery.active()).items())
                    .as("nothing reached the store yet")
                    .isEmpty();

            // the store returns; the database check recovers later
            cut.set(false);
            tick(m, Duration.ofSeconds(5));

            List<AlertRecord> stored = backing.searchAlerts(
                            new AlertQuery(Set.of(), Set.of(), null, null, null, 100, null))
                    .items();
            assertThat(stored)
                    .extracting(AlertRecord::title)
                    .containsExactlyInAnyOrder("Checkout failing", "database is DOWN", "Vedette store unreachable");
            assertThat(stored)
                    .filteredOn(a -> a.title().equals("Vedette store unreachable"))
                    .singleElement()
                    .extracting(AlertRecord::status)
                    .isEqualTo(AlertStatus.RESOLVED);
            for (AlertRecord a : stored) {
                assertThat(backing.deliveries(a.id()))
                        .filteredOn(d -> d.kind() == DeliveryKind.TRIGGER)
                        .singleElement()
                        .satisfies(d -> assertThat(d.state()).isEqualTo(DeliveryState.SENT));
            }
            assertThat(m.audit(50, null).items()).extracting(AuditEntry::action).contains("store.outage");
            AuditEntry outage = m.audit(50, null).items().stream()
                    .filter(e -> e.action().equals("store.outage"))
                    .findFirst()
                    .orElseThrow();
            assertThat(outage.details()).containsEntry("raised", 3);

            int triggers = sentTitles(DeliveryKind.TRIGGER).size();
            for (int i = 0; i < 5; i++) {
                tick(m, Duration.ofSeconds(10));
            }
            assertThat(sentTitles(DeliveryKind.TRIGGER))
                    .as("a notification sent from memory is never sent again")
                    .hasSize(triggers);
            assertThat(sentTitles(DeliveryKind.RESOLVE))
                    .as("the store alert resolves itself and says so on the channel that was paged")
                    .containsExactly("Vedette store unreachable");
        }
    }

    @Test
    void anAlertRaisedBeforeTheOutageIsResolvedDuringItOnTheChannelThatWasPaged() {
        try (Monitor m = monitor()) {
            tick(m, Duration.ofSeconds(1));
            AlertRecord before = m.raiseAlert(
                    Alert.high("Refunds stuck").component("refunds").build());
            tick(m, Duration.ofSeconds(11)); // delivered, and copied into the journal's seed
            assertThat(sentTitles(DeliveryKind.TRIGGER)).containsExactly("Refunds stuck");

            cut.set(true);
            m.raiseAlert(Alert.high("Refunds stuck").component("refunds").build());
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(sentTitles(DeliveryKind.TRIGGER))
                    .as("the journal knows the alert is active: a repeat is absorbed, not sent again")
                    .containsExactly("Refunds stuck");

            assertThat(m.alerts().resolveByKey(before.dedupKey(), "oncall")).isPresent();
            tick(m, Duration.ofSeconds(2)); // past the channel's minimum interval between messages
            assertThat(sentTitles(DeliveryKind.RESOLVE)).containsExactly("Refunds stuck");

            cut.set(false);
            tick(m, Duration.ofSeconds(5));
            AlertRecord stored = backing.alert(before.id()).orElseThrow();
            assertThat(stored.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(stored.occurrences()).isEqualTo(2);
            assertThat(stored.resolvedBy()).isEqualTo("oncall");
            assertThat(backing.deliveries(before.id()))
                    .extracting(Delivery::kind, Delivery::state)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(DeliveryKind.TRIGGER, DeliveryState.SENT),
                            org.assertj.core.groups.Tuple.tuple(DeliveryKind.RESOLVE, DeliveryState.SENT));
            assertThat(m.audit(50, null).items())
                    .extracting(AuditEntry::action)
                    .contains("alert.resolve", "store.outage");

            tick(m, Duration.ofSeconds(10));
            assertThat(slack.sent()).as("nothing is sent twice").hasSize(2);
        }
    }

    @Test
    void aNotificationSentJustBeforeTheStoreWentAwayIsRecordedAsSentAndNotRepeated() {
        RecordingNotifier cutting = new RecordingNotifier("pager");
        try (Monitor m = Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .notifier(new dev.vedette.alerting.Notifier() {
                    @Override
                    public String name() {
                        return "pager";
                    }

                    @Override
                    public dev.vedette.alerting.SendResult send(Notification n) {
                        dev.vedette.alerting.SendResult r = cutting.send(n);
                        cut.set(true); // the store goes away while the page is in flight
                        return r;
                    }
                })
                .build()) {
            m.raiseAlert(Alert.critical("Payouts failing").component("payouts").build());
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(cutting.sent()).hasSize(1);

            cut.set(false);
            tick(m, Duration.ofSeconds(5));
            AlertRecord stored =
                    backing.searchAlerts(AlertQuery.active()).items().getFirst();
            assertThat(backing.deliveries(stored.id())).singleElement().satisfies(d -> {
                assertThat(d.state()).isEqualTo(DeliveryState.SENT);
                assertThat(d.claimedBy()).isNull();
            });
            clock.advance(Duration.ofMinutes(10)); // past any claim lease
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(cutting.sent())
                    .as("the outcome was kept while the store was down")
                    .hasSize(1);
        }
    }

    @Test
    void withASpoolTheJournalOutlivesTheMonitorAndTheNextOneWritesItBack(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path spool) {
        dev.vedette.spool.SpoolSettings settings = dev.vedette.spool.SpoolSettings.of(spool);
        String alertId;
        try (Monitor first = Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack)
                .spool(settings)
                .closeTimeout(Duration.ZERO)
                .build()) {
            cut.set(true);
            alertId = first.raiseAlert(Alert.critical("Payouts failing")
                            .component("payouts")
                            .build())
                    .id();
            AlertingTestHooks.dispatch(first.alerts());
            assertThat(sentTitles(DeliveryKind.TRIGGER)).containsExactly("Payouts failing");
        } // closed while the store is still down: the journal stays on disk

        cut.set(false);
        try (Monitor second = Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack)
                .spool(settings)
                .build()) {
            assertThat(second.storeStatus().journaling())
                    .as("the journal left on disk is open")
                    .isTrue();
            tick(second, Duration.ofSeconds(1));
            assertThat(second.storeStatus().journaling()).isFalse();
            assertThat(backing.alert(alertId))
                    .hasValueSatisfying(a -> assertThat(a.status()).isEqualTo(AlertStatus.OPEN));
            assertThat(backing.deliveries(alertId))
                    .singleElement()
                    .satisfies(d -> assertThat(d.state()).isEqualTo(DeliveryState.SENT));
            assertThat(backing.audit(20, null).items())
                    .filteredOn(e -> e.action().equals("store.outage"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.details()).containsEntry("restoredFromDisk", 2));
            tick(second, Duration.ofSeconds(10));
            assertThat(slack.sent()).as("sent once, by the first monitor").hasSize(1);
        }
        try (Monitor third = Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .spool(settings)
                .build()) {
            assertThat(third.storeStatus().journaling())
                    .as("a journal written back is not opened again")
                    .isFalse();
        }
    }
}
