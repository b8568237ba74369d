package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vedette.Monitor;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.StoredReport;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.test.TestClock;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The daily report goes through the delivery outbox: a send that fails while the SMTP server is down
 * is retried with backoff, survives a restart, reaches the server exactly once when it is back, and
 * a second instance on the same database plans and sends nothing more.
 */
class ReportOutboxTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-23");
    private static final String REPORT_ID = StoredReport.idOf("DAILY", DAY.toString());

    private final String url = "jdbc:h2:mem:reports-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T06:00:00Z"));
    private GreenMail smtp;

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    private Monitor instance(int smtpPort, String name) {
        return Monitor.builder()
                .clock(clock)
                .backgroundJobs(false)
                .instanceId(name)
                .businessZone(ZoneOffset.UTC)
                .store(JdbcStore.builder().jdbcUrl(url).clock(clock).build())
                .notifier(new EmailNotifier(EmailConfig.builder("127.0.0.1")
                        .port(smtpPort)
                        .security(SmtpSecurity.NONE)
                        .from("reports@example.com")
                        .to("finance@example.com")
                        .build()))
                .reports("Shop", LocalTime.of(7, 0))
                .build();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Delivery onlyDelivery(Monitor m) {
        List<Delivery> ds = m.reports().deliveries(REPORT_ID);
        assertThat(ds).hasSize(1);
        return ds.get(0);
    }

    @Test
    void aReportWhoseServerIsDownIsRetriedAcrossARestartAndDeliveredExactlyOnce() throws Exception {
        int port = freePort();
        try (Monitor first = instance(port, "node-a")) {
            first.recordTransaction(Transaction.builder("t1")
                    .status(TransactionStatus.COMPLETED)
                    .amount("120.50", "EUR")
                    .occurredAt(Instant.parse("2026-11-23T10:00:00Z"))
                    .build());
            assertThat(first.flush(Duration.ofSeconds(5))).isTrue();

            first.runScheduledJobs();
            assertThat(first.reports().history(10, null).items())
                    .as("before 07:00")
                    .isEmpty();

            clock.advance(Duration.ofMinutes(90));
            first.runScheduledJobs();
            Delivery failed = onlyDelivery(first);
            assertThat(failed.kind()).isEqualTo(DeliveryKind.REPORT);
            assertThat(failed.state()).as("SMTP is down").isEqualTo(DeliveryState.FAILED);
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.nextAttemptAt()).isAfter(clock.instant());
        }

        try (Monitor restarted = instance(port, "node-a-restarted")) {
            assertThat(restarted.sendReportsFor(DAY))
                    .as("already planned before the restart")
                    .isZero();
            clock.advance(Duration.ofMinutes(30));
            restarted.runScheduledJobs();
            assertThat(onlyDelivery(restarted).attempts()).as("still down").isEqualTo(2);
            assertThat(onlyDelivery(restarted).state()).isEqualTo(DeliveryState.FAILED);

            smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            clock.advance(Duration.ofMinutes(30));
            restarted.runScheduledJobs();

            Delivery sent = onlyDelivery(restarted);
            assertThat(sent.state()).isEqualTo(DeliveryState.SENT);
            assertThat(sent.attempts()).isEqualTo(3);
            assertThat(smtp.getReceivedMessages()).hasSize(1);
            assertThat(smtp.getReceivedMessages()[0].getSubject()).contains("Daily report 2026-11-23");

            try (Monitor second = instance(port, "node-b")) {
                assertThat(second.sendReportsFor(DAY))
                        .as("the period's report is planned once")
                        .isZero();
                clock.advance(Duration.ofHours(2));
                second.runScheduledJobs();
                restarted.runScheduledJobs();
                assertThat(second.reports().history(10, null).items())
                        .extracting(StoredReport::id)
                        .containsExactly(REPORT_ID);
            }
            assertThat(smtp.getReceivedMessages()).as("sent exactly once").hasSize(1);
            assertThat(restarted.reports().deliveries(REPORT_ID)).hasSize(1);
        }
    }
}
