package dev.vedette.alerting;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.Silence;
import dev.vedette.store.AlertUpsert;
import dev.vedette.store.Store;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scheduled work of one {@link Alerts}: reminders of unacknowledged alerts, delivery of alerts
 * whose silence or inhibition ended, and the daily digest of LOW alerts. Each method plans
 * deliveries into the outbox; the {@link Dispatcher} sends them. The monitor runs them on its
 * scheduler thread under the cluster's job lock, and in {@code Monitor.runScheduledJobs()}; it holds
 * no state of its own.
 */
public final class AlertJobs {
    /** Digest deliveries carry {@code digest:<day>} as their alert id. */
    static final String DIGEST_PREFIX = "digest:";

    private final Alerts alerts;
    private final Store store;
    private final AlertingSettings settings;

    /** The jobs of {@code alerts}. */
    public AlertJobs(Alerts alerts) {
        this.alerts = alerts;
        this.store = alerts.store();
        this.settings = alerts.settings();
    }

    /**
     * Plans reminders for unacknowledged alerts of the reminded severities whose last notification
     * is at least one interval old.
     *
     * @return the number of alerts reminded
     */
    public int remind() {
        Instant now = alerts.clock().instant();
        int reminded = 0;
        for (AlertRecord a : alerts.active()) {
            if (a.status() != AlertStatus.OPEN
                    || a.suppressedBy() != null
                    || !settings.reminderSeverities().contains(a.severity())
                    || a.lastNotifiedAt() == null
                    || a.lastNotifiedAt().plus(settings.reminderInterval()).isAfter(now)) {
                continue;
            }
            List<String> channels = alerts.router().channels(a, DeliveryKind.REMINDER);
            Optional<AlertUpsert> r = store.updateAlert(
                    a.id(),
                    cur -> cur.status() == AlertStatus.OPEN
                                    && cur.lastNotifiedAt() != null
                                    && !cur.lastNotifiedAt()
                                            .plus(settings.reminderInterval())
                                            .isAfter(now)
                            ? cur.withLastNotifiedAt(now)
                            : cur,
                    alerts.router().deliveries(a.id(), channels, DeliveryKind.REMINDER, now));
            if (r.isPresent()) {
                reminded++;
            }
        }
        return reminded;
    }

    /**
     * Delivers open alerts whose silence has ended or whose inhibiting alert is no longer active.
     *
     * @return the number of alerts released
     */
    public int releaseSuppressed() {
        Instant now = alerts.clock().instant();
        Set<String> activeSilences = store.silences(now).stream()
                .filter(s -> s.isActiveAt(now))
                .map(Silence::id)
                .map(id -> "silence:" + id)
                .collect(Collectors.toSet());
        List<AlertRecord> active = alerts.active();
        Set<String> activeIds = active.stream().map(a -> "inhibited:" + a.id()).collect(Collectors.toSet());
        int released = 0;
        for (AlertRecord a : active) {
            String reason = a.suppressedBy();
            if (reason == null || activeSilences.contains(reason) || activeIds.contains(reason)) {
                continue;
            }
            if (alerts.router().suppression(a, now) != null) {
                continue;
            }
            // routed as read: a concurrent escalation leaves it suppressed until the next run routes it anew
            Optional<AlertUpsert> r = store.updateAlert(
                    a.id(),
                    cur -> reason.equals(cur.suppressedBy())
                                    && cur.matchLabels().equals(a.matchLabels())
                            ? cur.withSuppressedBy(null).withLastNotifiedAt(now)
                            : cur,
                    a.status() == AlertStatus.OPEN
                            ? alerts.router()
                                    .deliveries(
                                            a.id(),
                                            alerts.router().channels(a, DeliveryKind.TRIGGER),
                                            DeliveryKind.TRIGGER,
                                            now)
                            : List.of());
            if (r.isPresent()) {
                released++;
            }
        }
        return released;
    }

    /**
     * Plans the digest of LOW alerts first seen on {@code day} (in the business zone) to the digest
     * channel, once: a digest already planned for that day is not planned again.
     *
     * @return true if a digest was planned
     */
    public boolean planDigest(LocalDate day) {
        String channel = settings.digestChannel();
        if (channel == null || !alerts.notifiers().containsKey(channel)) {
            return false;
        }
        String digestId = DIGEST_PREFIX + day;
        if (!store.deliveries(digestId).isEmpty()) {
            return false;
        }
        if (alerts.lowAlerts(day).isEmpty()) {
            return false;
        }
        Instant now = alerts.clock().instant();
        store.insertDeliveries(List.of(
                Delivery.pending("digest-" + day + "-" + channel, digestId, channel, DeliveryKind.DIGEST, now)));
        return true;
    }

    /** Plans yesterday's digest once the digest time has passed today. */
    public boolean planDigestIfDue() {
        ZonedDateTime now = alerts.clock().instant().atZone(settings.zone());
        if (now.toLocalTime().isBefore(settings.digestTime())) {
            return false;
        }
        return planDigest(now.toLocalDate().minusDays(1));
    }
}
