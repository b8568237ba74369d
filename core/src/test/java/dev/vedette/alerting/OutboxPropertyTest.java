package dev.vedette.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.Severity;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class OutboxPropertyTest {

    /** One step of a random history: raise, acknowledge, resolve, make a channel fail, let time pass. */
    record Op(int kind, int key, int severity, int count) {}

    @Provide
    Arbitrary<List<Op>> histories() {
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 15))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60)
    void everyAcceptedAlertEndsSentOrDeadOnEveryRoutedChannel(@ForAll("histories") List<Op> history) {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        RecordingNotifier slack = new RecordingNotifier("slack");
        RecordingNotifier email = new RecordingNotifier("email");
        RecordingNotifier sms = new RecordingNotifier("sms");
        InMemoryStore store = new InMemoryStore();
        Monitor m = Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack)
                .notifier(email)
                .notifier(sms)
                .alerting(a -> a.retries(5, Duration.ofSeconds(1), Duration.ofSeconds(8), 0.2))
                .build();
        List<RecordingNotifier> channels = List.of(slack, email, sms);
        for (Op op : history) {
            List<AlertRecord> active = m.alerts().active();
            switch (op.kind()) {
                case 0, 1 ->
                    m.raiseAlert(Alert.builder(Severity.values()[op.severity()], "problem " + op.key())
                            .build());
                case 2 ->
                    active.stream()
                            .skip(op.key() % Math.max(1, active.size()))
                            .findFirst()
                            .ifPresent(a -> m.alerts().acknowledge(a.id(), "ada"));
                case 3 ->
                    active.stream()
                            .skip(op.key() % Math.max(1, active.size()))
                            .findFirst()
                            .ifPresent(a -> m.alerts().resolve(a.id(), "ada"));
                case 4 -> {
                    RecordingNotifier n = channels.get(op.key() % 3);
                    if (op.count() == 15) {
                        n.failPermanently("bad address");
                    } else {
                        n.failNext(op.count());
                    }
                }
                default -> {
                    clock.advance(Duration.ofSeconds(op.count()));
                    AlertingTestHooks.dispatch(m.alerts());
                }
            }
        }
        channels.forEach(n -> n.failPermanently(null));
        for (int i = 0; i < 120; i++) {
            AlertingTestHooks.dispatch(m.alerts());
            clock.advance(Duration.ofSeconds(5));
        }

        for (AlertRecord a : store.searchAlerts(AlertQuery.all(1_000)).items()) {
            List<Delivery> deliveries = store.deliveries(a.id());
            assertThat(deliveries)
                    .allSatisfy(d ->
                            assertThat(d.state().isFinal()).as(d.toString()).isTrue());
            Set<String> triggered = deliveries.stream()
                    .filter(d -> d.kind() == DeliveryKind.TRIGGER)
                    .map(Delivery::channel)
                    .collect(Collectors.toSet());
            assertThat(triggered)
                    .as("alert %s", a.title())
                    .containsAll(m.alerts().router().channels(a, DeliveryKind.TRIGGER));
        }
        m.close();
    }
}
