package dev.vedette.notifiers.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryState;
import dev.vedette.notifiers.SlackConfig;
import dev.vedette.notifiers.SlackNotifier;
import dev.vedette.test.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reliability scenario 2: Slack is down (503) for a while, then recovers; and Slack rejects a message
 * for good (400 invalid_payload). Driven by a clock the test moves and {@code AlertingTestHooks.dispatch}.
 */
class NotifierOutageTest {
    private static final Pattern ALERT_LINK = Pattern.compile("/alerts/([0-9a-f\\-]{36})");

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final MockWebServer slack = new MockWebServer();
    /** Every request Slack received: the alert it carried and the status it was answered with. */
    private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());

    private record Answer(String alertId, int code) {}

    private Monitor monitor;

    @BeforeEach
    void start() throws Exception {
        slack.start();
    }

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        slack.close();
    }

    /** Answers the n-th request (0-based) with the response the function gives, recording each. */
    private void answer(IntFunction<MockResponse> byRequestNumber) {
        AtomicInteger n = new AtomicInteger();
        slack.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = Objects.requireNonNull(request.getBody()).utf8();
                Matcher m = ALERT_LINK.matcher(body);
                String alertId = m.find() ? m.group(1) : "?";
                synchronized (answers) {
                    MockResponse response = byRequestNumber.apply(n.getAndIncrement());
                    answers.add(new Answer(alertId, response.getCode()));
                    return response;
                }
            }
        });
    }

    private void startMonitor() {
        monitor = Monitor.builder()
                .backgroundJobs(false)
                .clock(clock)
                .notifier(new SlackNotifier(
                        SlackConfig.builder(slack.url("/services/T0/B0/secret").toString())
                                .clock(clock)
                                .readTimeout(Duration.ofSeconds(5))
                                .build()))
                .alerting(a -> a.retries(5, Duration.ofSeconds(1), Duration.ofSeconds(4), 0)
                        .channelInterval("slack", Duration.ZERO)
                        .dashboardUrl(URI.create("https://ops.example.com/vedette")))
                .build();
    }

    private static MockResponse status(int code, String body) {
        return new MockResponse.Builder().code(code).body(body).build();
    }

    @Test
    void slackDownFor503sThenUpDeliversEveryAlertExactlyOnce() {
        int alerts = 10;
        int unavailable = 25; // 2.5 rounds of failures: each delivery fails 2 or 3 times
        answer(n -> n < unavailable ? status(503, "service unavailable") : status(200, "ok"));
        startMonitor();

        List<AlertRecord> raised = new ArrayList<>();
        for (int i = 0; i < alerts; i++) {
            raised.add(monitor.raiseAlert(Alert.high("Checkout failing #" + i)
                    .component("checkout")
                    .dedupKey("outage-" + i)
                    .message("card captures time out")
                    .build()));
        }

        int rounds = 0;
        while (!allInState(raised, DeliveryState.SENT) && rounds < 20) {
            AlertingTestHooks.dispatch(monitor.alerts());
            clock.advance(Duration.ofSeconds(5)); // past the longest backoff (4 s, no jitter)
            rounds++;
        }
        // more cycles after recovery send nothing more
        for (int i = 0; i < 3; i++) {
            assertThat(AlertingTestHooks.dispatch(monitor.alerts())).isZero();
            clock.advance(Duration.ofMinutes(10));
        }

        assertThat(allInState(raised, DeliveryState.SENT)).isTrue();
        List<Answer> all = List.copyOf(answers);
        assertThat(all).hasSize(unavailable + alerts);
        assertThat(all).filteredOn(a -> a.code() == 503).hasSize(unavailable);
        Map<String, Long> delivered = all.stream()
                .filter(a -> a.code() == 200)
                .collect(Collectors.groupingBy(Answer::alertId, Collectors.counting()));
        assertThat(delivered.keySet())
                .as("every alert delivered")
                .containsExactlyInAnyOrderElementsOf(
                        raised.stream().map(AlertRecord::id).toList());
        assertThat(delivered.values()).as("exactly once each").containsOnly(1L);

        Map<String, Long> requestsPerAlert =
                all.stream().collect(Collectors.groupingBy(Answer::alertId, Collectors.counting()));
        int attempts = 0;
        for (AlertRecord a : raised) {
            Delivery d = monitor.alerts().deliveries(a.id()).get(0);
            assertThat(d.attempts())
                    .as("attempts recorded for %s", a.id())
                    .isEqualTo(requestsPerAlert.get(a.id()).intValue());
            assertThat(d.attempts()).isBetween(3, 4);
            assertThat(d.sentAt()).isNotNull();
            attempts += d.attempts();
        }
        assertThat(attempts).isEqualTo(unavailable + alerts);
        System.out.printf(
                "RELIABILITY slack-503: alerts=%d faults=%d requests=%d delivered=%d duplicates=%d rounds=%d%n",
                alerts,
                unavailable,
                all.size(),
                delivered.size(),
                delivered.values().stream().mapToLong(Long::longValue).sum() - delivered.size(),
                rounds);
    }

    @Test
    void permanentInvalidPayloadIsDeadWithSlacksErrorAndNeverRetried() {
        answer(n -> status(400, "invalid_payload"));
        startMonitor();
        AlertRecord alert = monitor.raiseAlert(
                Alert.critical("Refunds failing").component("refunds").build());

        assertThat(AlertingTestHooks.dispatch(monitor.alerts())).isEqualTo(1);
        Delivery d = monitor.alerts().deliveries(alert.id()).get(0);
        assertThat(d.state()).isEqualTo(DeliveryState.DEAD);
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.lastError()).contains("400").contains("invalid_payload").doesNotContain("secret");

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofHours(1));
            assertThat(AlertingTestHooks.dispatch(monitor.alerts())).isZero();
        }
        assertThat(slack.getRequestCount()).isEqualTo(1);
        assertThat(monitor.alerts().deliveries(alert.id()).get(0).attempts()).isEqualTo(1);
        System.out.printf(
                "RELIABILITY slack-400: requests=%d state=%s lastError=%s%n",
                slack.getRequestCount(), d.state(), d.lastError());
    }

    private boolean allInState(List<AlertRecord> alerts, DeliveryState state) {
        return alerts.stream()
                .flatMap(a -> monitor.alerts().deliveries(a.id()).stream())
                .allMatch(d -> d.state() == state);
    }
}
