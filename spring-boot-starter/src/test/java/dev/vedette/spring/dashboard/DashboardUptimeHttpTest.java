package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.jdbc.JdbcStore;
import dev.vedette.model.HealthReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uptime windows that the data does not yet reach are marked as not covered, with the time the
 * data starts, and the API names the business zone the pages must draw in.
 */
@SpringBootTest(
        classes = DashboardZoneTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vedette.dashboard.token=" + DashboardTestApp.TOKEN})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardUptimeHttpTest {
    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void seed() {
        DashboardZoneTestApp.seed(monitor);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/vedette" + path))
                        .header("Authorization", "Bearer " + DashboardTestApp.TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(r.body());
    }

    private static JsonNode component(JsonNode health, String name) {
        return health.get("components")
                .valueStream()
                .filter(c -> c.get("name").asString().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theHistoryBarAndTheIncidentListComeFromTheSamples() throws Exception {
        JsonNode paypal = component(get("/api/health"), "paypal");
        assertThat(paypal.get("recent").valueStream().map(JsonNode::asString))
                .containsExactly("UP", "UP", "UP", "UP", "DOWN", "UP", "UP", "UP", "UP", "UP");
        JsonNode database = component(get("/api/health"), "database");
        assertThat(database.get("recent")).hasSize(DashboardHealthApi.RECENT);

        JsonNode incidents = get("/api/health/paypal").get("incidents");
        assertThat(incidents).hasSize(1);
        JsonNode i = incidents.get(0);
        assertThat(Instant.parse(i.get("start").asString()))
                .isEqualTo(DashboardZoneTestApp.NOW.minus(Duration.ofMinutes(3)));
        assertThat(Instant.parse(i.get("end").asString()))
                .isEqualTo(DashboardZoneTestApp.NOW.minus(Duration.ofSeconds(150)));
        assertThat(i.get("durationSeconds").asLong()).isEqualTo(30);
        assertThat(i.get("ongoing").asBoolean()).isFalse();
        assertThat(i.get("startedEarlier").asBoolean()).isFalse();
        assertThat(i.get("message").asString()).isEqualTo("timeout");
        assertThat(get("/api/health/database").get("incidents")).isEmpty();
    }

    @Test
    void fiveMinutesOfSamplesCoverNoWindow() throws Exception {
        for (JsonNode paypal : new JsonNode[] {component(get("/api/health"), "paypal"), get("/api/health/paypal")}) {
            JsonNode u = paypal.get("uptime");
            assertThat(u.get("last24h").asDouble()).isEqualTo(0.9);
            assertThat(u.get("covered").get("last24h").asBoolean()).isFalse();
            assertThat(u.get("covered").get("last7d").asBoolean()).isFalse();
            assertThat(u.get("covered").get("last30d").asBoolean()).isFalse();
            assertThat(Instant.parse(u.get("at").asString())).isEqualTo(DashboardZoneTestApp.NOW);
            Instant since = Instant.parse(u.get("dataSince").asString());
            assertThat(since)
                    .isBetween(
                            DashboardZoneTestApp.NOW.minus(Duration.ofMinutes(6)),
                            DashboardZoneTestApp.NOW.minus(Duration.ofMinutes(5)));
        }
    }

    @Test
    void threeDaysCoverTheDayOnlyAndFortyDaysCoverEveryWindow() throws Exception {
        JsonNode health = get("/api/health");
        JsonNode smtp = component(health, "smtp").get("uptime");
        assertThat(smtp.get("covered").get("last24h").asBoolean()).isTrue();
        assertThat(smtp.get("covered").get("last7d").asBoolean()).isFalse();
        assertThat(smtp.get("covered").get("last30d").asBoolean()).isFalse();
        assertThat(Duration.between(Instant.parse(smtp.get("dataSince").asString()), DashboardZoneTestApp.NOW))
                .isBetween(Duration.ofHours(72), Duration.ofHours(74));
        JsonNode database = component(health, "database").get("uptime");
        assertThat(database.get("covered").get("last24h").asBoolean()).isTrue();
        assertThat(database.get("covered").get("last7d").asBoolean()).isTrue();
        assertThat(database.get("covered").get("last30d").asBoolean()).isTrue();
        assertThat(database.get("last30d").asDouble()).isEqualTo(1.0);
    }

    @Test
    void componentWithoutSamplesHasNoDataSince() {
        assertThat(UptimeView.oldestSample(
                        monitor.health(),
                        "nothing",
                        DashboardZoneTestApp.NOW.minus(Duration.ofDays(30)),
                        DashboardZoneTestApp.NOW))
                .isNull();
        assertThat(UptimeView.covers(null, DashboardZoneTestApp.NOW, Duration.ofDays(1)))
                .isFalse();
    }

    @Test
    void oldestSampleIsFoundOnAJdbcStoreToo() {
        Instant now = DashboardZoneTestApp.NOW;
        try (Monitor jdbc = Monitor.builder()
                .store(JdbcStore.builder()
                        .jdbcUrl("jdbc:h2:mem:uptime_"
                                + UUID.randomUUID().toString().replace("-", ""))
                        .build())
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .build()) {
            Instant first = now.minus(Duration.ofDays(9)).plus(Duration.ofMinutes(17));
            for (Instant t = first; t.isBefore(now); t = t.plus(Duration.ofHours(5))) {
                jdbc.recordHealth(HealthReport.up("queue", Duration.ofMillis(2)).toBuilder()
                        .checkedAt(t)
                        .build());
            }
            jdbc.flush(Duration.ofSeconds(10));
            Instant since = UptimeView.oldestSample(jdbc.health(), "queue", now.minus(Duration.ofDays(30)), now);
            assertThat(since).isEqualTo(first);
            assertThat(UptimeView.covers(since, now, Duration.ofDays(7))).isTrue();
            assertThat(UptimeView.covers(since, now, Duration.ofDays(30))).isFalse();
        }
    }

    @Test
    void everyTimeSeriesResponseNamesTheBusinessZone() throws Exception {
        assertThat(get("/api/session").get("zone").asString()).isEqualTo("Asia/Tokyo");
        assertThat(get("/api/overview").get("zone").asString()).isEqualTo("Asia/Tokyo");
        JsonNode analytics = get("/api/analytics?days=7");
        assertThat(analytics.get("zone").asString()).isEqualTo("Asia/Tokyo");
        assertThat(analytics
                        .get("series")
                        .valueStream()
                        .filter(p ->
                                p.get("start").asString().equals(DashboardZoneTestApp.DEC_3_TOKYO_START.toString()))
                        .findFirst()
                        .orElseThrow()
                        .get("transactions")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void theFirstAndLastDatesAreAcceptedInAZoneEastOfUtc() throws Exception {
        // 0001-01-01 in Tokyo starts at 0000-12-31T15:00Z: still a valid date bound
        assertThat(get("/api/transactions?from=0001-01-01&to=9999-12-31")
                        .get("items")
                        .size())
                .isEqualTo(4);
    }

    @Test
    void zonesAreNamedSoThatBrowsersAcceptThem() {
        assertThat(DashboardViews.browserZone(ZoneOffset.UTC)).isEqualTo("UTC");
        assertThat(DashboardViews.browserZone(ZoneId.of("UTC"))).isEqualTo("UTC");
        assertThat(DashboardViews.browserZone(ZoneOffset.ofHours(9))).isEqualTo("Etc/GMT-9");
        assertThat(DashboardViews.browserZone(ZoneOffset.ofHours(-5))).isEqualTo("Etc/GMT+5");
        assertThat(DashboardViews.browserZone(ZoneOffset.ofHoursMinutes(5, 30))).isEqualTo("+05:30");
        assertThat(DashboardViews.browserZone(ZoneId.of("Europe/Berlin"))).isEqualTo("Europe/Berlin");
    }
}
