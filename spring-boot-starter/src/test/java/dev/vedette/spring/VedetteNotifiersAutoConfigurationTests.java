package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.alerting.Notifier;
import dev.vedette.notifiers.EmailNotifier;
import dev.vedette.notifiers.PagerDutyNotifier;
import dev.vedette.notifiers.SlackConfig;
import dev.vedette.notifiers.SlackNotifier;
import dev.vedette.notifiers.TwilioSmsNotifier;
import dev.vedette.notifiers.WebhookNotifier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class VedetteNotifiersAutoConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(VedetteAutoConfigurationTests.ALL)
            .withPropertyValues("vedette.checks.disk-space.enabled=false");

    @Test
    void noChannelPropertiesMeanNoNotifiers() {
        runner.run(
                context -> assertThat(context).doesNotHaveBean(Notifier.class).hasSingleBean(Monitor.class));
    }

    @Test
    void everyChannelWithItsKeyPropertySetGetsANotifier() {
        runner.withPropertyValues(
                        "vedette.notifiers.email.host=smtp.example.com",
                        "vedette.notifiers.email.from=Vedette <alerts@example.com>",
                        "vedette.notifiers.email.to=oncall@example.com",
                        "vedette.notifiers.email.username=alerts",
                        "vedette.notifiers.email.password=secret",
                        "vedette.notifiers.slack.webhook-url=https://hooks.slack.com/services/T0/B0/x",
                        "vedette.notifiers.pagerduty.routing-key=R0123456789abcdef",
                        "vedette.notifiers.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
                        "vedette.notifiers.twilio.auth-token=token",
                        "vedette.notifiers.twilio.from=+15005550006",
                        "vedette.notifiers.twilio.to=+15005550001",
                        "vedette.notifiers.webhook.url=https://example.com/hook",
                        "vedette.notifiers.webhook.signing-secret=0123456789abcdef0123",
                        "vedette.notifiers.webhook.headers.Authorization=Bearer x")
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(EmailNotifier.class)
                            .hasSingleBean(SlackNotifier.class)
                            .hasSingleBean(PagerDutyNotifier.class)
                            .hasSingleBean(TwilioSmsNotifier.class)
                            .hasSingleBean(WebhookNotifier.class);
                    assertThat(context.getBeansOfType(Notifier.class).values())
                            .extracting(Notifier::name)
                            .containsExactlyInAnyOrder("email", "slack", "pagerduty", "sms", "webhook");
                });
    }

    @Test
    void aBadChannelValueFailsNamingThePropertyWithoutShowingSecrets() {
        runner.withPropertyValues(
                        "vedette.notifiers.twilio.account-sid=not-a-sid", "vedette.notifiers.twilio.auth-token=hunter2")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.notifiers.twilio.account-sid")
                        .hasMessageNotContaining("hunter2"));
        runner.withPropertyValues("vedette.notifiers.slack.webhook-url=ftp://hooks.example.com/secret-path")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.notifiers.slack.webhook-url")
                        .hasMessageNotContaining("secret-path"));
    }

    @Test
    void dependsOnIsSetPerChannelAndABadComponentFailsNamingTheProperty() {
        runner.withPropertyValues(
                        "vedette.notifiers.email.host=smtp.example.com",
                        "vedette.notifiers.email.from=alerts@example.com",
                        "vedette.notifiers.email.to=oncall@example.com",
                        "vedette.notifiers.email.depends-on=smtp,mail-relay",
                        "vedette.notifiers.slack.webhook-url=https://hooks.slack.com/services/T0/B0/x")
                .run(context -> {
                    assertThat(context.getBean(EmailNotifier.class).dependsOn())
                            .containsExactlyInAnyOrder("smtp", "mail-relay");
                    assertThat(context.getBean(EmailNotifier.class).endpoint())
                            .hasValueSatisfying(uri -> assertThat(uri).hasToString("smtp://smtp.example.com"));
                    assertThat(context.getBean(SlackNotifier.class).dependsOn()).isEmpty();
                });
        runner.withPropertyValues(
                        "vedette.notifiers.slack.webhook-url=https://hooks.slack.com/services/T0/B0/x",
                        "vedette.notifiers.slack.depends-on[0]= ")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.notifiers.slack.depends-on"));
    }

    @Test
    void anEmailChannelWithoutRecipientsFailsNamingTheProperty() {
        runner.withPropertyValues(
                        "vedette.notifiers.email.host=smtp.example.com",
                        "vedette.notifiers.email.from=alerts@example.com")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("vedette.notifiers.email.to"));
    }

    @Test
    void aNotifierOfYourOwnWins() {
        SlackNotifier own = new SlackNotifier(SlackConfig.builder("https://hooks.slack.com/services/own")
                .name("own-slack")
                .build());
        runner.withBean(SlackNotifier.class, () -> own)
                .withPropertyValues("vedette.notifiers.slack.webhook-url=https://hooks.slack.com/services/T0/B0/x")
                .run(context -> assertThat(context.getBean(SlackNotifier.class)).isSameAs(own));
    }

    @Test
    void withoutTheNotifiersLibraryTheChannelPropertiesAreIgnored() {
        runner.withClassLoader(new FilteredClassLoader(SlackNotifier.class))
                .withPropertyValues("vedette.notifiers.slack.webhook-url=https://hooks.slack.com/services/T0/B0/x")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(Monitor.class)
                        .doesNotHaveBean(Notifier.class));
    }
}
