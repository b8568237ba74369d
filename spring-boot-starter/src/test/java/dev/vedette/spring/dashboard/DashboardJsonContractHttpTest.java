package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard API's JSON as a host with its own Jackson settings sees it: the shapes the pages
 * read (camelCase names, nulls present) do not follow the application's naming strategy or
 * inclusion rule, and errors are RFC 9457 problem details that carry their message as {@code error}.
 */
@SpringBootTest(
        classes = DashboardTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vedette.dashboard.token=" + DashboardTestApp.TOKEN,
            "vedette.dashboard.max-streams=1",
            "spring.jackson.property-naming-strategy=SNAKE_CASE",
            "spring.jackson.default-property-inclusion=non_null"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardJsonContractHttpTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void seed() {
        DashboardTestApp.seed(monitor);
    }

    private HttpRequest.Builder request(String path, String accept) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/vedette" + path))
                .header("Authorization", "Bearer " + DashboardTestApp.TOKEN)
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(request(path, accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApplicationsNamingStrategyAndInclusionRuleDoNotChangeTheShapes() throws Exception {
        HttpResponse<String> r = get("/api/transactions/txn-pending", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode t = JSON.readTree(r.body());
        assertThat(t.has("customer_email")).isFalse();
        assertThat(t.get("customerEmail").asString()).isEqualTo("dan@example.com");
        assertThat(t.get("completedAt").isNull()).isTrue();
        assertThat(t.get("timeline").get(0).get("step").isNull()).isTrue();

        JsonNode overview =
                JSON.readTree(get("/api/overview", "application/json").body());
        assertThat(overview.get("today").has("from")).isTrue();
        assertThat(overview.get("pipeline").get("lastWriteError").isNull()).isTrue();

        JsonNode search = JSON.readTree(
                get("/api/transactions?q=no-such-id", "application/json").body());
        assertThat(search.get("match").isNull()).isTrue();
        assertThat(search.get("nextCursor").isNull()).isTrue();
        JsonNode next = JSON.readTree(
                get("/api/transactions?limit=1&after=x", "application/json").body());
        assertThat(next.has("match")).isFalse();
    }

    @Test
    void filtersBindFromQueryParametersOnly() throws Exception {
        int all = JSON.readTree(get("/api/transactions", "application/json").body())
                .get("items")
                .size();
        HttpResponse<String> fromHeader = http.send(
                request("/api/transactions", "application/json")
                        .header("From", "not-a-date")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fromHeader.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(fromHeader.body()).get("items").size()).isEqualTo(all);
        JsonNode marked = JSON.readTree(
                get("/api/transactions?!status=FAILED&_q=x", "application/json").body());
        assertThat(marked.get("items").size()).isEqualTo(all);
        assertThat(marked.has("match")).isFalse();
    }

    @Test
    void errorsAreProblemDetailsWithTheMessageAlsoAsError() throws Exception {
        for (String accept : new String[] {"application/json", "text/csv, */*;q=0.1"}) {
            HttpResponse<String> r = get("/api/transactions?limit=0", accept);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode p = JSON.readTree(r.body());
            assertThat(p.get("status").asInt()).isEqualTo(400);
            assertThat(p.get("title").asString()).isEqualTo("Bad Request");
            assertThat(p.get("detail").asString()).isEqualTo("limit must be between 1 and 200, was '0'");
            assertThat(p.get("error").asString()).isEqualTo(p.get("detail").asString());
        }
        HttpResponse<String> missing = get("/api/alerts/no-such-alert", "application/json");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("error").asString()).isEqualTo("no alert 'no-such-alert'");
    }

    @Test
    void aStreamBeyondMaxStreamsIsA503ProblemWithRetryAfter() throws Exception {
        HttpResponse<Stream<String>> first = http.sendAsync(
                        request("/api/events", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        try (Stream<String> lines = first.body()) {
            assertThat(first.statusCode()).isEqualTo(200);
            HttpResponse<String> second = get("/api/events", "text/event-stream");
            assertThat(second.statusCode()).isEqualTo(503);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(second.body()).get("error").asString())
                    .isEqualTo("too many live streams; poll instead");
        }
    }
}
