package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vedette.Monitor;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The daily report goes out as a real multipart e-mail through the e-mail notifier. */
class ReportByEmailTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void dailyReportIsDeliveredWithTextAndEscapedHtml() throws Exception {
        EmailNotifier email = new EmailNotifier(EmailConfig.builder("127.0.0.1")
                .port(SMTP.getSmtp().getPort())
                .security(SmtpSecurity.NONE)
                .from("reports@example.com")
                .to("finance@example.com")
                .build());
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);
        try (Monitor monitor = Monitor.builder()
                .clock(clock)
                .backgroundJobs(false)
                .notifier(email)
                .reports("<b>Shop</b>", null)
                .build()) {
            monitor.recordTransaction(Transaction.builder("t1")
                    .status(TransactionStatus.COMPLETED)
                    .amount("120.50", "EUR")
                    .occurredAt(Instant.parse("2026-11-23T10:00:00Z"))
                    .build());
            monitor.recordTransaction(Transaction.builder("t2")
                    .status(TransactionStatus.FAILED)
                    .amount("9.99", "EUR")
                    .error("card_declined", "Declined")
                    .occurredAt(Instant.parse("2026-11-23T11:00:00Z"))
                    .build());
            monitor.flush(Duration.ofSeconds(5));

            assertThat(monitor.sendReportsFor(LocalDate.parse("2026-11-23"))).isEqualTo(1);
        }

        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).contains("Daily report 2026-11-23");
        assertThat(received[0].getHeader("X-Vedette-Kind")[0]).isEqualTo("REPORT");
        MimeMultipart parts = (MimeMultipart) received[0].getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat((String) parts.getBodyPart(0).getContent()).contains("120.50");
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(html).contains("120.50").contains("&lt;b&gt;Shop&lt;/b&gt;").doesNotContain("<b>Shop</b>");
    }
}
