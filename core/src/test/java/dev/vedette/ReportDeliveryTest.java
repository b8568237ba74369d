package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.alerting.Notification;
import dev.vedette.alerting.Notifier;
import dev.vedette.alerting.SendResult;
import dev.vedette.analytics.RenderedReport;
import dev.vedette.analytics.ReportChannel;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.StoredReport;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Report deliveries follow the outbox's rules: the peer's Retry-After, DEAD on a permanent failure. */
class ReportDeliveryTest {
    private static final LocalDate MONDAY = LocalDate.parse("2026-11-23");
    private static final String REPORT_ID = StoredReport.idOf("DAILY", MONDAY.toString());

    /** A report channel that answers with the queued results, then "sent"; it records what it received. */
    static final class ScriptedReportChannel implements Notifier, ReportChannel {
        final Deque<SendResult> script = new ArrayDeque<>();
        final List<RenderedReport> received = new ArrayList<>();

        @Override
        public String name() {
            return "reports";
        }

        @Override
        public SendResult send(Notification notification) {
            return SendResult.sent();
        }

        @Override
        public SendResult sendReport(RenderedReport report) {
            received.add(report);
            return script.isEmpty() ? SendResult.sent() : script.poll();
        }
    }

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));

    private Delivery delivery(Monitor m) {
        return m.reports().deliveries(REPORT_ID).get(0);
    }

    @Test
    void theChannelsRetryAfterDecidesWhenTheReportIsSentAgain() {
        ScriptedReportChannel channel = new ScriptedReportChannel();
        channel.script.add(SendResult.retryAfter(Duration.ofMinutes(7), "421 try again in 7 minutes"));
        try (Monitor m = Monitor.builder()
                .clock(clock)
                .backgroundJobs(false)
                .businessZone(ZoneOffset.UTC)
                .notifier(channel)
                .build()) {
            assertThat(m.sendReportsFor(MONDAY)).isEqualTo(1);
            assertThat(delivery(m).state()).isEqualTo(DeliveryState.FAILED);
            assertThat(delivery(m).nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(7)));

            clock.advance(Duration.ofMinutes(6));
            m.runScheduledJobs();
            assertThat(channel.received).as("not before Retry-After").hasSize(1);

            clock.advance(Duration.ofMinutes(1));
            m.runScheduledJobs();
            assertThat(channel.received).hasSize(2);
            assertThat(channel.received.get(1).subject()).contains("Daily report 2026-11-23");
            assertThat(delivery(m).state()).isEqualTo(DeliveryState.SENT);
            assertThat(delivery(m).attempts()).isEqualTo(2);
        }
    }

    @Test
    void aPermanentFailureMakesTheReportDeliveryDeadAndAlertsTheFallbackChannel() {
        ScriptedReportChannel channel = new ScriptedReportChannel();
        channel.script.add(SendResult.failed("550 mailbox unavailable"));
        RecordingNotifier ops = new RecordingNotifier("ops");
        try (Monitor m = Monitor.builder()
                .clock(clock)
                .backgroundJobs(false)
                .businessZone(ZoneOffset.UTC)
                .notifier(channel)
                .notifier(ops)
                .alerting(a -> a.fallbackChannel("ops"))
                .build()) {
            m.sendReportsFor(MONDAY);
            m.runScheduledJobs();

            assertThat(delivery(m).state()).isEqualTo(DeliveryState.DEAD);
            assertThat(delivery(m).lastError()).contains("550 mailbox unavailable");
            assertThat(ops.sent())
                    .flatExtracting(Notification::alerts)
                    .extracting(AlertRecord::title)
                    .contains("Notifications to reports are failing");
            clock.advance(Duration.ofHours(2));
            m.runScheduledJobs();
            assertThat(channel.received).as("a dead delivery is not retried").hasSize(1);
        }
    }
}
