package dev.vedette.alerting;

import dev.vedette.internal.Html;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.Silence;
import dev.vedette.model.StoredReport;
import dev.vedette.store.AlertUpsert;
import dev.vedette.store.Store;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The scheduled work of one {@link Alerts}: reminders of unacknowledged alerts, delivery of alerts
 * whose silence or inhibition ended, and the daily digest of LOW alerts. Each method plans
 * deliveries into the outbox; the {@link Dispatcher} sends them. The monitor runs them on its
 * scheduler thread under the cluster's job lock, and in {@code Monitor.runScheduledJobs()}; it holds
 * no state of its own.
 */
public final class AlertJobs {
    // Digest deliveries carry digest:<day> as their alert id.
    /** The {@link StoredReport#kind()} of a daily digest of LOW alerts. */
    public static final String DIGEST_KIND = "DIGEST";

    /** The alert id of digest deliveries planned before digests were kept as reports. */
    static final String LEGACY_DIGEST_PREFIX = "digest:";

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
     * channel, once per cluster: the digest is kept as a {@link StoredReport} of kind {@value
     * #DIGEST_KIND} (listed with the reports, with its delivery state) and planned with its delivery
     * in one atomic step, so a digest already planned for that day is not planned again.
     *
     * @return true if a digest was planned
     */
    public boolean planDigest(LocalDate day) {
        String channel = settings.digestChannel();
        if (channel == null || !alerts.notifiers().containsKey(channel)) {
            return false;
        }
        if (store.report(StoredReport.idOf(DIGEST_KIND, day.toString())).isPresent()) {
            return false;
        }
        List<AlertRecord> low = alerts.lowAlerts(day);
        if (low.isEmpty()) {
            return false;
        }
        Instant now = alerts.clock().instant();
        StringBuilder text = new StringBuilder();
        StringBuilder html = new StringBuilder("<ul>");
        for (AlertRecord a : low) {
            text.append("- ").append(a.title()).append('\n');
            html.append("<li>").append(Html.escape(a.title())).append("</li>");
        }
        html.append("</ul>");
        StoredReport digest = new StoredReport(
                DIGEST_KIND,
                day.toString(),
                low.size() + (low.size() == 1 ? " low alert" : " low alerts") + " on " + day,
                text.toString(),
                html.toString(),
                now);
        return store.planReport(
                digest,
                List.of(Delivery.pending(digest.deliveryId(channel), digest.id(), channel, DeliveryKind.DIGEST, now)));
    }

    /** The day a digest delivery covers, from its alert id; null if it is not a digest's. */
    static @Nullable LocalDate digestDay(String alertId) {
        String stored = StoredReport.idOf(DIGEST_KIND, "");
        if (alertId.startsWith(stored)) {
            return LocalDate.parse(alertId.substring(stored.length()));
        }
        return alertId.startsWith(LEGACY_DIGEST_PREFIX)
                ? LocalDate.parse(alertId.substring(LEGACY_DIGEST_PREFIX.length()))
                : null;
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
