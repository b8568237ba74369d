package dev.vedette.spring.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.spring.dashboard.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every ingest route and the admin keys routes, requested with a valid key in odd spellings of the
 * path over a raw socket (so the server sees the bytes as sent): path parameters, encoded slashes,
 * encoded letters and dots, dot segments, double slashes, other letter case. None gets a 2xx, and
 * none of the records is taken.
 */
@SpringBootTest(
        classes = IngestTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vedette.ingest.enabled=true",
            "vedette.dashboard.token=" + IngestTestApp.TOKEN,
            "vedette.ingest.keys[0].name=checkout",
            "vedette.ingest.keys[0].scope=ingest",
            "vedette.ingest.keys[0].key=" + IngestTestApp.INGEST_KEY,
            "vedette.ingest.keys[1].name=ops",
            "vedette.ingest.keys[1].scope=admin",
            "vedette.ingest.keys[1].key=" + IngestTestApp.ADMIN_KEY
        })
class IngestPathSpellingHttpTest {
    record Spelling(String name, UnaryOperator<String> spell, Set<Integer> allowed) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Route(String method, String path, String key, String body) {}

    /** Each spelling of {@code /vedette/<rest>}; the statuses it may get (never a 2xx). */
    static final List<Spelling> SPELLINGS = List.of(
            new Spelling("path parameter on the base", p -> p.replaceFirst("/vedette", "/vedette;x=1"), Set.of(400)),
            new Spelling(
                    "empty path parameter",
                    p -> p.replaceFirst("/ingest", ";/ingest").replaceFirst("/api", ";/api"),
                    Set.of(400)),
            new Spelling("jsessionid", p -> p + ";jsessionid=abc", Set.of(400)),
            new Spelling("path parameter on the version", p -> p.replace("/v1/", "/v1;x=1/"), Set.of(400)),
            new Spelling("encoded slash", p -> p.replaceFirst("/vedette/", "/vedette%2F"), Set.of(400)),
            new Spelling("encoded slash, lower case", p -> p.replaceFirst("/vedette/", "/vedette%2f"), Set.of(400)),
            new Spelling("encoded backslash", p -> p.replaceFirst("/vedette/", "/vedette%5C"), Set.of(400)),
            new Spelling("encoded letter", p -> p.replaceFirst("/vedette/", "/v%65dette/"), Set.of(400)),
            new Spelling(
                    "encoded letter in the route",
                    p -> p.replace("/v1/t", "/v1/%74")
                            .replace("/v1/l", "/v1/%6C")
                            .replace("/v1/a", "/v1/%61")
                            .replace("/v1/c", "/v1/%63")
                            .replace("/api/k", "/api/%6B"),
                    Set.of(400)),
            new Spelling("double-encoded letter", p -> p.replaceFirst("/vedette/", "/v%2565dette/"), Set.of(400, 404)),
            new Spelling("dot segment", p -> p.replaceFirst("/vedette/", "/vedette/./"), Set.of(400)),
            new Spelling("encoded dot segment", p -> p.replaceFirst("/vedette/", "/vedette/%2e/"), Set.of(400)),
            new Spelling("dot-dot segment", p -> "/x/.." + p, Set.of(400)),
            new Spelling("encoded dot-dot", p -> "/x/%2E%2E" + p, Set.of(400)),
            new Spelling("dot-dot with a path parameter", p -> "/x/..;" + p, Set.of(400)),
            new Spelling("double slash", p -> p.replaceFirst("/vedette/", "/vedette//"), Set.of(400)),
            new Spelling("leading double slash", p -> "/" + p, Set.of(400)),
            new Spelling("upper case base", p -> p.replaceFirst("/vedette/", "/VEDETTE/"), Set.of(400)),
            // /vedette/Api/keys is a dashboard page path (no such page: 404), not the API
            new Spelling(
                    "mixed case segment",
                    p -> p.replaceFirst("/ingest/", "/Ingest/").replaceFirst("/api/", "/Api/"),
                    Set.of(400, 404)),
            new Spelling(
                    "upper-case route",
                    p -> p.replaceFirst("/transactions", "/TRANSACTIONS").replaceFirst("/keys", "/KEYS"),
                    Set.of(400, 404)));

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    List<Route> routes(String marker) {
        String tx = "{\"id\": \"" + marker + "\", \"status\": \"PENDING\"}";
        return List.of(
                new Route("POST", "/vedette/ingest/v1/transactions", IngestTestApp.INGEST_KEY, tx),
                new Route("POST", "/vedette/ingest/v1/transactions", IngestTestApp.ADMIN_KEY, tx),
                new Route(
                        "POST",
                        "/vedette/ingest/v1/logs",
                        IngestTestApp.INGEST_KEY,
                        "{\"level\": \"INFO\", \"message\": \"" + marker + "\"}"),
                new Route(
                        "POST",
                        "/vedette/ingest/v1/alerts",
                        IngestTestApp.INGEST_KEY,
                        "{\"title\": \"" + marker + "\", \"severity\": \"LOW\"}"),
                new Route("POST", "/vedette/ingest/v1/checkins/" + marker, IngestTestApp.INGEST_KEY, "{}"),
                new Route("GET", "/vedette/api/keys", IngestTestApp.ADMIN_KEY, ""),
                new Route("POST", "/vedette/api/keys", IngestTestApp.ADMIN_KEY, "{\"name\": \"" + marker + "\"}"));
    }

    @Test
    void theCanonicalSpellingWorksForEachRoute() throws Exception {
        RawHttp http = new RawHttp(port);
        for (Route r : routes("canonical")) {
            RawHttp.Response response =
                    http.exchange(r.method(), r.path(), headers(r), r.method().equals("GET") ? null : r.body());
            assertThat(response.status()).as("%s %s", r.method(), r.path()).isBetween(200, 299);
        }
    }

    @Test
    void noOddSpellingGetsA2xxWithAValidKeyAndNothingIsTaken() throws Exception {
        RawHttp http = new RawHttp(port);
        long keysBefore = monitor.apiKeys().list().size();
        SoftAssertions soft = new SoftAssertions();
        for (Route r : routes("path-trick")) {
            for (Spelling s : SPELLINGS) {
                String target = s.spell().apply(r.path());
                if (target.equals(r.path())) {
                    continue;
                }
                RawHttp.Response response =
                        http.exchange(r.method(), target, headers(r), r.method().equals("GET") ? null : r.body());
                soft.assertThat(response.status())
                        .as("%s %s (%s)", r.method(), target, s)
                        .isIn(s.allowed());
                RawHttp.Response anonymous = http.exchange(
                        r.method(),
                        target,
                        List.of("Content-Type: application/json"),
                        r.method().equals("GET") ? null : r.body());
                // 4xx, or the dashboard's redirect to its login form for what is a page path
                soft.assertThat(anonymous.status())
                        .as("anonymous %s %s (%s)", r.method(), target, s)
                        .isIn(List.of(303, 400, 401, 404));
            }
        }
        soft.assertAll();
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(monitor.transactions().get("path-trick")).isEmpty();
        assertThat(monitor.alerts().active())
                .noneSatisfy(a -> assertThat(a.title()).isEqualTo("path-trick"));
        assertThat(monitor.health().isHeartbeat("path-trick")).isFalse();
        assertThat(monitor.apiKeys().list()).hasSize((int) keysBefore);
    }

    private static List<String> headers(Route r) {
        List<String> headers = new ArrayList<>();
        headers.add("Authorization: Bearer " + r.key());
        headers.add("Content-Type: application/json");
        return headers;
    }
}
