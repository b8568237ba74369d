package dev.vedette.alerting;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.DeliveryKind;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Notifier} is asked to send: one or more alerts (several when grouped, or for a
 * digest) and why.
 *
 * @param deliveryId the outbox id; stable across retries, so a receiver can collapse repeats
 * @param kind why it is sent
 * @param alerts the alerts, most urgent first; never empty
 * @param omitted alerts left out because a channel's storm cap was reached ("and 9,950 more")
 * @param dashboardLink a link to the alert in the dashboard, if configured
 * @param attempt the attempt number, starting at 1
 * @param createdAt when the delivery was planned
 */
public record Notification(
        String deliveryId,
        DeliveryKind kind,
        List<AlertRecord> alerts,
        int omitted,
        @Nullable URI dashboardLink,
        int attempt,
        Instant createdAt) {

    /** Validates. */
    public Notification {
        alerts = List.copyOf(alerts);
        if (alerts.isEmpty()) {
            throw new IllegalArgumentException("alerts must not be empty");
        }
    }

    /** The first (most urgent) alert. */
    public AlertRecord alert() {
        return alerts.get(0);
    }

    /** The dedup key receivers should use: the first alert's. */
    public String dedupKey() {
        return alert().dedupKey();
    }
}
