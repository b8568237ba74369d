package dev.vedette.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.Severity;
import dev.vedette.model.Silence;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.AlertUpsert;
import dev.vedette.store.Page;
import dev.vedette.store.RaisePlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Part of the {@link StoreContractTest}: alerts, deliveries and their claims, silences. */
abstract class AlertStoreContract extends AggregateStoreContract {
    // ------------------------------------------------------------------ alerts and deliveries

    /** An open alert with this id, dedup key and severity, first seen at {@code at}. */
    protected static AlertRecord newAlert(String id, String key, Severity severity, Instant at) {
        return new AlertRecord(
                id,
                key,
                severity,
                "PayPal failing",
                "5 of 20 failed",
                "paypal",
                new TreeMap<>(Map.of("region", "eu")),
                "api",
                AlertStatus.OPEN,
                1,
                at,
                at,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static RaisePlan toChannels(AlertRecord alert, String... channels) {
        return RaisePlan.of(
                alert,
                java.util.Arrays.stream(channels)
                        .map(c -> Delivery.pending(
                                alert.id() + "-" + c, alert.id(), c, DeliveryKind.TRIGGER, alert.lastSeen()))
                        .toList());
    }

    @Test
    void raiseOpensANewAlertWithItsDeliveries() {
        AlertUpsert up = store.raiseAlert(
                toChannels(newAlert("a1", "paypal/failing", Severity.CRITICAL, at(0)), "slack", "email"));

        assertThat(up.isNew()).isTrue();
        assertThat(up.deliveries()).hasSize(2);
        assertThat(store.alert("a1").orElseThrow().status()).isEqualTo(AlertStatus.OPEN);
        assertThat(store.deliveries("a1")).extracting(Delivery::channel).containsExactlyInAnyOrder("slack", "email");
        assertThat(store.alert("a1").orElseThrow().labels()).containsEntry("region", "eu");
    }

    @Test
    void raiseWithSameKeyIsAbsorbedByTheActiveAlert() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.HIGH, at(0)), "slack"));
        AlertUpsert second = store.raiseAlert(toChannels(newAlert("a2", "k", Severity.CRITICAL, at(5)), "slack"));

        assertThat(second.isNew()).isFalse();
        assertThat(second.alert().id()).isEqualTo("a1");
        assertThat(second.alert().occurrences()).isEqualTo(2);
        assertThat(second.alert().lastSeen()).isEqualTo(at(5));
        assertThat(second.alert().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(second.deliveries()).isEmpty();
        assertThat(store.alert("a2")).isEmpty();
        assertThat(store.deliveries("a1")).hasSize(1);
    }

    @Test
    void anEscalationStoresThePlannedDeliveriesWithTheActiveAlert() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.HIGH, at(0)), "slack"));
        AlertRecord occurrence = newAlert("a2", "k", Severity.CRITICAL, at(5));
        AlertUpsert escalated = store.raiseAlert(new RaisePlan(
                occurrence,
                List.of(
                        Delivery.pending("a2-slack", "a2", "slack", DeliveryKind.TRIGGER, at(5)),
                        Delivery.pending("a2-sms", "a2", "sms", DeliveryKind.TRIGGER, at(5))),
                Map.of(Severity.HIGH, List.of(Delivery.pending("a2-sms", "a2", "sms", DeliveryKind.TRIGGER, at(5))))));

        assertThat(escalated.isNew()).isFalse();
        assertThat(escalated.alert().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(store.deliveries("a1"))
                .extracting(Delivery::id, Delivery::channel)
                .containsExactlyInAnyOrder(tuple("a1-slack", "slack"), tuple("a2-sms", "sms"));
        assertThat(store.deliveries("a2")).isEmpty();
    }

    @Test
    void resolvedAlertDoesNotAbsorbANewOccurrence() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.HIGH, at(0)), "slack"));
        store.updateAlert("a1", a -> a.withLifecycle(AlertStatus.RESOLVED, null, null, "auto", at(1)), List.of());

        AlertUpsert again = store.raiseAlert(toChannels(newAlert("a2", "k", Severity.HIGH, at(2)), "slack"));
        assertThat(again.isNew()).isTrue();
        assertThat(store.searchAlerts(AlertQuery.active()).items())
                .extracting(AlertRecord::id)
                .containsExactly("a2");
    }

    @Test
    void concurrentRaisesOfOneKeyOpenExactlyOneAlert() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<AlertUpsert>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String id = "a" + i;
                tasks.add(() -> store.raiseAlert(toChannels(newAlert(id, "same", Severity.HIGH, at(1)), "slack")));
            }
            long opened = 0;
            for (Future<AlertUpsert> f : pool.invokeAll(tasks)) {
                opened += f.get().isNew() ? 1 : 0;
            }
            assertThat(opened).isEqualTo(1);
            AlertRecord active = store.searchAlerts(AlertQuery.active()).items().get(0);
            assertThat(active.occurrences()).isEqualTo(40);
            assertThat(store.deliveries(active.id())).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updateAlertAppliesChangeAndStoresPlannedDeliveries() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.CRITICAL, at(0)), "pagerduty"));
        AlertUpsert ack = store.updateAlert(
                        "a1",
                        a -> a.withLifecycle(AlertStatus.ACKNOWLEDGED, "ada", at(3), null, null),
                        List.of(Delivery.pending("ack-1", "a1", "pagerduty", DeliveryKind.ACKNOWLEDGE, at(3))))
                .orElseThrow();

        assertThat(ack.previous().status()).isEqualTo(AlertStatus.OPEN);
        AlertRecord stored = store.alert("a1").orElseThrow();
        assertThat(stored.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(stored.acknowledgedBy()).isEqualTo("ada");
        assertThat(stored.acknowledgedAt()).isEqualTo(at(3));
        assertThat(store.deliveries("a1"))
                .extracting(Delivery::kind)
                .containsExactly(DeliveryKind.TRIGGER, DeliveryKind.ACKNOWLEDGE);

        assertThat(store.updateAlert("a1", a -> a, List.of()))
                .as("no change writes nothing")
                .isEmpty();
        assertThat(store.updateAlert("missing", a -> a, List.of())).isEmpty();
    }

    @Test
    void searchAlertsFiltersAndPages() {
        store.raiseAlert(RaisePlan.silent(newAlert("a1", "k1", Severity.CRITICAL, at(1))));
        store.raiseAlert(RaisePlan.silent(newAlert("a2", "k2", Severity.LOW, at(2))));
        store.raiseAlert(RaisePlan.silent(newAlert("a3", "k3", Severity.HIGH, at(3))));
        store.updateAlert("a3", a -> a.withLifecycle(AlertStatus.RESOLVED, null, null, "ada", at(4)), List.of());

        assertThat(store.searchAlerts(AlertQuery.active()).items())
                .extracting(AlertRecord::id)
                .containsExactly("a2", "a1");
        assertThat(store.searchAlerts(new AlertQuery(Set.of(), Set.of(Severity.CRITICAL), null, null, null, 10, null))
                        .items())
                .extracting(AlertRecord::id)
                .containsExactly("a1");
        Page<AlertRecord> first = store.searchAlerts(AlertQuery.all(2));
        assertThat(first.items()).extracting(AlertRecord::id).containsExactly("a3", "a2");
        assertThat(store.searchAlerts(new AlertQuery(Set.of(), Set.of(), null, null, null, 2, first.nextCursor()))
                        .items())
                .extracting(AlertRecord::id)
                .containsExactly("a1");
    }

    @Test
    void dueDeliveriesAreClaimedByOneDispatcherAtATime() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.CRITICAL, at(0)), "slack", "email", "sms"));

        List<Delivery> first = store.claimDueDeliveries(at(0), 10, "node-1", at(30));
        assertThat(first).hasSize(3).allSatisfy(d -> assertThat(d.claimedBy()).isEqualTo("node-1"));
        assertThat(store.claimDueDeliveries(at(1), 10, "node-2", at(31)))
                .as("claims hold")
                .isEmpty();
        assertThat(store.claimDueDeliveries(at(30), 10, "node-2", at(60)))
                .as("expired claims move")
                .hasSize(3);
    }

    @Test
    void deliveriesAreNotClaimedBeforeTheyAreDue() {
        store.insertDeliveries(List.of(new Delivery(
                "d1",
                "a1",
                "slack",
                DeliveryKind.TRIGGER,
                DeliveryState.FAILED,
                1,
                at(60),
                "503",
                at(0),
                null,
                null,
                null)));
        assertThat(store.claimDueDeliveries(at(59), 10, "n", at(90))).isEmpty();
        assertThat(store.claimDueDeliveries(at(60), 10, "n", at(90)))
                .extracting(Delivery::id)
                .containsExactly("d1");
    }

    @Test
    void upsertAlertsWritesNewAlertsAndDeliveriesAsTheyAre() {
        AlertRecord alert = newAlert("j1", "store/down", Severity.CRITICAL, at(0));
        Delivery sent = Delivery.pending("j1-slack", "j1", "slack", DeliveryKind.TRIGGER, at(0))
                .attempted(DeliveryState.SENT, at(1), null, at(1));
        Delivery retry = Delivery.pending("j1-email", "j1", "email", DeliveryKind.TRIGGER, at(0))
                .attempted(DeliveryState.FAILED, at(20), "SMTP 451", null);

        store.upsertAlerts(List.of(alert), List.of(sent, retry));

        assertThat(store.alert("j1")).contains(alert);
        assertThat(store.deliveries("j1"))
                .extracting(Delivery::id, Delivery::state, Delivery::attempts, Delivery::sentAt, Delivery::lastError)
                .containsExactlyInAnyOrder(
                        tuple("j1-slack", DeliveryState.SENT, 1, at(1), null),
                        tuple("j1-email", DeliveryState.FAILED, 1, null, "SMTP 451"));
        assertThat(store.claimDueDeliveries(at(10), 10, "node-1", at(40)))
                .as("a sent delivery is final, a failed one waits for its next attempt")
                .isEmpty();
        assertThat(store.claimDueDeliveries(at(20), 10, "node-1", at(50)))
                .extracting(Delivery::id)
                .containsExactly("j1-email");
        assertThat(store.searchAlerts(AlertQuery.active()).items())
                .extracting(AlertRecord::id)
                .containsExactly("j1");
    }

    @Test
    void upsertAlertsReplacesStoredRowsById() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.HIGH, at(0)), "slack"));
        AlertRecord resolved =
                store.alert("a1").orElseThrow().withLifecycle(AlertStatus.RESOLVED, null, null, "vedette", at(30));
        Delivery sent = store.deliveries("a1").get(0).attempted(DeliveryState.SENT, at(2), null, at(2));

        store.upsertAlerts(List.of(resolved), List.of(sent));

        assertThat(store.alert("a1").orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(store.deliveries("a1")).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(DeliveryState.SENT);
            assertThat(d.sentAt()).isEqualTo(at(2));
        });
        assertThat(store.searchAlerts(AlertQuery.active()).items()).isEmpty();
        store.raiseAlert(toChannels(newAlert("a2", "k", Severity.HIGH, at(40)), "slack"));
        assertThat(store.alert("a2"))
                .as("the key is free again once the replaced alert is resolved")
                .isPresent();
    }

    @Test
    void recordAttemptOnlyByTheClaimHolder() {
        store.raiseAlert(toChannels(newAlert("a1", "k", Severity.CRITICAL, at(0)), "slack"));
        Delivery claimed = store.claimDueDeliveries(at(0), 10, "node-1", at(30)).get(0);

        Delivery failed = claimed.attempted(DeliveryState.FAILED, at(10), "HTTP 503", null);
        assertThat(store.recordAttempt(failed, "node-2")).isFalse();
        assertThat(store.recordAttempt(failed, "node-1")).isTrue();

        Delivery stored = store.deliveries("a1").get(0);
        assertThat(stored.state()).isEqualTo(DeliveryState.FAILED);
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(stored.lastError()).isEqualTo("HTTP 503");
        assertThat(stored.claimedBy()).isNull();
        assertThat(stored.nextAttemptAt()).isEqualTo(at(10));

        Delivery again = store.claimDueDeliveries(at(10), 10, "node-2", at(40)).get(0);
        assertThat(store.recordAttempt(again.attempted(DeliveryState.SENT, at(10), null, at(11)), "node-2"))
                .isTrue();
        assertThat(store.claimDueDeliveries(at(100), 10, "node-3", at(130)))
                .as("sent is final")
                .isEmpty();
        assertThat(store.deliveryCounts()).containsEntry(DeliveryState.SENT, 1L);
    }

    @Test
    void concurrentDispatchersNeverClaimTheSameDelivery() throws Exception {
        List<Delivery> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(Delivery.pending("d" + i, "a", "slack", DeliveryKind.TRIGGER, at(0)));
        }
        store.insertDeliveries(many);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Delivery>>> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String owner = "node-" + i;
                tasks.add(() -> store.claimDueDeliveries(at(1), 7, owner, at(100)));
            }
            Set<String> claimed = new HashSet<>();
            int total = 0;
            for (Future<List<Delivery>> f : pool.invokeAll(tasks)) {
                for (Delivery d : f.get()) {
                    claimed.add(d.id());
                    total++;
                }
            }
            assertThat(total).isEqualTo(60);
            assertThat(claimed).hasSize(60);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void silencesAreListedUntilTheyEnd() {
        store.saveSilence(new Silence("s1", Map.of("component", "paypal"), at(0), at(60), "ada", "maintenance", at(0)));
        store.saveSilence(new Silence("s2", Map.of(), at(30), at(90), "bob", null, at(0)));

        assertThat(store.silences(at(10))).extracting(Silence::id).containsExactly("s1", "s2");
        assertThat(store.silences(at(60))).extracting(Silence::id).containsExactly("s2");
        assertThat(store.silences(at(10)).get(0).matchers()).containsEntry("component", "paypal");
        assertThat(store.deleteSilence("s2")).isTrue();
        assertThat(store.deleteSilence("s2")).isFalse();
        assertThat(store.silences(at(60))).isEmpty();
    }
}
