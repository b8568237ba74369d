package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.alerting.Notification;
import dev.vedette.alerting.Notifier;
import dev.vedette.alerting.SendResult;
import dev.vedette.analytics.RenderedReport;
import dev.vedette.analytics.ReportChannel;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MonitorAnalyticsTest {

    /** A notifier that also delivers reports, as the e-mail notifier does. */
    static final class Mailbox implements Notifier, ReportChannel {
        final List<RenderedReport> reports = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "email";
        }

        @Override
        public SendResult send(Notification notification) {
            return SendResult.sent();
        }

        @Override
        public SendResult sendReport(RenderedReport report) {
            reports.add(report);
            return SendResult.sent();
        }
    }

    @Test
    void dailyReportGoesOutOnceAfterItsTimeInTheBusinessZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        TestClock clock = new TestClock(Instant.parse("2026-11-23T05:30:00Z")); // 06:30 in Berlin
        Mailbox mail = new Mailbox();
        try (Monitor m = Monitor.builder()
                .clock(clock)
                .backgroundJobs(false)
                .businessZone(berlin)
                .notifier(mail)
                .reports("Shop", LocalTime.of(7, 0))
                .build()) {
            m.recordTransaction(Transaction.builder("t1")
                    .status(TransactionStatus.COMPLETED)
                    .amount("12.00", "EUR")
                    .occurredAt(Instant.parse("2026-11-22T10:00:00Z"))
                    .build());
            m.flush(Duration.ofSeconds(5));

            m.runScheduledJobs();
            assertThat(mail.reports).as("before 07:00 Berlin").isEmpty();

            clock.advance(Duration.ofMinutes(30));
            m.runScheduledJobs();
            m.runScheduledJobs();
            assertThat(mail.reports)
                    .as("Monday: yesterday's report and last week's")
                    .hasSize(2);
            assertThat(mail.reports.get(0).subject())
                    .contains("Shop")
                    .contains("Daily")
                    .contains("2026-11-22");
            assertThat(mail.reports.get(0).text()).contains("12.00");
            assertThat(mail.reports.get(1).subject()).contains("Weekly");
            assertThat(m.sendReportsFor(LocalDate.parse("2026-11-22")))
                    .as("once per day")
                    .isZero();
        }
    }

    @Test
    void activeUsersAreCountedAndKpisComeFromTheStore() {
        TestClock clock = new TestClock(Instant.parse("2026-11-23T12:00:00Z"));
        try (Monitor m = Monitor.builder().clock(clock).backgroundJobs(false).build()) {
            for (int i = 0; i < 50; i++) {
                m.recordActivity("user-" + (i % 20));
            }
            m.recordActivity(null);
            m.recordTransaction(Transaction.builder("t1")
                    .status(TransactionStatus.COMPLETED)
                    .amount("10.00", "USD")
                    .build());
            m.recordTransaction(Transaction.builder("t2")
                    .status(TransactionStatus.FAILED)
                    .amount("5.00", "USD")
                    .build());
            m.flush(Duration.ofSeconds(5));

            assertThat(m.analytics().activeUsers().activeLastMinutes(5)).isBetween(19L, 21L);
            var kpis = m.analytics()
                    .kpis(clock.instant().minusSeconds(60), clock.instant().plusSeconds(60));
            assertThat(kpis.totals().successRate()).isEqualTo(0.5);
        }
    }
}
