package dev.vedette.notifiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vedette.Monitor;
import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A CRITICAL alert raised through the Monitor reaches all four default channels' peers, then resolves. */
class EndToEndAlertingTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private final MockWebServer slack = new MockWebServer();
    private final MockWebServer pagerDuty = new MockWebServer();
    private final MockWebServer twilio = new MockWebServer();
    private Monitor monitor;

    @BeforeEach
    void start() throws Exception {
        slack.start();
        pagerDuty.start();
        twilio.start();
        for (int i = 0; i < 2; i++) {
            slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
            pagerDuty.enqueue(new MockResponse.Builder()
                    .code(202)
                    .body("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"k\"}")
                    .build());
            twilio.enqueue(new MockResponse.Builder()
                    .code(201)
                    .body("{\"sid\":\"SM123\",\"status\":\"queued\"}")
                    .build());
        }
        monitor = Monitor.builder()
                .backgroundJobs(false)
                .notifier(Fixtures.slackAt(slack))
                .notifier(Fixtures.pagerDutyAt(pagerDuty))
                .notifier(new TwilioSmsNotifier(TwilioSmsConfig.builder("AC0123456789abcdef0123456789abcdef")
                        .authToken("t0ken")
                        .from("+15005550006")
                        .to("+14155550100")
                        .baseUrl(twilio.url("/").toString())
                        .build()))
                .notifier(new EmailNotifier(EmailConfig.builder("127.0.0.1")
                        .port(SMTP.getSmtp().getPort())
                        .security(SmtpSecurity.NONE)
                        .from("alerts@example.com")
                        .to("oncall@example.com")
                        .build()))
                .alerting(a -> a.channelInterval("slack", Duration.ZERO))
                .build();
    }

    @AfterEach
    void stop() {
        monitor.close();
        slack.close();
        pagerDuty.close();
        twilio.close();
    }

    private static RecordedRequest take(MockWebServer server) throws InterruptedException {
        return Objects.requireNonNull(server.takeRequest(2, TimeUnit.SECONDS), "no request reached " + server.url("/"));
    }

    private static JsonNode json(RecordedRequest r) {
        return JSON.readTree(Objects.requireNonNull(r.getBody()).utf8());
    }

    @Test
    void criticalAlertReachesSlackEmailPagerDutyAndSmsThenResolves() throws Exception {
        AlertRecord alert = monitor.raiseAlert(Alert.critical("PayPal API failing")
                .component("paypal")
                .message("5 of 20 captures timed out")
                .build());
        assertThat(AlertingTestHooks.dispatch(monitor.alerts())).isEqualTo(4);

        assertThat(json(take(slack)).toString()).contains("PayPal API failing");
        JsonNode trigger = json(take(pagerDuty));
        assertThat(trigger.get("event_action").asString()).isEqualTo("trigger");
        assertThat(trigger.get("dedup_key").asString()).isEqualTo(alert.dedupKey());
        assertThat(trigger.get("payload").get("severity").asString()).isEqualTo("critical");
        assertThat(take(twilio).getBody().utf8()).contains("PayPal+API+failing");
        assertThat(SMTP.getReceivedMessages())
                .singleElement()
                .satisfies(m -> assertThat(m.getSubject()).contains("TRIGGERED").contains("PayPal API failing"));

        monitor.alerts().resolve(alert.id(), "ada");
        assertThat(AlertingTestHooks.dispatch(monitor.alerts())).isEqualTo(4);

        assertThat(json(take(slack)).toString()).contains("PayPal API failing");
        JsonNode resolve = json(take(pagerDuty));
        assertThat(resolve.get("event_action").asString()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asString()).isEqualTo(alert.dedupKey());
        assertThat(SMTP.getReceivedMessages()).hasSize(2);
        assertThat(SMTP.getReceivedMessages()[1].getSubject()).contains("RESOLVED");
        assertThat(take(twilio).getBody().utf8()).contains("RESOLVED");
        assertThat(monitor.alerts().deliveries(alert.id()))
                .allSatisfy(d -> assertThat(d.state()).isEqualTo(dev.vedette.model.DeliveryState.SENT));
    }
}
