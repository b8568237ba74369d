package dev.vedette.notifiers.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.MonitorEvent;
import dev.vedette.model.Severity;
import dev.vedette.notifiers.EmailConfig;
import dev.vedette.notifiers.EmailNotifier;
import dev.vedette.notifiers.Fixtures;
import dev.vedette.notifiers.SmtpSecurity;
import dev.vedette.notifiers.StallingSmtpPeer;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Reliability scenario: the SMTP server accepts the connection, greets, and then says nothing (its
 * read timeout is a minute away). Slack and PagerDuty peers are MockWebServers. The monitor runs its
 * background dispatcher; the clock is moved by hand only to make the e-mail retry due.
 */
class HangingChannelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration EMAIL_DEADLINE = Duration.ofSeconds(5);

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T08:00:00Z"));
    /** Each recorded outcome, in order: "channel STATE". */
    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    private final LinkedBlockingQueue<Delivery> emailFailures = new LinkedBlockingQueue<>();

    private static Dispatcher answering(int code, String body) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(code).body(body).build();
            }
        };
    }

    private Monitor monitor(StallingSmtpPeer smtp, MockWebServer slack, MockWebServer pagerDuty) {
        Monitor monitor = Monitor.builder()
                .clock(clock)
                .notifier(new EmailNotifier(EmailConfig.builder("127.0.0.1")
                        .port(smtp.port())
                        .security(SmtpSecurity.NONE)
                        .from("alerts@example.com")
                        .to("oncall@example.com")
                        .readTimeout(Duration.ofSeconds(60))
                        .sendDeadline(EMAIL_DEADLINE)
                        .build()))
                .notifier(Fixtures.slackAt(slack))
                .notifier(Fixtures.pagerDutyAt(pagerDuty))
                .route(Severity.CRITICAL, "email", "slack", "pagerduty")
                .build();
        monitor.events()
                .on(
                        MonitorEvent.DeliverySent.class,
                        e -> outcomes.add(e.delivery().channel() + " SENT"));
        monitor.events().on(MonitorEvent.DeliveryFailed.class, e -> {
            outcomes.add(e.delivery().channel() + " FAILED");
            // the alert's e-mail; the daily report planned at start goes to the stalling server too
            if (e.delivery().channel().equals("email") && e.delivery().kind() == DeliveryKind.TRIGGER) {
                emailFailures.add(e.delivery());
            }
        });
        monitor.events()
                .on(
                        MonitorEvent.DeliveryDead.class,
                        e -> outcomes.add(e.delivery().channel() + " DEAD"));
        return monitor;
    }

    @Test
    void aStallingSmtpServerHoldsBackNeitherSlackNorPagerDuty() throws Exception {
        try (StallingSmtpPeer smtp = StallingSmtpPeer.stalling();
                MockWebServer slack = new MockWebServer();
                MockWebServer pagerDuty = new MockWebServer()) {
            slack.setDispatcher(answering(200, "ok"));
            pagerDuty.setDispatcher(answering(202, "{\"status\":\"success\",\"dedup_key\":\"k\"}"));
            slack.start();
            pagerDuty.start();
            try (Monitor monitor = monitor(smtp, slack, pagerDuty)) {
                long t0 = System.nanoTime();
                AlertRecord alert = monitor.raiseAlert(Alert.critical("Card payments failing")
                        .component("payments")
                        .build());

                assertThat(smtp.nextConnection(WAIT))
                        .as("the e-mail send connected")
                        .isNotNull();
                RecordedRequest toSlack = Objects.requireNonNull(slack.takeRequest(WAIT.toSeconds(), TimeUnit.SECONDS));
                RecordedRequest toPagerDuty =
                        Objects.requireNonNull(pagerDuty.takeRequest(WAIT.toSeconds(), TimeUnit.SECONDS));
                long bothReachedMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(toSlack.getBody().utf8()).contains("Card payments failing");
                assertThat(toPagerDuty.getBody().utf8()).contains(alert.dedupKey());

                // the first e-mail outcome is its deadline; Slack and PagerDuty were recorded before it
                Delivery overdue = emailFailures.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                long emailFailedMs = (System.nanoTime() - t0) / 1_000_000;
                assertThat(overdue).isNotNull();
                assertThat(overdue.state()).isEqualTo(DeliveryState.FAILED);
                assertThat(overdue.attempts()).isEqualTo(1);
                assertThat(overdue.lastError())
                        .isEqualTo("SMTP send deadline of " + EMAIL_DEADLINE.toSeconds() + "s passed");
                assertThat(outcomes.subList(0, 3))
                        .containsExactlyInAnyOrder("slack SENT", "pagerduty SENT", "email FAILED")
                        .endsWith("email FAILED");
                assertThat(monitor.alerts().deliveries(alert.id()))
                        .filteredOn(d -> d.channel().equals("email"))
                        .singleElement()
                        .extracting(Delivery::state)
                        .isEqualTo(DeliveryState.FAILED);

                // the retry comes once it is due: a second connection to the still-stalling server
                clock.advance(Duration.ofSeconds(10));
                assertThat(smtp.nextConnection(WAIT))
                        .as("the e-mail retry connected")
                        .isNotNull();
                Delivery retried = emailFailures.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(retried).isNotNull();
                assertThat(retried.attempts()).isEqualTo(2);
                assertThat(retried.state()).isEqualTo(DeliveryState.FAILED);

                // nothing else was sent twice
                assertThat(slack.takeRequest(500, TimeUnit.MILLISECONDS)).isNull();
                assertThat(slack.getRequestCount()).isEqualTo(1);
                assertThat(pagerDuty.getRequestCount()).isEqualTo(1);
                assertThat(outcomes).doesNotContain("email DEAD", "slack FAILED", "pagerduty FAILED");
                System.out.printf(
                        "RELIABILITY hanging-smtp: slack+pagerduty reached after %d ms while e-mail hung;"
                                + " e-mail FAILED at %d ms (deadline %s), retried: attempts=%d;"
                                + " slack requests=%d pagerduty requests=%d%n",
                        bothReachedMs,
                        emailFailedMs,
                        EMAIL_DEADLINE,
                        retried.attempts(),
                        slack.getRequestCount(),
                        pagerDuty.getRequestCount());
            }
        }
    }
}
