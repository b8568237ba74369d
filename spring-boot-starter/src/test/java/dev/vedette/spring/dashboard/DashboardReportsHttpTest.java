package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vedette.Monitor;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.notifiers.EmailConfig;
import dev.vedette.notifiers.EmailNotifier;
import dev.vedette.notifiers.SmtpSecurity;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Reports page lists past reports over HTTP with the delivery state of each channel: one e-mail
 * channel reaches a real SMTP server (GreenMail), the other points at a closed port and waits for its
 * retry.
 */
@SpringBootTest(
        classes = DashboardReportsHttpTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vedette.dashboard.token=" + DashboardTestApp.TOKEN})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardReportsHttpTest {
    /** A Sunday: its daily report and the weekly report of the week it ends. */
    static final LocalDate SUNDAY = LocalDate.parse("2026-11-22");

    static final GreenMail SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    private final HttpClient http = HttpClient.newHttpClient();

    /** {@link DashboardTestApp} (token mode) with a monitor on a hand-moved clock and two e-mail channels. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    static class App extends DashboardTestApp {
        @Override
        @Bean(destroyMethod = "close")
        Monitor monitor(RecordingNotifier slack) {
            SMTP.start();
            int closed;
            try (ServerSocket s = new ServerSocket(0)) {
                closed = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Monitor.builder()
                    .store(new InMemoryStore())
                    .clock(new TestClock(Instant.parse("2026-11-23T09:00:00Z")))
                    .businessZone(ZoneOffset.UTC)
                    .backgroundJobs(false)
                    .notifier(slack)
                    .notifier(mail("email", SMTP.getSmtp().getPort()))
                    .notifier(mail("backup-mail", closed))
                    .reports("Shop", null)
                    .build();
        }

        private static EmailNotifier mail(String name, int port) {
            return new EmailNotifier(EmailConfig.builder("127.0.0.1")
                    .name(name)
                    .port(port)
                    .security(SmtpSecurity.NONE)
                    .from("reports@example.com")
                    .to("finance@example.com")
                    .build());
        }
    }

    @BeforeAll
    void sendReports() {
        monitor.recordTransaction(Transaction.builder("t1")
                .status(TransactionStatus.COMPLETED)
                .amount("120.50", "EUR")
                .occurredAt(Instant.parse("2026-11-22T10:00:00Z"))
                .build());
        assertThat(monitor.flush(Duration.ofSeconds(5))).isTrue();
        assertThat(monitor.sendReportsFor(SUNDAY)).isEqualTo(2);
    }

    @AfterAll
    void stopSmtp() {
        SMTP.stop();
    }

    private HttpResponse<String> fetch(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/vedette" + path))
                        .header("Authorization", "Bearer " + DashboardTestApp.TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = fetch(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(r.body());
    }

    private static JsonNode delivery(JsonNode report, String channel) {
        return report.get("deliveries")
                .valueStream()
                .filter(d -> d.get("channel").asString().equals(channel))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void pastReportsAreListedWithTheDeliveryStateOfEachChannel() throws Exception {
        JsonNode items = get("/api/reports").get("items");

        assertThat(items.valueStream().map(r -> r.get("id").asString()).toList())
                .containsExactlyInAnyOrder("report:daily:2026-11-22", "report:weekly:2026-W47");
        for (JsonNode r : items) {
            assertThat(r.get("subject").asString()).contains("Shop");
            assertThat(r.get("createdAt").asString()).isEqualTo("2026-11-23T09:00:00Z");
            assertThat(r.get("deliveries")).hasSize(2);
            JsonNode sent = delivery(r, "email");
            assertThat(sent.get("kind").asString()).isEqualTo("REPORT");
            assertThat(sent.get("state").asString()).isEqualTo("SENT");
            assertThat(sent.get("sentAt").asString()).isEqualTo("2026-11-23T09:00:00Z");
            JsonNode failed = delivery(r, "backup-mail");
            assertThat(failed.get("state").asString()).isEqualTo("FAILED");
            assertThat(failed.get("attempts").asInt()).isEqualTo(1);
            assertThat(failed.get("lastError").asString()).isNotBlank();
            assertThat(Instant.parse(failed.get("nextAttemptAt").asString()))
                    .as("retried later")
                    .isAfter(Instant.parse("2026-11-23T09:00:00Z"));
        }
        assertThat(SMTP.getReceivedMessages()).hasSize(2);
    }

    @Test
    void reportsArePagedWithACursor() throws Exception {
        JsonNode first = get("/api/reports?limit=1");
        assertThat(first.get("items")).hasSize(1);
        String cursor = first.get("nextCursor").asString();
        JsonNode second = get("/api/reports?limit=1&after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("nextCursor").isNull()).isTrue();
        assertThat(List.of(
                        first.get("items").get(0).get("id").asString(),
                        second.get("items").get(0).get("id").asString()))
                .doesNotHaveDuplicates();
        assertThat(fetch("/api/reports?limit=0").statusCode()).isEqualTo(400);
    }

    @Test
    void oneReportCarriesItsTextAndHtml() throws Exception {
        JsonNode daily = get("/api/reports/report:daily:2026-11-22");
        assertThat(daily.get("period").asString()).isEqualTo("2026-11-22");
        assertThat(daily.get("kind").asString()).isEqualTo("DAILY");
        assertThat(daily.get("text").asString()).contains("120.50");
        assertThat(daily.get("html").asString()).contains("120.50");
        assertThat(daily.get("deliveries")).hasSize(2);
        assertThat(fetch("/api/reports/report:daily:1999-01-01").statusCode()).isEqualTo(404);
    }
}
