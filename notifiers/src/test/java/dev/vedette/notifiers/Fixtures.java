package dev.vedette.notifiers;

import dev.vedette.alerting.Notification;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.Severity;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import mockwebserver3.MockWebServer;

/**
 * Test data: alerts built with the canonical constructor, notifications around them, and channels
 * pointed at MockWebServer peers.
 */
public final class Fixtures {
    static final Instant FIRST_SEEN = Instant.parse("2026-11-23T08:00:00Z");
    static final Instant LAST_SEEN = Instant.parse("2026-11-23T08:05:30Z");
    static final URI DASHBOARD = URI.create("https://ops.example.com/vedette/alerts/a-1");

    private Fixtures() {}

    static AlertRecord alert(String id, Severity severity, String title) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("provider", "stripe");
        labels.put("region", "eu-west-1");
        return new AlertRecord(
                id,
                "error-rate:" + id,
                severity,
                title,
                "Failure rate 12.5% over 5m (min volume 50)",
                "payments",
                labels,
                "rule:error-rate",
                AlertStatus.OPEN,
                3,
                FIRST_SEEN,
                LAST_SEEN,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    static AlertRecord alert() {
        return alert("a-1", Severity.CRITICAL, "Card payments failing");
    }

    static AlertRecord resolved(AlertRecord a) {
        return a.withLifecycle(AlertStatus.RESOLVED, null, null, "auto", LAST_SEEN.plusSeconds(60));
    }

    static Notification notification(DeliveryKind kind, AlertRecord... alerts) {
        return new Notification("d-1", kind, List.of(alerts), 0, DASHBOARD, 1, LAST_SEEN);
    }

    static Notification notification(DeliveryKind kind, List<AlertRecord> alerts, int omitted) {
        return new Notification("d-1", kind, alerts, omitted, null, 1, LAST_SEEN);
    }

    static Notification trigger() {
        return notification(DeliveryKind.TRIGGER, alert());
    }

    /** A Slack channel that posts to {@code peer}. */
    public static SlackNotifier slackAt(MockWebServer peer) {
        return new SlackNotifier(
                SlackConfig.builder(peer.url("/services/T0/B0/secret").toString())
                        .build());
    }

    /** A PagerDuty channel that posts to {@code peer}. */
    public static PagerDutyNotifier pagerDutyAt(MockWebServer peer) {
        return new PagerDutyNotifier(PagerDutyConfig.builder("R0UTINGKEY0123456789abcdefabcdef")
                .baseUrl(peer.url("/").toString())
                .build());
    }

    /** A port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
