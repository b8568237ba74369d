package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vedette.Monitor;
import dev.vedette.MonitorBuilder;
import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.alerting.ChannelDependencies;
import dev.vedette.alerting.Notifier;
import dev.vedette.health.HealthCheck;
import dev.vedette.health.HealthChecks;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With the real channels: the "smtp DOWN" alert does not go out by SMTP. The e-mail channel depends
 * on the SMTP check of its own host (inferred), so the alert goes to Slack, or to the fallback
 * channel when e-mail was its only route.
 */
class RouteAroundOwnCauseTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final MockWebServer slack = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        slack.start();
        for (int i = 0; i < 3; i++) {
            slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
        }
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private MonitorBuilder monitor(EmailConfig.Builder email) {
        return Monitor.builder()
                .backgroundJobs(false)
                .notifier(new SlackNotifier(
                        SlackConfig.builder(slack.url("/services/T0/B0/secret").toString())
                                .build()))
                .notifier(new EmailNotifier(email.port(SMTP.getSmtp().getPort())
                        .security(SmtpSecurity.NONE)
                        .from("alerts@example.com")
                        .to("oncall@example.com")
                        .build()))
                .check(HealthChecks.smtp("smtp", "127.0.0.1", SMTP.getSmtp().getPort())
                        .build());
    }

    private String slackText() throws InterruptedException {
        return Objects.requireNonNull(slack.takeRequest(2, TimeUnit.SECONDS), "nothing reached Slack")
                .getBody()
                .utf8();
    }

    private static AlertRecord smtpGoesDown(Monitor m) {
        SMTP.stop();
        for (int i = 0; i < 3; i++) {
            assertThat(m.runChecks().status()).isEqualTo(HealthStatus.DOWN);
            assertThat(m.flush(Duration.ofSeconds(5))).isTrue();
        }
        return m.alerts().active().stream()
                .filter(a -> "smtp".equals(a.component()))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> channels(Monitor m, AlertRecord alert) {
        return m.alerts().deliveries(alert.id()).stream().map(Delivery::channel).toList();
    }

    @Test
    void smtpDownRoutedToEmailAndSlackGoesOnlyToSlackWhileOtherAlertsStillGoByEmail() throws Exception {
        try (Monitor m = monitor(EmailConfig.builder("127.0.0.1"))
                .route(Severity.CRITICAL, "email", "slack")
                .alerting(a -> a.channelInterval("slack", Duration.ZERO))
                .build()) {
            AlertRecord payments = m.raiseAlert(
                    Alert.critical("PayPal API failing").component("paypal").build());
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(SMTP.getReceivedMessages())
                    .as("an unrelated alert still goes by e-mail")
                    .singleElement()
                    .satisfies(msg -> assertThat(msg.getSubject()).contains("PayPal API failing"));
            assertThat(slackText()).contains("PayPal API failing");
            assertThat(channels(m, payments)).containsExactlyInAnyOrder("email", "slack");

            AlertRecord smtpDown = smtpGoesDown(m);
            assertThat(smtpDown.title()).isEqualTo("smtp is DOWN");
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(slackText()).contains("smtp is DOWN");
            assertThat(channels(m, smtpDown))
                    .as("never on the channel that is down")
                    .containsExactly("slack");
        }
    }

    @Test
    void smtpDownRoutedOnlyToEmailGoesToTheFallbackChannel() throws Exception {
        try (Monitor m = monitor(EmailConfig.builder("127.0.0.1"))
                .route(Severity.CRITICAL, "email")
                .alerting(a -> a.fallbackChannel("slack"))
                .build()) {
            AlertRecord smtpDown = smtpGoesDown(m);
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(slackText()).contains("smtp is DOWN");
            assertThat(channels(m, smtpDown)).containsExactly("slack");
        }
    }

    @Test
    void aDependencyDeclaredOnTheChannelConfigRoutesAroundIt() throws Exception {
        try (Monitor m = monitor(EmailConfig.builder("127.0.0.1").dependsOn("mail-relay"))
                .route(Severity.HIGH, "email")
                .alerting(a -> a.fallbackChannel("slack"))
                .build()) {
            AlertRecord relay = m.raiseAlert(
                    Alert.high("mail relay queue full").component("mail-relay").build());
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(slackText()).contains("mail relay queue full");
            assertThat(channels(m, relay)).containsExactly("slack");
            assertThat(SMTP.getReceivedMessages()).isEmpty();
        }
    }

    @Test
    void theHttpChannelsDependOnAnHttpCheckOfTheirUrlsHostAndEmailOnAnSmtpCheckOfItsHost() {
        Notifier[] channels = {
            new SlackNotifier(SlackConfig.builder("https://hooks.slack.com/services/T0/B0/secret")
                    .build()),
            new WebhookNotifier(WebhookConfig.builder("https://ops.example.com/hooks/vedette")
                    .name("ops-webhook")
                    .build()),
            new EmailNotifier(EmailConfig.builder("Mail.Example.com")
                    .from("alerts@example.com")
                    .to("oncall@example.com")
                    .build())
        };
        assertThat(channels[0].endpoint())
                .as("no path: the webhook URL is a secret")
                .contains(URI.create("https://hooks.slack.com"));
        List<HealthCheck> checks = List.of(
                HealthChecks.http("slack-api", URI.create("https://hooks.slack.com/api/api.test"))
                        .build(),
                HealthChecks.http("ops", URI.create("http://OPS.example.com:8080/health"))
                        .build(),
                HealthChecks.smtp("smtp", "mail.example.com", 25).build(),
                HealthChecks.http("mail-web", URI.create("https://mail.example.com/"))
                        .build(),
                HealthChecks.tcp("ops-port", "ops.example.com", 443).build());
        Map<String, URI> targets = new LinkedHashMap<>();
        checks.forEach(c -> c.target().ifPresent(t -> targets.put(c.name(), t)));
        assertThat(ChannelDependencies.infer(List.of(channels), targets))
                .isEqualTo(Map.of(
                        "slack", Set.of("slack-api"),
                        "ops-webhook", Set.of("ops"),
                        "email", Set.of("smtp")));
    }
}
