package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.spring.EndpointStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API performance page's JSON: real requests to the host's own routes, timed by Vedette's
 * filter under their route templates, and routes recorded with known latencies into the same
 * {@link EndpointStats} bean, so the order, the averages and the slow flag can be checked exactly.
 */
@SpringBootTest(
        classes = {DashboardTestApp.class, DashboardEndpointsHttpTest.Routes.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vedette.dashboard.token=" + DashboardTestApp.TOKEN})
class DashboardEndpointsHttpTest {
    @LocalServerPort
    int port;

    @Autowired
    EndpointStats stats;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Two routes of the host application. */
    @RestController
    @Import({})
    static class Routes {
        @GetMapping("/shop/orders/{id}")
        String order(@PathVariable String id) {
            return "order " + id;
        }

        @GetMapping("/shop/boom")
        ResponseEntity<String> boom() {
            return ResponseEntity.internalServerError().body("no");
        }
    }

    private HttpResponse<String> call(String path, boolean token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token) {
            b.header("Authorization", "Bearer " + DashboardTestApp.TOKEN);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesAreListedByTemplateSlowestFirstWithExactAverages() throws Exception {
        stats.reset();
        for (String id : List.of("1", "2", "a%2Fb")) {
            call("/shop/orders/" + id, false);
        }
        assertThat(call("/shop/boom", false).statusCode()).isEqualTo(500);
        for (int i = 0; i < 19; i++) {
            stats.record("GET", "/reports/{day}", 200, Duration.ofSeconds(2));
        }
        stats.record("GET", "/reports/{day}", 200, Duration.ofMillis(10));
        stats.record("POST", "/checkout", 200, Duration.ofMillis(300));

        HttpResponse<String> r = call("/vedette/api/endpoints", true);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(r.body());

        assertThat(body.get("tracking").asBoolean()).isTrue();
        assertThat(body.get("slowThresholdMs").asLong()).isEqualTo(1000);
        JsonNode items = body.get("items");
        JsonNode slow = items.get(0);
        assertThat(slow.get("route").asString()).isEqualTo("/reports/{day}");
        assertThat(slow.get("slow").asBoolean()).isTrue();
        assertThat(slow.get("slowRequests").asLong()).isEqualTo(19);
        assertThat(slow.get("avgMs").asLong()).isEqualTo(1900); // (19 × 2,000 + 10) / 20
        assertThat(row(items, "POST", "/checkout").get("slow").asBoolean()).isFalse();
        assertThat(row(items, "POST", "/checkout").get("avgMs").asLong()).isEqualTo(300);
        List<Long> p95s = items.valueStream().map(i -> i.get("p95Ms").asLong()).toList();
        assertThat(p95s).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        JsonNode orders = row(items, "GET", "/shop/orders/{id}");
        assertThat(orders.get("count").asLong())
                .as("three ids, one template; the encoded slash is one more id, not a new route")
                .isGreaterThanOrEqualTo(2);
        assertThat(orders.get("serverErrors").asLong()).isZero();
        JsonNode boom = row(items, "GET", "/shop/boom");
        assertThat(boom.get("serverErrors").asLong()).isEqualTo(1);
        assertThat(boom.get("errorRate").asDouble()).isEqualTo(1.0);
        assertThat(items.valueStream().map(i -> i.get("route").asString()))
                .as("the dashboard's own calls are not the host's API")
                .noneMatch(route -> route.startsWith("/vedette"));
    }

    @Test
    void theEndpointListNeedsTheDashboardLogin() throws Exception {
        assertThat(call("/vedette/api/endpoints", false).statusCode()).isEqualTo(401);
        // path tricks are refused or sent to the login page, never answered with the data
        for (String path :
                List.of("/vedette/api/endpoints;x=1", "/vedette/API/endpoints", "/vedette/api/./endpoints")) {
            HttpResponse<String> r = call(path, false);
            assertThat(r.statusCode()).as(path).isIn(303, 400, 401, 404);
            assertThat(r.body()).as(path).doesNotContain("slowThresholdMs");
        }
    }

    private static JsonNode row(JsonNode items, String method, String route) {
        return items.valueStream()
                .filter(i -> i.get("method").asString().equals(method)
                        && i.get("route").asString().equals(route))
                .findFirst()
                .orElseThrow(() -> new AssertionError(method + " " + route + " not in " + items));
    }
}
