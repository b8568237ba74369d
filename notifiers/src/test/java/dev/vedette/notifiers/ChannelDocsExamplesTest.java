package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.alerting.Notifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The configuration examples of {@code docs/channels/*.md}, compiled and run so the pages cannot
 * rot. Keep each snippet identical to its page.
 */
class ChannelDocsExamplesTest {
    private static final String SLACK_WEBHOOK_URL = "https://hooks.slack.com/services/T000/B000/XXXX";
    private static final String SMTP_PASSWORD = "app-password";
    private static final String ROUTING_KEY = "0123456789abcdef0123456789abcdef";
    private static final String TWILIO_AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String WEBHOOK_SECRET = "0123456789abcdef0123";

    @Test
    void emailExample() {
        // email.md
        Notifier email = new EmailNotifier(EmailConfig.builder("smtp.example.com")
                .security(SmtpSecurity.STARTTLS) // default; port 587
                .credentials("alerts@example.com", SMTP_PASSWORD)
                .from("Vedette <alerts@example.com>")
                .to("oncall@example.com", "payments-team@example.com")
                .cc("cto@example.com")
                .readTimeout(Duration.ofSeconds(10))
                .build());

        assertThat(email.name()).isEqualTo("email");
    }

    @Test
    void slackExample() {
        // slack.md
        Notifier slack = new SlackNotifier(SlackConfig.builder(SLACK_WEBHOOK_URL)
                .name("slack-payments")
                .readTimeout(Duration.ofSeconds(5))
                .build());

        assertThat(slack.name()).isEqualTo("slack-payments");
        slack.close();
    }

    @Test
    void pagerDutyExample() {
        // pagerduty.md
        Notifier pagerDuty = new PagerDutyNotifier(PagerDutyConfig.builder(ROUTING_KEY)
                .source("payments-api") // default: the host name
                .group("checkout")
                .build());

        assertThat(pagerDuty.name()).isEqualTo("pagerduty");
        pagerDuty.close();
    }

    @Test
    void smsExample() {
        // sms.md
        Notifier sms = new TwilioSmsNotifier(TwilioSmsConfig.builder("AC0123456789abcdef0123456789abcdef")
                .authToken(TWILIO_AUTH_TOKEN) // or .apiKey("SK...", secret)
                .from("+15005550006") // or .messagingServiceSid("MG...")
                .to(List.of("+447700900123", "+14155550100"))
                .maxSegments(2)
                .build());

        assertThat(sms.name()).isEqualTo("sms");
        sms.close();
    }

    @Test
    void webhookExample() {
        // webhook.md
        Notifier webhook = new WebhookNotifier(WebhookConfig.builder("https://hooks.example.com/vedette")
                .signingSecret(WEBHOOK_SECRET)
                .header("Authorization", "Bearer " + WEBHOOK_SECRET)
                .build());

        assertThat(webhook.name()).isEqualTo("webhook");
        webhook.close();
    }
}
