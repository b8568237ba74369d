package dev.vedette.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AlertMergeTest {
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    private static AlertRecord alert(String id, Severity severity, Instant at) {
        return new AlertRecord(
                id,
                "k",
                severity,
                "db down",
                null,
                null,
                new TreeMap<>(),
                null,
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

    private static Delivery trigger(String id, String alertId, String channel) {
        return Delivery.pending(id, alertId, channel, DeliveryKind.TRIGGER, T0);
    }

    private static RaisePlan escalating(AlertRecord candidate) {
        return new RaisePlan(
                candidate,
                List.of(trigger("d1", candidate.id(), "slack"), trigger("d2", candidate.id(), "sms")),
                Map.of(Severity.HIGH, List.of(trigger("d2", candidate.id(), "sms"))));
    }

    @Test
    void aNewAlertIsOpenedWithItsTriggersUnlessSuppressed() {
        AlertRecord candidate = alert("a2", Severity.CRITICAL, T0);

        AlertUpsert opened = AlertMerge.raise(null, escalating(candidate));
        assertThat(opened.isNew()).isTrue();
        assertThat(opened.deliveries()).extracting(Delivery::id).containsExactly("d1", "d2");

        AlertUpsert muted = AlertMerge.raise(null, escalating(candidate.withSuppressedBy("silence:s1")));
        assertThat(muted.deliveries()).isEmpty();
    }

    @Test
    void anEscalationDeliversTheNewChannelsOfTheActiveAlertsSeverityToTheActiveAlert() {
        AlertRecord active = alert("a1", Severity.HIGH, T0);

        AlertUpsert up = AlertMerge.raise(active, escalating(alert("a2", Severity.CRITICAL, T0.plusSeconds(5))));

        assertThat(up.previous()).isEqualTo(active);
        assertThat(up.alert().id()).isEqualTo("a1");
        assertThat(up.alert().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(up.alert().occurrences()).isEqualTo(2);
        assertThat(up.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("d2");
            assertThat(d.alertId()).isEqualTo("a1");
        });
    }

    @Test
    void anOccurrenceThatDoesNotEscalateOrHitsASuppressedAlertDeliversNothing() {
        RaisePlan plan = escalating(alert("a2", Severity.CRITICAL, T0));

        assertThat(AlertMerge.raise(alert("a1", Severity.CRITICAL, T0), plan).deliveries())
                .isEmpty();
        assertThat(AlertMerge.raise(alert("a1", Severity.HIGH, T0).withSuppressedBy("silence:s1"), plan)
                        .deliveries())
                .isEmpty();
    }

    @Test
    void anUpdateWritesOnlyAChangeThatKeepsTheId() {
        AlertRecord current = alert("a1", Severity.HIGH, T0);
        List<Delivery> resolve = List.of(Delivery.pending("r1", "a1", "slack", DeliveryKind.RESOLVE, T0));

        assertThat(AlertMerge.update(current, a -> a, resolve)).isEmpty();
        assertThat(AlertMerge.update(current, a -> null, resolve)).isEmpty();
        AlertUpsert resolved = AlertMerge.update(
                        current, a -> a.withLifecycle(AlertStatus.RESOLVED, null, null, "ada", T0), resolve)
                .orElseThrow();
        assertThat(resolved.previous()).isEqualTo(current);
        assertThat(resolved.deliveries()).isEqualTo(resolve);
        assertThatThrownBy(() -> AlertMerge.update(current, a -> alert("other", Severity.HIGH, T0), resolve))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keep the alert id a1");
    }
}
