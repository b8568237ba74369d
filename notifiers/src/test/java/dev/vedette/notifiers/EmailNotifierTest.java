package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vedette.alerting.Notification;
import dev.vedette.alerting.SendResult;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.Severity;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailNotifierTest {
    private static final String PASSWORD = "c0rrect-h0rse-s3cret";

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", PASSWORD));

    private LogCapture logs;

    @BeforeEach
    void captureLogs() {
        logs = new LogCapture();
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    private static EmailConfig.Builder config(String password) {
        return EmailConfig.builder("127.0.0.1")
                .port(GREEN_MAIL.getSmtp().getPort())
                .security(SmtpSecurity.NONE)
                .credentials("alerts", password)
                .from("Vedette <alerts@example.com>")
                .to("oncall@example.com", "payments@example.com")
                .cc("cto@example.com")
                .readTimeout(Duration.ofSeconds(2));
    }

    private static MimeMessage sendAndReceiveOne(Notification n) {
        EmailNotifier notifier = new EmailNotifier(config(PASSWORD).build());
        assertThat(notifier.send(n)).isEqualTo(SendResult.sent());
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        // one copy per recipient (2 to + 1 cc), same content
        assertThat(received).hasSize(3);
        return received[0];
    }

    private static String part(MimeMessage m, int index) throws Exception {
        return (String) ((MimeMultipart) m.getContent()).getBodyPart(index).getContent();
    }

    @Test
    void sendsMultipartAlternativeWithTextAndHtmlParts() throws Exception {
        MimeMessage m = sendAndReceiveOne(Fixtures.trigger());

        assertThat(m.getSubject()).isEqualTo("[Vedette] CRITICAL TRIGGERED: Card payments failing");
        assertThat(m.getFrom()).containsExactly(new InternetAddress("Vedette <alerts@example.com>"));
        assertThat(m.getRecipients(Message.RecipientType.TO))
                .containsExactly(
                        new InternetAddress("oncall@example.com"), new InternetAddress("payments@example.com"));
        assertThat(m.getRecipients(Message.RecipientType.CC)).containsExactly(new InternetAddress("cto@example.com"));
        assertThat(m.getHeader("X-Vedette-Delivery-Id")).containsExactly("d-1");
        assertThat(m.getHeader("X-Vedette-Kind")).containsExactly("TRIGGER");
        assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        MimeMultipart multipart = (MimeMultipart) m.getContent();
        assertThat(multipart.getContentType()).startsWith("multipart/alternative");
        assertThat(multipart.getCount()).isEqualTo(2);
        assertThat(multipart.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(multipart.getBodyPart(1).getContentType()).startsWith("text/html");
        String text = part(m, 0).replace("\r\n", "\n");
        assertThat(text)
                .contains("CRITICAL TRIGGERED: Card payments failing")
                .contains("Severity:    CRITICAL")
                .contains("Status:      TRIGGERED")
                .contains("Component:   payments")
                .contains("Occurrences: 3")
                .contains("First seen:  2026-11-23T08:00:00Z")
                .contains("Last seen:   2026-11-23T08:05:30Z")
                .contains("Labels:      provider=stripe, region=eu-west-1")
                .contains("Failure rate 12.5% over 5m (min volume 50)")
                .contains("Dashboard: " + Fixtures.DASHBOARD);
        assertThat(part(m, 1))
                .contains("<th style=\"text-align:left;padding:2px 12px 2px 0\">Component</th><td>payments</td>")
                .contains("<a href=\"" + Fixtures.DASHBOARD + "\">Open in the Vedette dashboard</a>")
                .contains("2026-11-23T08:00:00Z");
    }

    @Test
    void hostileTitleIsEscapedInTheHtmlPart() throws Exception {
        AlertRecord hostile = Fixtures.alert("a-9", Severity.HIGH, "<script>alert(1)</script>");

        MimeMessage m = sendAndReceiveOne(Fixtures.notification(DeliveryKind.TRIGGER, hostile));

        assertThat(part(m, 1)).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(m.getSubject()).isEqualTo("[Vedette] HIGH TRIGGERED: <script>alert(1)</script>");
    }

    @ParameterizedTest
    @CsvSource({"REMINDER, REMINDER", "ACKNOWLEDGE, ACKNOWLEDGED", "RESOLVE, RESOLVED", "TEST, TEST"})
    void subjectCarriesTheStatus(DeliveryKind kind, String status) throws Exception {
        MimeMessage m = sendAndReceiveOne(Fixtures.notification(kind, Fixtures.alert()));

        assertThat(m.getSubject()).isEqualTo("[Vedette] CRITICAL " + status + ": Card payments failing");
    }

    @Test
    void digestIsOneMailListingEveryAlertAndTheOmittedCount() throws Exception {
        Notification digest = Fixtures.notification(
                DeliveryKind.DIGEST,
                List.of(
                        Fixtures.alert("a-1", Severity.LOW, "Slow refunds"),
                        Fixtures.alert("a-2", Severity.LOW, "Old TLS")),
                7);

        MimeMessage m = sendAndReceiveOne(digest);

        assertThat(m.getSubject()).isEqualTo("[Vedette] DIGEST: 9 alerts");
        assertThat(part(m, 0)).contains("Slow refunds").contains("Old TLS").contains("... and 7 more alerts");
        assertThat(part(m, 1)).contains("Slow refunds").contains("Old TLS").contains("and 7 more alerts");
    }

    @Test
    void groupedNotificationNamesTheOthersInTheSubject() throws Exception {
        Notification grouped = new Notification(
                "d-2",
                DeliveryKind.TRIGGER,
                List.of(
                        Fixtures.alert("a-1", Severity.CRITICAL, "Card payments failing"),
                        Fixtures.alert("a-2", Severity.HIGH, "Refunds failing")),
                3,
                null,
                1,
                Fixtures.LAST_SEEN);

        MimeMessage m = sendAndReceiveOne(grouped);

        assertThat(m.getSubject()).isEqualTo("[Vedette] CRITICAL TRIGGERED: Card payments failing (+4 more)");
        assertThat(part(m, 0))
                .contains("Refunds failing")
                .contains("and 3 more alerts")
                .doesNotContain("Dashboard:");
    }

    @Test
    void wrongPasswordFailsForGoodWithAClearReasonAndNoSecret() {
        String wrong = "wr0ng-pa55word-s3cret";
        EmailNotifier notifier = new EmailNotifier(config(wrong).build());

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result)
                .isInstanceOfSatisfying(
                        SendResult.Failed.class,
                        f -> assertThat(f.reason())
                                .startsWith("SMTP authentication failed")
                                .doesNotContain(wrong));
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
        assertThat(logs.all())
                .contains("SMTP authentication failed")
                .doesNotContain(wrong)
                .doesNotContain(PASSWORD);
        assertThat(config(wrong).build().toString()).doesNotContain(wrong);
    }

    @Test
    void serverDownIsRetried() throws Exception {
        EmailNotifier notifier =
                new EmailNotifier(config(PASSWORD).port(Fixtures.closedPort()).build());

        SendResult result = notifier.send(Fixtures.trigger());

        assertThat(result)
                .isInstanceOfSatisfying(
                        SendResult.RetryLater.class,
                        r -> assertThat(r.reason()).startsWith("cannot connect to SMTP server 127.0.0.1:"));
        assertThat(logs.all()).doesNotContain(PASSWORD);
    }

    @Test
    void serverThatNeverGreetsTimesOutAndIsRetried() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            EmailNotifier notifier = new EmailNotifier(config(PASSWORD)
                    .port(silent.getLocalPort())
                    .readTimeout(Duration.ofMillis(200))
                    .build());

            SendResult result = notifier.send(Fixtures.trigger());

            assertThat(result)
                    .isInstanceOfSatisfying(
                            SendResult.RetryLater.class,
                            r -> assertThat(r.reason()).containsIgnoringCase("timed out"));
        }
    }

    @Test
    void serverThatTricklesItsGreetingHitsTheSendDeadline() throws Exception {
        try (StallingSmtpPeer peer = StallingSmtpPeer.trickling(Duration.ofMillis(100))) {
            EmailNotifier notifier = new EmailNotifier(config(PASSWORD)
                    .port(peer.port())
                    .readTimeout(Duration.ofSeconds(5))
                    .sendDeadline(Duration.ofMillis(700))
                    .build());

            SendResult result = notifier.send(Fixtures.trigger());

            // every line arrives within the read timeout, so only the overall deadline ends it
            assertThat(result)
                    .isInstanceOfSatisfying(
                            SendResult.RetryLater.class,
                            r -> assertThat(r.reason()).isEqualTo("SMTP send deadline of 700ms passed"));
            assertThat(notifier.sendDeadline()).isEqualTo(Duration.ofMillis(700));
        }
    }

    @Test
    void sendDeadlineDefaultsToTheTimeoutsAddedUpAndIsValidated() {
        EmailConfig defaults = EmailConfig.builder("smtp.example.com")
                .from("alerts@example.com")
                .to("oncall@example.com")
                .build();
        assertThat(defaults.sendDeadline()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config(PASSWORD)
                        .connectTimeout(Duration.ofSeconds(1))
                        .readTimeout(Duration.ofSeconds(2))
                        .writeTimeout(Duration.ofSeconds(3))
                        .build()
                        .sendDeadline())
                .isEqualTo(Duration.ofSeconds(6));
        assertThatThrownBy(() -> config(PASSWORD).sendDeadline(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sendDeadline");
    }

    @Test
    void permanentRejectionFailsAndTransientDeferralIsRetried() throws Exception {
        Redactor redactor = new Redactor(List.of(PASSWORD));
        InternetAddress bad = new InternetAddress("nobody@example.com");
        MessagingException rejected = new SendFailedException(
                "Invalid Addresses",
                new SMTPAddressFailedException(bad, "RCPT TO", 550, "550 5.1.1 <nobody@example.com>: no such user"),
                null,
                null,
                new InternetAddress[] {bad});
        MessagingException deferred = new SendFailedException(
                "Invalid Addresses",
                new SMTPAddressFailedException(bad, "RCPT TO", 451, "451 4.3.0 try again later"),
                null,
                null,
                new InternetAddress[] {bad});

        assertThat(EmailNotifier.classify(rejected, redactor))
                .isEqualTo(SendResult.failed(
                        "SMTP server rejected the message: 550 5.1.1 <nobody@example.com>: no such user"));
        assertThat(EmailNotifier.classify(deferred, redactor))
                .isEqualTo(SendResult.retryLater("SMTP server deferred the message: 451 4.3.0 try again later"));
    }

    @Test
    void partlyRejectedRecipientsStillCountAsSentAndAreLogged() throws Exception {
        EmailNotifier notifier = new EmailNotifier(config(PASSWORD).build());
        InternetAddress good = new InternetAddress("oncall@example.com");
        InternetAddress bad = new InternetAddress("gone@example.com");
        SendFailedException partly = new SendFailedException(
                "Invalid Addresses",
                new SMTPAddressFailedException(bad, "RCPT TO", 550, "550 5.1.1 <gone@example.com>: no such user"),
                new InternetAddress[] {good},
                null,
                new InternetAddress[] {bad});
        SendFailedException all = new SendFailedException(
                "Invalid Addresses",
                new SMTPAddressFailedException(bad, "RCPT TO", 550, "550 5.1.1 <gone@example.com>: no such user"),
                new InternetAddress[0],
                null,
                new InternetAddress[] {bad});

        assertThat(notifier.partial(partly, Fixtures.trigger().deliveryId())).isEqualTo(SendResult.sent());
        assertThat(logs.all()).contains("reached 1 recipient(s) but the server rejected 1: 550 5.1.1");
        assertThat(notifier.partial(all, Fixtures.trigger().deliveryId())).isInstanceOf(SendResult.Failed.class);
    }

    @Test
    void healthLogsInWithoutSending() {
        HealthReport up =
                new EmailNotifier(config(PASSWORD).build()).checkHealth().orElseThrow();
        HealthReport badLogin =
                new EmailNotifier(config("nope-s3cret").build()).checkHealth().orElseThrow();

        assertThat(up.status()).isEqualTo(HealthStatus.UP);
        assertThat(badLogin.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(badLogin.message()).startsWith("SMTP authentication failed").doesNotContain("nope-s3cret");
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void tlsModesRequireEncryptionAndCheckTheServerIdentity() {
        Properties starttls = EmailNotifier.properties(EmailConfig.builder("smtp.example.com")
                .from("a@example.com")
                .to("b@example.com")
                .connectTimeout(Duration.ofSeconds(3))
                .build());
        Properties ssl = EmailNotifier.properties(EmailConfig.builder("smtp.example.com")
                .security(SmtpSecurity.SSL)
                .from("a@example.com")
                .to("b@example.com")
                .build());

        assertThat(starttls)
                .containsEntry("mail.smtp.port", "587")
                .containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true")
                .containsEntry("mail.smtp.ssl.checkserveridentity", "true")
                .containsEntry("mail.smtp.connectiontimeout", "3000")
                .containsEntry("mail.smtp.timeout", "10000")
                .containsEntry("mail.smtp.writetimeout", "10000")
                .containsEntry("mail.smtp.auth", "false");
        assertThat(ssl)
                .containsEntry("mail.smtp.port", "465")
                .containsEntry("mail.smtp.ssl.enable", "true")
                .containsEntry("mail.smtp.ssl.checkserveridentity", "true");
    }

    @Test
    void builderRejectsBadValues() {
        assertThatThrownBy(() -> EmailConfig.builder(" ")).hasMessage("host must not be blank, but was ' '");
        EmailConfig.Builder b = EmailConfig.builder("smtp.example.com");
        assertThatThrownBy(b::build).hasMessage("from must be set");
        assertThatThrownBy(() -> b.from("not an address"))
                .hasMessageStartingWith("from must be a valid e-mail address, but was 'not an address'");
        assertThatThrownBy(() -> b.to(List.of())).hasMessage("to must not be empty");
        assertThatThrownBy(() -> b.to("ok@example.com", "bad@@example"))
                .hasMessageStartingWith("to[1] must be a valid e-mail address, but was 'bad@@example'");
        assertThatThrownBy(() -> b.port(70_000)).hasMessage("port must be between 1 and 65535, but was 70000");
        assertThatThrownBy(() -> b.credentials("alerts", "")).hasMessage("password must not be empty");
        assertThatThrownBy(() -> b.credentials(null, "s3cret-value"))
                .hasMessage("username must not be null")
                .hasMessageNotContaining("s3cret-value");
        assertThatThrownBy(() -> b.readTimeout(Duration.ofSeconds(-1)))
                .hasMessage("readTimeout must be positive, but was PT-1S");
        assertThatThrownBy(() -> b.subjectPrefix("[x]\r\nBcc: evil@example.com"))
                .hasMessageStartingWith("subjectPrefix must not contain line breaks");
        b.from("a@example.com");
        assertThatThrownBy(b::build).hasMessage("to must contain at least one address");
    }
}
