package dev.vedette.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.MonitorBuilder;
import dev.vedette.health.HealthChecks;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.Severity;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An alert about a component a channel depends on is routed around that channel. */
class RouteAroundCauseTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-07-01T12:00:00Z"));
    private final RecordingNotifier email = new RecordingNotifier("email");
    private final RecordingNotifier slack = new RecordingNotifier("slack");
    private final RecordingNotifier sms = new RecordingNotifier("sms");

    private MonitorBuilder monitor() {
        return Monitor.builder()
                .store(new InMemoryStore())
                .clock(clock)
                .backgroundJobs(false)
                .notifier(email)
                .notifier(slack)
                .notifier(sms);
    }

    private static Alert about(String component) {
        return Alert.builder(Severity.CRITICAL, component + " is DOWN")
                .component(component)
                .build();
    }

    @Test
    void anAlertAboutSmtpGoesOnlyToTheOtherRoutedChannelAndItsResolveFollowsIt() {
        try (Monitor m = monitor()
                .route(Severity.CRITICAL, "email", "slack")
                .alerting(a -> a.channelDependsOn("email", "smtp").fallbackChannel("sms"))
                .build()) {
            AlertRecord smtpDown = m.raiseAlert(about("smtp"));
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(slack.sent()).extracting(n -> n.alert().title()).containsExactly("smtp is DOWN");
            assertThat(email.attempts()).as("never on the channel that is down").isEmpty();
            assertThat(sms.attempts())
                    .as("another routed channel remains: no fallback")
                    .isEmpty();

            m.alerts().resolve(smtpDown.id(), "alice");
            clock.advance(Duration.ofSeconds(2)); // past Slack's one-second channel interval
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(slack.sent())
                    .extracting(n -> n.kind())
                    .containsExactly(DeliveryKind.TRIGGER, DeliveryKind.RESOLVE);
            assertThat(email.attempts()).isEmpty();

            m.raiseAlert(about("payments"));
            clock.advance(Duration.ofSeconds(2));
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(email.sent())
                    .as("an unrelated alert still goes to email")
                    .extracting(n -> n.alert().title())
                    .containsExactly("payments is DOWN");
            assertThat(slack.sent()).hasSize(3);
        }
    }

    @Test
    void anAlertRoutedOnlyToTheChannelItsComponentTakesDownGoesToTheFallbackChannel() {
        try (Monitor m = monitor()
                .route(Severity.CRITICAL, "email")
                .alerting(a -> a.channelDependsOn("email", "smtp").fallbackChannel("sms"))
                .build()) {
            m.raiseAlert(about("smtp"));
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(sms.sent()).extracting(n -> n.alert().title()).containsExactly("smtp is DOWN");
            assertThat(email.attempts()).isEmpty();
            assertThat(slack.attempts()).as("not routed there").isEmpty();
        }
    }

    @Test
    void withoutAFallbackChannelTheAlertStaysOnItsRoutedChannelRatherThanNowhere() {
        try (Monitor m = monitor()
                .route(Severity.CRITICAL, "email")
                .alerting(a -> a.channelDependsOn("email", "smtp"))
                .build()) {
            m.raiseAlert(about("smtp"));
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(email.sent()).hasSize(1);
        }
    }

    @Test
    void aNotifierDeclaresItsDependenciesAndTheMonitorInfersThemFromAnSmtpCheckOfItsHost() {
        Notifier declaring = new Forwarding(email, Set.of("mail-relay"), Optional.empty());
        Notifier mailer = new Forwarding(slack, Set.of(), Optional.of(URI.create("smtps://Mail.Example.com")));
        try (Monitor m = Monitor.builder()
                .store(new InMemoryStore())
                .clock(clock)
                .backgroundJobs(false)
                .notifier(declaring)
                .notifier(mailer)
                .notifier(sms)
                .check(HealthChecks.smtp("smtp", "mail.example.com", 587).build())
                .check(HealthChecks.tcp("mail-port", "mail.example.com", 25).build())
                .route(Severity.CRITICAL, "email", "slack")
                .alerting(a -> a.fallbackChannel("sms"))
                .build()) {
            assertThat(m.alerts().router().dependencies())
                    .as("declared by the notifier; inferred from the SMTP check of the same host, not the TCP one")
                    .isEqualTo(Map.of("email", Set.of("mail-relay"), "slack", Set.of("smtp")));

            m.raiseAlert(about("mail-relay"));
            m.raiseAlert(about("smtp"));
            AlertingTestHooks.dispatch(m.alerts());
            clock.advance(Duration.ofSeconds(2));
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(slack.sent()).extracting(n -> n.alert().title()).containsExactly("mail-relay is DOWN");
            assertThat(email.sent()).extracting(n -> n.alert().title()).containsExactly("smtp is DOWN");
        }
    }

    @Test
    void aDependencyOnAChannelWithoutANotifierFailsTheBuild() {
        assertThatThrownBy(() -> monitor()
                        .alerting(a -> a.channelDependsOn("mail", "smtp"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channelDependsOn")
                .hasMessageContaining("[mail]");
        assertThatThrownBy(() -> AlertingSettings.builder().channelDependsOn("email", "bad name\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("component");
    }

    /** A recording channel with the dependencies and endpoint a real notifier would declare. */
    private record Forwarding(RecordingNotifier target, Set<String> dependsOn, Optional<URI> endpoint)
            implements Notifier {
        @Override
        public String name() {
            return target.name();
        }

        @Override
        public SendResult send(Notification notification) {
            return target.send(notification);
        }
    }
}
