package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every dashboard route (pages, assets, every API call including the CSV exports and the live
 * stream, every POST) requested in every odd spelling of its path — path parameters ({@code ;x=1},
 * {@code ;}, {@code ;jsessionid=}), percent-encoded letters, encoded slashes, backslashes and dots,
 * {@code //}, {@code ..} and case variants — over a raw socket, so that the server sees the bytes as
 * sent. The servlet container decodes and normalises such paths, and Spring MVC routes them to the
 * dashboard's handlers; none of them may get past the dashboard's guard. Each subclass runs one
 * access mode with the clients that mode knows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DashboardPathSpellingTestBase {
    static final String BASE = "/vedette";

    /** Text that only a served dashboard response contains (never an error body). */
    private static final List<String> DATA = List.of(
            "@example.com",
            "\"revenue\"",
            "csrfToken",
            "event:hello",
            "var uPlot",
            "<script src",
            "--bg:",
            "login-error",
            "name=\"token\"",
            "PayPal API failing",
            "customer_email",
            "average_order_value");

    /** How one route is requested, and text its real response contains. */
    record Route(
            String method,
            String rel,
            @Nullable String body,
            @Nullable String marker) {
        @Override
        public String toString() {
            return method + " " + BASE + rel;
        }
    }

    /**
     * One way of writing a dashboard path other than the canonical one, and what else than the
     * mode's refusal it may get in any mode: Tomcat itself refuses encoded slashes and backslashes
     * (400) before the application sees them, and a double-encoded letter is, decoded once, no
     * dashboard path at all (404).
     */
    record Spelling(String name, UnaryOperator<String> spell, Set<Integer> alsoAllowed) {
        Spelling(String name, UnaryOperator<String> spell) {
            this(name, spell, Set.of());
        }

        String target(String rel) {
            return spell.apply(rel);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A client of the server: the headers it adds, and the statuses an odd spelling may get. */
    record Client(String name, List<String> headers, Set<Integer> refusals) {
        String[] headerArray() {
            return headers.toArray(String[]::new);
        }
    }

    static final List<Spelling> SPELLINGS = List.of(
            new Spelling("path parameter on the base", rel -> BASE + ";x=1" + rel),
            new Spelling("empty path parameter", rel -> BASE + ";" + rel),
            new Spelling("jsessionid path parameter", rel -> BASE + ";jsessionid=abc" + rel),
            new Spelling("path parameter on a later segment", rel -> BASE + laterSegment(rel, ";x=1")),
            new Spelling("path parameter on the last segment", rel -> BASE + (rel.isEmpty() ? "/" : rel) + ";x=1"),
            new Spelling("percent-encoded letter in the base", rel -> "/%76edette" + rel),
            new Spelling("percent-encoded upper-case letter", rel -> "/%56edette" + rel),
            new Spelling("percent-encoded letter in a later segment", rel -> encodeFirstLetter(rel)),
            new Spelling("double-encoded letter", rel -> "/%2576edette" + rel, Set.of(404)),
            new Spelling("encoded slash", rel -> BASE + "%2F" + withoutSlash(rel), Set.of(400)),
            new Spelling("encoded slash, lower case", rel -> BASE + "%2f" + withoutSlash(rel), Set.of(400)),
            new Spelling("encoded backslash", rel -> BASE + "%5C" + withoutSlash(rel), Set.of(400)),
            new Spelling("encoded dot segment", rel -> BASE + "/%2e" + rel),
            new Spelling("encoded dot-dot segment", rel -> BASE + "/x/%2E%2E" + rel),
            new Spelling("dot segment", rel -> BASE + "/." + rel),
            new Spelling("dot-dot segment", rel -> "/x/.." + BASE + rel),
            new Spelling("dot-dot with a path parameter", rel -> "/x/..;" + BASE + rel),
            new Spelling("double slash inside", rel -> BASE + "//" + withoutSlash(rel)),
            new Spelling("leading double slash", rel -> "/" + BASE + rel),
            new Spelling("upper case", rel -> BASE.toUpperCase(java.util.Locale.ROOT) + rel),
            new Spelling("mixed case", rel -> "/Vedette" + rel));

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    AlertRecord alert;
    String fingerprint;

    @BeforeAll
    void seed() {
        alert = DashboardTestApp.seed(monitor);
        fingerprint = monitor.errors()
                .groups(Set.of(ErrorGroupStatus.NEW), 10, null)
                .items()
                .get(0)
                .fingerprint();
    }

    RawHttp http() {
        return new RawHttp(port);
    }

    /** The clients of this mode; each is refused with one of its {@link Client#refusals()} on every odd spelling. */
    abstract List<Client> clients() throws IOException;

    /** A client that may use the dashboard, or null when the mode has none. */
    abstract @Nullable Client admin() throws IOException;

    /** Every route: pages, assets, each API call, the CSV exports, the stream, and every POST. */
    List<Route> routes() {
        String a = alert.id();
        String f = fingerprint;
        return List.of(
                new Route("GET", "", null, "<script src"),
                new Route("GET", "/", null, "<script src"),
                new Route("GET", "/transactions", null, "<script src"),
                new Route("GET", "/transactions/txn-ok-1", null, "<script src"),
                new Route("GET", "/health", null, "<script src"),
                new Route("GET", "/health/paypal", null, "<script src"),
                new Route("GET", "/errors", null, "<script src"),
                new Route("GET", "/alerts", null, "<script src"),
                new Route("GET", "/analytics", null, "<script src"),
                new Route("GET", "/reports", null, "<script src"),
                new Route("GET", "/login", null, null),
                new Route("GET", "/assets/app.js", null, "textContent"),
                new Route("GET", "/assets/app.css", null, "--bg:"),
                new Route("GET", "/assets/login.js", null, "login-error"),
                new Route("GET", "/assets/uplot/uPlot.iife.min.js", null, "var uPlot"),
                new Route("GET", "/api/session", null, "csrfToken"),
                new Route("GET", "/api/overview", null, "\"revenue\""),
                new Route("GET", "/api/transactions", null, "@example.com"),
                new Route("GET", "/api/transactions/txn-ok-1", null, "ada@example.com"),
                new Route("GET", "/api/health", null, "\"components\""),
                new Route("GET", "/api/health/paypal", null, "\"samples\""),
                new Route("GET", "/api/errors", null, "IllegalStateException"),
                new Route("GET", "/api/errors/" + f, null, "lastStackTrace"),
                new Route("GET", "/api/quarantine", null, "\"evicted\":0"),
                new Route("GET", "/api/logs", null, "Checkout started"),
                new Route("GET", "/api/alerts", null, "PayPal API failing"),
                new Route("GET", "/api/alerts/" + a, null, "PayPal API failing"),
                new Route("GET", "/api/silences", null, "\"items\""),
                new Route("GET", "/api/channels", null, "deliveryCounts"),
                new Route("GET", "/api/audit", null, "\"items\""),
                new Route("GET", "/api/analytics", null, "funnel"),
                new Route("GET", "/api/reports", null, "\"items\""),
                new Route("GET", "/api/reports/transactions.csv", null, "customer_email"),
                new Route("GET", "/api/reports/daily.csv", null, "average_order_value"),
                new Route("GET", "/api/events", null, null),
                new Route("POST", "/api/alerts/" + a + "/acknowledge", "", null),
                new Route("POST", "/api/alerts/" + a + "/resolve", "", null),
                new Route("POST", "/api/errors/" + f + "/resolve", "", null),
                new Route("POST", "/api/errors/" + f + "/ignore", "", null),
                new Route("POST", "/api/silences", "{\"alertId\":\"" + a + "\",\"minutes\":30}", null),
                new Route("POST", "/api/silences/no-such-silence/delete", "", null),
                new Route("POST", "/api/channels/slack/test", "", null),
                new Route("POST", "/login", "token=" + DashboardTestApp.TOKEN, null),
                new Route("POST", "/logout", "", null));
    }

    RawHttp.Response request(Route route, String target, Client client) throws IOException {
        List<String> headers = new ArrayList<>(client.headers());
        if (route.method().equals("POST")
                && route.body() != null
                && route.body().startsWith("{")) {
            headers.add("Content-Type: application/json");
        } else if (route.method().equals("POST")) {
            headers.add("Content-Type: application/x-www-form-urlencoded");
        }
        headers.add("Accept: */*");
        return http().exchange(route.method(), target, headers, route.body());
    }

    @Test
    void noOddSpellingOfAnyRouteGetsPastTheGuard() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (Client client : clients()) {
            for (Route route : routes()) {
                for (Spelling spelling : SPELLINGS) {
                    String target = spelling.target(route.rel());
                    RawHttp.Response r = request(route, target, client);
                    String what = client.name() + " " + route.method() + " " + target + " (" + spelling + ")";
                    // error bodies may echo the request path; the path is not data
                    String body = r.body().replace(target, "<path>");
                    Set<Integer> allowed = new java.util.HashSet<>(client.refusals());
                    allowed.addAll(spelling.alsoAllowed());
                    softly.assertThat(r.status()).as(what).isIn(allowed);
                    softly.assertThat(DATA).as(what).noneMatch(body::contains);
                    if (route.marker() != null) {
                        softly.assertThat(body).as(what).doesNotContain(route.marker());
                    }
                    softly.assertThat(r.headers("Set-Cookie"))
                            .as(what)
                            .noneMatch(c -> c.startsWith(DashboardAccess.SESSION_COOKIE + "=")
                                    && !c.startsWith(DashboardAccess.SESSION_COOKIE + "=;"));
                }
            }
        }
        softly.assertThat(monitor.alerts().get(alert.id()).orElseThrow().status())
                .as("the alert was not touched")
                .isEqualTo(AlertStatus.OPEN);
        softly.assertThat(monitor.errors().group(fingerprint).map(ErrorGroup::status))
                .as("the error group was not touched")
                .contains(ErrorGroupStatus.NEW);
        softly.assertThat(monitor.audit(100, null).items())
                .as("no action was taken")
                .isEmpty();
        softly.assertAll();
    }

    @Test
    void theCanonicalSpellingServesEveryReadToItsUser() throws IOException {
        Client admin = admin();
        if (admin == null) {
            return;
        }
        SoftAssertions softly = new SoftAssertions();
        for (Route route : routes()) {
            if (route.method().equals("GET") && route.marker() != null) {
                RawHttp.Response r = request(route, BASE + route.rel(), admin);
                softly.assertThat(r.status()).as(route.toString()).isEqualTo(200);
                softly.assertThat(r.body()).as(route.toString()).contains(route.marker());
            }
        }
        softly.assertAll();
    }

    @Test
    void oddSpellingsCannotTakeTheLiveStreamSlots() throws IOException {
        Client admin = admin();
        if (admin == null) {
            return;
        }
        List<RawHttp.Open> held = new ArrayList<>();
        try {
            for (Client client : clients()) {
                for (Spelling spelling : SPELLINGS) {
                    List<String> headers = new ArrayList<>(client.headers());
                    headers.add("Accept: text/event-stream");
                    held.add(http().open(spelling.target("/api/events"), headers.toArray(String[]::new)));
                }
            }
            List<String> headers = new ArrayList<>(admin.headers());
            headers.add("Accept: text/event-stream");
            try (RawHttp.Open mine = http().open(BASE + "/api/events", headers.toArray(String[]::new))) {
                assertThat(mine.response().status())
                        .as("the user's own stream, after %d odd attempts", held.size())
                        .isEqualTo(200);
                assertThat(mine.response().body()).contains("event:hello");
            }
            assertThat(held).allSatisfy(o -> assertThat(o.response().status()).isNotEqualTo(200));
        } finally {
            for (RawHttp.Open o : held) {
                o.close();
            }
        }
    }

    private static String withoutSlash(String rel) {
        return rel.startsWith("/") ? rel.substring(1) : rel;
    }

    private static String laterSegment(String rel, String parameter) {
        if (rel.isEmpty() || rel.equals("/")) {
            return "/" + parameter;
        }
        int next = rel.indexOf('/', 1);
        return next < 0 ? rel + parameter : rel.substring(0, next) + parameter + rel.substring(next);
    }

    private static String encodeFirstLetter(String rel) {
        for (int i = 1; i < rel.length(); i++) {
            char c = rel.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                return BASE + rel.substring(0, i) + String.format("%%%02X", (int) c) + rel.substring(i + 1);
            }
        }
        return "/%76edette" + rel;
    }
}
