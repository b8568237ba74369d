package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard behind a real Spring Security filter chain ({@link DashboardSecuredTestApp}: form
 * login, HTTP Basic, Spring's CSRF protection and logout), driven over HTTP the way a browser does
 * it: each {@link Browser} keeps its cookies and signs in through Spring Security's login form with
 * the form's CSRF token.
 */
@SpringBootTest(classes = DashboardSecuredTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardSpringSecurityTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern FORM_CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final String JSON_TYPE = "application/json";
    private static final String HTML = "text/html,application/xhtml+xml";

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    @Autowired
    DashboardAccess access;

    @Autowired
    DashboardEventStream events;

    @BeforeAll
    void seed() {
        DashboardTestApp.seed(monitor);
    }

    @Test
    void dashboardDefersToSpringSecurityAndOffersNoTokenForm() {
        assertThat(access.mode()).isEqualTo(DashboardAccess.Mode.SPRING_SECURITY);
        assertThat(access.loginFormEnabled()).isFalse();
    }

    @Test
    void anonymousPagesAreRedirectedToSpringSecuritysLoginPage() throws Exception {
        Browser anonymous = new Browser();
        for (String page : List.of("/vedette", "/vedette/", "/vedette/transactions", "/vedette/alerts")) {
            HttpResponse<String> r = anonymous.get(page, HTML);
            assertThat(r.statusCode()).as(page).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).as(page).hasValue(url("/login"));
            assertThat(r.body()).as(page).doesNotContain("txn-");
        }
        HttpResponse<String> login = anonymous.get("/login", HTML);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"username\"").contains("name=\"_csrf\"");
    }

    @Test
    void anonymousApiRequestsAreRefusedWithoutData() throws Exception {
        Browser anonymous = new Browser();
        for (String api : List.of("/vedette/api/overview", "/vedette/api/transactions", "/vedette/api/session")) {
            HttpResponse<String> r = anonymous.get(api, JSON_TYPE);
            assertThat(r.statusCode()).as(api).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .as(api)
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(r.body()).as(api).doesNotContain("txn-").doesNotContain("revenue");
        }
        AlertRecord a = monitor.raiseAlert(Alert.high("Anonymous probe").build());
        HttpResponse<String> post = anonymous.post("/vedette/api/alerts/" + a.id() + "/acknowledge", Map.of());
        assertThat(post.statusCode()).isEqualTo(401);
        assertThat(status(a)).isEqualTo(AlertStatus.OPEN);
    }

    @Test
    void wrongPasswordsAreRefused() throws Exception {
        Browser guesser = new Browser();
        HttpResponse<String> form = guesser.submitLogin(DashboardSecuredTestApp.OPS, "not-the-password");
        assertThat(form.statusCode()).isEqualTo(302);
        assertThat(form.headers().firstValue("Location")).hasValue(url("/login?error"));
        assertThat(guesser.get("/vedette/api/overview", JSON_TYPE).statusCode()).isEqualTo(401);
        assertThat(new Browser()
                        .basic(DashboardSecuredTestApp.OPS, "not-the-password")
                        .get("/vedette/api/overview", JSON_TYPE)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void signedInUserWithoutTheRoleGets403AndNoData() throws Exception {
        Browser intruder = new Browser();
        intruder.login(DashboardSecuredTestApp.INTRUDER);
        for (String api : List.of(
                "/vedette/api/overview",
                "/vedette/api/transactions",
                "/vedette/api/transactions/txn-ok-1",
                "/vedette/api/session",
                "/vedette/api/reports/transactions.csv")) {
            HttpResponse<String> r = intruder.get(api, JSON_TYPE);
            assertThat(r.statusCode()).as(api).isEqualTo(403);
            assertThat(r.body())
                    .as(api)
                    .contains("the dashboard requires another role")
                    .doesNotContain("txn-")
                    .doesNotContain("@example.com");
        }
        HttpResponse<String> page = intruder.get("/vedette/", HTML);
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).doesNotContain("app.js");
        assertThat(intruder.get("/vedette/api/events", "text/event-stream").statusCode())
                .isEqualTo(403);

        // Spring's CSRF token (from its login page) gets the POST past Spring Security; the dashboard refuses it
        AlertRecord a = monitor.raiseAlert(Alert.high("Intruder probe").build());
        String springCsrf = intruder.formCsrf();
        HttpResponse<String> post =
                intruder.post("/vedette/api/alerts/" + a.id() + "/acknowledge", Map.of("X-CSRF-TOKEN", springCsrf));
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(post.body()).contains("the dashboard requires another role");
        assertThat(status(a)).isEqualTo(AlertStatus.OPEN);

        HttpResponse<String> basic = new Browser()
                .basic(DashboardSecuredTestApp.INTRUDER, DashboardSecuredTestApp.PASSWORD)
                .get("/vedette/api/overview", JSON_TYPE);
        assertThat(basic.statusCode()).isEqualTo(403);
        assertThat(basic.body()).doesNotContain("txn-");
    }

    @Test
    void adminSeesTheSeededOverviewAndTransactions() throws Exception {
        Browser ops = new Browser();
        ops.login(DashboardSecuredTestApp.OPS);

        HttpResponse<String> page = ops.get("/vedette/", HTML);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/vedette/assets/app.js");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(v -> assertThat(v).contains("script-src 'self'"));

        JsonNode session = ops.json("/vedette/api/session");
        assertThat(session.get("user").asString()).isEqualTo(DashboardSecuredTestApp.OPS);
        assertThat(session.get("mode").asString()).isEqualTo("SPRING_SECURITY");
        assertThat(session.get("logout").asBoolean()).isFalse();
        assertThat(session.get("springCsrf").get("headerName").asString()).isEqualTo("X-CSRF-TOKEN");
        assertThat(session.get("springCsrf").get("token").asString()).isNotBlank();

        JsonNode overview = ops.json("/vedette/api/overview");
        assertThat(overview.get("today").get("transactions").asLong()).isEqualTo(7);
        assertThat(overview.get("today").get("revenue").toString())
                .contains("{\"currency\":\"EUR\",\"amount\":\"45.00\"}");
        assertThat(overview.get("health").get("components").toString()).contains("\"name\":\"smtp\"");

        JsonNode failed = ops.json("/vedette/api/transactions?status=FAILED,ERROR");
        assertThat(failed.get("items"))
                .extracting(t -> t.get("id").asString())
                .containsExactlyInAnyOrder("txn-hostile", "txn-formula");
        JsonNode detail = ops.json("/vedette/api/transactions/txn-ok-1");
        assertThat(detail.get("customerEmail").asString()).isEqualTo("ada@example.com");
    }

    @Test
    void scriptsCanReadOverHttpBasic() throws Exception {
        Browser script = new Browser().basic(DashboardSecuredTestApp.OPS, DashboardSecuredTestApp.PASSWORD);
        JsonNode overview = script.json("/vedette/api/overview");
        assertThat(overview.get("today").get("transactions").asLong()).isEqualTo(7);
    }

    @Test
    void actionsNeedSpringsAndTheDashboardsCsrfTokenAndAreAuditedWithTheUserName() throws Exception {
        Browser ops = new Browser();
        ops.login(DashboardSecuredTestApp.OPS);
        JsonNode session = ops.json("/vedette/api/session");
        String springHeader = session.get("springCsrf").get("headerName").asString();
        String springToken = session.get("springCsrf").get("token").asString();
        String vedetteHeader = session.get("csrfHeader").asString();
        String vedetteToken = session.get("csrfToken").asString();
        AlertRecord a = monitor.raiseAlert(
                Alert.critical("Refund webhook backlog").component("webhooks").build());
        String acknowledge = "/vedette/api/alerts/" + a.id() + "/acknowledge";

        assertThat(ops.post(acknowledge, Map.of()).statusCode()).isEqualTo(403);
        assertThat(ops.post(acknowledge, Map.of(vedetteHeader, vedetteToken)).statusCode())
                .isEqualTo(403);
        String anotherSessionsToken = new Browser().formCsrf();
        assertThat(ops.post(acknowledge, Map.of(springHeader, anotherSessionsToken, vedetteHeader, vedetteToken))
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> springOnly = ops.post(acknowledge, Map.of(springHeader, springToken));
        assertThat(springOnly.statusCode()).isEqualTo(403);
        assertThat(springOnly.body()).contains("missing or invalid CSRF token");
        assertThat(status(a)).isEqualTo(AlertStatus.OPEN);
        assertThat(monitor.audit(50, null).items()).noneMatch(e -> a.id().equals(e.target()));

        HttpResponse<String> ok = ops.post(acknowledge, Map.of(springHeader, springToken, vedetteHeader, vedetteToken));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("acknowledgedBy").asString()).isEqualTo(DashboardSecuredTestApp.OPS);
        assertThat(status(a)).isEqualTo(AlertStatus.ACKNOWLEDGED);
        assertThat(monitor.audit(50, null).items())
                .filteredOn(e -> a.id().equals(e.target()))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.action()).isEqualTo("alert.acknowledge");
                    assertThat(e.actor()).isEqualTo(DashboardSecuredTestApp.OPS);
                });
        assertThat(ops.json("/vedette/api/audit").get("items").toString())
                .contains("\"actor\":\"ops\"")
                .contains(a.id());
    }

    @Test
    void signingOutOfSpringSecurityEndsAccess() throws Exception {
        Browser ops = new Browser();
        ops.login(DashboardSecuredTestApp.OPS);
        JsonNode session = ops.json("/vedette/api/session");
        String springToken = session.get("springCsrf").get("token").asString();

        HttpResponse<String> logout = ops.postForm("/logout", Map.of("_csrf", springToken));
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location")).hasValue(url("/login?logout"));

        HttpResponse<String> api = ops.get("/vedette/api/overview", JSON_TYPE);
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.body()).doesNotContain("txn-");
        HttpResponse<String> page = ops.get("/vedette/", HTML);
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue(url("/login"));
    }

    @Test
    void liveStreamOpensForTheAdmin() throws Exception {
        Browser ops = new Browser();
        ops.login(DashboardSecuredTestApp.OPS);
        HttpResponse<Stream<String>> r = ops.client
                .sendAsync(
                        ops.request("/vedette/api/events", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        try (Stream<String> lines = r.body()) {
            assertThat(r.statusCode()).isEqualTo(200);
            List<String> hello = CompletableFuture.supplyAsync(
                            () -> lines.takeWhile(l -> !l.isEmpty()).toList())
                    .get(10, TimeUnit.SECONDS);
            assertThat(hello).contains("event:hello");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // ends the event stream bean
    void streamEndsCleanlyWhenTheServerCompletesIt() throws Exception {
        Browser ops = new Browser();
        ops.login(DashboardSecuredTestApp.OPS);
        HttpResponse<Stream<String>> r = ops.client
                .sendAsync(
                        ops.request("/vedette/api/events", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        try (Stream<String> lines = r.body()) {
            Iterator<String> it = lines.iterator();
            CompletableFuture<List<String>> rest = CompletableFuture.supplyAsync(() -> {
                List<String> seen = new ArrayList<>();
                it.forEachRemaining(seen::add);
                return seen;
            });
            // the completion is dispatched back through both filter chains; the user must still be known there
            events.destroy();
            List<String> all = rest.get(10, TimeUnit.SECONDS);
            assertThat(all).contains("event:hello");
            assertThat(String.join("\n", all)).doesNotContain("error").doesNotContain("status");
        }
    }

    private AlertStatus status(AlertRecord a) {
        return monitor.alerts().get(a.id()).orElseThrow().status();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** A cookie-keeping HTTP client that does what a browser without JavaScript does. */
    private final class Browser {
        final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        private String authorization;

        Browser basic(String user, String password) {
            authorization = "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        HttpRequest.Builder request(String path, String accept) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                    .timeout(Duration.ofSeconds(10))
                    .header("Accept", accept);
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            return b;
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path, String accept) throws Exception {
            return send(request(path, accept));
        }

        JsonNode json(String path) throws Exception {
            HttpResponse<String> r = get(path, JSON_TYPE);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith(JSON_TYPE));
            return JSON.readTree(r.body());
        }

        HttpResponse<String> post(String path, Map<String, String> headers) throws Exception {
            HttpRequest.Builder b = request(path, JSON_TYPE).POST(HttpRequest.BodyPublishers.noBody());
            headers.forEach(b::header);
            return send(b);
        }

        HttpResponse<String> postForm(String path, Map<String, String> fields) throws Exception {
            String body = fields.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(request(path, HTML)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        /** The CSRF token in Spring Security's login form. */
        String formCsrf() throws Exception {
            HttpResponse<String> page = get("/login", HTML);
            assertThat(page.statusCode()).isEqualTo(200);
            Matcher m = FORM_CSRF.matcher(page.body());
            if (!m.find()) {
                throw new AssertionError("no _csrf field in the login page: " + page.body());
            }
            return m.group(1);
        }

        HttpResponse<String> submitLogin(String user, String password) throws Exception {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("username", user);
            fields.put("password", password);
            fields.put("_csrf", formCsrf());
            return postForm("/login", fields);
        }

        void login(String user) throws Exception {
            HttpResponse<String> r = submitLogin(user, DashboardSecuredTestApp.PASSWORD);
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).hasValue(url("/"));
        }
    }
}
