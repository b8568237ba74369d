package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpCheckTest {
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    private static final AtomicReference<String> LAST_AUTHORIZATION = new AtomicReference<>();
    private static HttpServer server;
    private static HttpsServer tlsServer;

    @BeforeAll
    static void startServers() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", respond(200, "text/plain", "all good"));
        server.createContext(
                "/json-up",
                respond(200, "application/json", "{\"status\":\"UP\",\"checks\":[{\"name\":\"db\",\"ok\":true}]}"));
        server.createContext("/json-down", respond(200, "application/json", "{\"status\":\"DOWN\"}"));
        server.createContext("/unavailable", respond(503, "text/plain", "maintenance"));
        server.createContext("/hang", exchange -> {
            try {
                NEVER.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/needs-key", exchange -> {
            boolean ok = "k-123".equals(exchange.getRequestHeaders().getFirst("X-Api-Key"));
            respond(ok ? 200 : 401, "text/plain", ok ? "hello" : "no").handle(exchange);
        });
        server.createContext("/auth", exchange -> {
            LAST_AUTHORIZATION.set(exchange.getRequestHeaders().getFirst("Authorization"));
            respond(200, "text/plain", "ok").handle(exchange);
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();

        tlsServer = HttpsServer.create(new InetSocketAddress(loopback, 0), 0);
        tlsServer.setHttpsConfigurator(new HttpsConfigurator(TestTls.serverContext()));
        tlsServer.createContext("/ok", respond(200, "text/plain", "secure"));
        tlsServer.start();
    }

    @AfterAll
    static void stopServers() {
        NEVER.countDown();
        server.stop(0);
        tlsServer.stop(0);
    }

    private static HttpHandler respond(int status, String type, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            drain(exchange);
        };
    }

    private static void drain(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.close();
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static URI tlsUrl(String path) {
        return URI.create("https://127.0.0.1:" + tlsServer.getAddress().getPort() + path);
    }

    @Test
    void answeringEndpointIsUpWithStatusCodeAndUrlInDetails() throws Exception {
        HealthReport report = HealthChecks.http("api", url("/ok")).build().check();

        assertThat(report.status()).isEqualTo(HealthStatus.UP);
        assertThat(report.component()).isEqualTo("api");
        assertThat(report.responseTime()).isNotNull().isPositive();
        assertThat(report.details())
                .containsEntry("statusCode", 200)
                .containsEntry("url", url("/ok").toString())
                .containsEntry("method", "GET");
    }

    @Test
    void headRequestChecksOnlyTheStatus() throws Exception {
        HealthReport report =
                HealthChecks.http("api", url("/ok")).method("head").build().check();

        assertThat(report.status()).isEqualTo(HealthStatus.UP);
        assertThat(report.details()).containsEntry("method", "HEAD").containsEntry("statusCode", 200);
    }

    @Test
    void status503IsDownAndNamesTheStatusAndTheExpectedRange() throws Exception {
        HealthReport report =
                HealthChecks.http("api", url("/unavailable")).build().check();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).contains("HTTP 503").contains("expected 200-399");
        assertThat(report.details()).containsEntry("statusCode", 503);
    }

    @Test
    void expectedStatusCodesReplaceTheDefaultRange() throws Exception {
        assertThat(HealthChecks.http("api", url("/unavailable"))
                        .expectStatus(503)
                        .build()
                        .check()
                        .status())
                .isEqualTo(HealthStatus.UP);
        HealthReport report = HealthChecks.http("api", url("/ok"))
                .expectStatusRange(300, 399)
                .build()
                .check();
        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).contains("expected 300-399");
    }

    @Test
    void bodyMustContainTheExpectedText() throws Exception {
        assertThat(HealthChecks.http("api", url("/ok"))
                        .bodyContains("good")
                        .build()
                        .check()
                        .status())
                .isEqualTo(HealthStatus.UP);
        HealthReport report =
                HealthChecks.http("api", url("/ok")).bodyContains("UP").build().check();
        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).isEqualTo("response body does not contain the expected text");
    }

    @Test
    void jsonFieldWithTheExpectedValueIsUp() throws Exception {
        assertThat(HealthChecks.http("api", url("/json-up"))
                        .jsonField("$.status", "UP")
                        .build()
                        .check()
                        .status())
                .isEqualTo(HealthStatus.UP);
        assertThat(HealthChecks.http("api", url("/json-up"))
                        .jsonField("checks.0.ok", "true")
                        .build()
                        .check()
                        .status())
                .isEqualTo(HealthStatus.UP);
    }

    @Test
    void jsonFieldWithAnotherValueIsDownAndSaysWhatItWas() throws Exception {
        HealthReport report = HealthChecks.http("api", url("/json-down"))
                .jsonField("$.status", "UP")
                .build()
                .check();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).isEqualTo("$.status was \"DOWN\", expected \"UP\"");
    }

    @Test
    void missingJsonFieldOrNonJsonBodyIsDown() throws Exception {
        HealthReport missing = HealthChecks.http("api", url("/json-up"))
                .jsonField("$.health.status", "UP")
                .build()
                .check();
        HealthReport notJson = HealthChecks.http("api", url("/ok"))
                .jsonField("$.status", "UP")
                .build()
                .check();

        assertThat(missing.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(missing.message()).isEqualTo("$.health.status is missing (expected \"UP\")");
        assertThat(notJson.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(notJson.message()).isEqualTo("response body is not JSON");
    }

    @Test
    void serverThatNeverAnswersIsDownWithinTheTimeout() throws Exception {
        long start = System.nanoTime();
        HealthReport report = HealthChecks.http("api", url("/hang"))
                .timeout(Duration.ofMillis(300))
                .degradedAbove(Duration.ofMillis(100))
                .build()
                .check();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).contains("HttpTimeoutException");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void responseSlowerThanTheThresholdIsDegraded() throws Exception {
        HealthReport report = HealthChecks.http("api", url("/ok"))
                .degradedAbove(Duration.ofNanos(1))
                .build()
                .check();

        assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(report.message()).startsWith("slow: ");
    }

    @Test
    void customHeadersAreSent() throws Exception {
        assertThat(HealthChecks.http("api", url("/needs-key"))
                        .header("X-Api-Key", "k-123")
                        .build()
                        .check()
                        .status())
                .isEqualTo(HealthStatus.UP);
        assertThat(HealthChecks.http("api", url("/needs-key")).build().check().status())
                .isEqualTo(HealthStatus.DOWN);
    }

    @Test
    void userInfoAndQueryNeverAppearInTheReport() throws Exception {
        int port = server.getAddress().getPort();
        HealthReport down = HealthChecks.http(
                        "api", URI.create("http://alice:s3cret@127.0.0.1:" + port + "/unavailable?token=abc123"))
                .build()
                .check();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        HealthReport refused = HealthChecks.http(
                        "api", URI.create("http://alice:s3cret@127.0.0.1:" + closed + "/x?token=abc123"))
                .build()
                .check();

        for (HealthReport report : new HealthReport[] {down, refused}) {
            assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
            assertThat(report.toString() + report.message() + report.details())
                    .doesNotContain("s3cret")
                    .doesNotContain("alice")
                    .doesNotContain("abc123");
        }
        assertThat(down.details()).containsEntry("url", "http://127.0.0.1:" + port + "/unavailable");
    }

    @Test
    void userInfoIsSentAsBasicAuthentication() throws Exception {
        int port = server.getAddress().getPort();
        HealthChecks.http("api", URI.create("http://alice:s3cret@127.0.0.1:" + port + "/auth?x=1"))
                .build()
                .check();

        assertThat(LAST_AUTHORIZATION.get())
                .isEqualTo(
                        "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void redirectIsUpByDefaultAndFollowedWhenAsked() throws Exception {
        HealthReport notFollowed =
                HealthChecks.http("api", url("/redirect")).build().check();
        HealthReport followed = HealthChecks.http("api", url("/redirect"))
                .followRedirects(true)
                .expectStatus(200)
                .bodyContains("all good")
                .build()
                .check();

        assertThat(notFollowed.status()).isEqualTo(HealthStatus.UP);
        assertThat(notFollowed.details()).containsEntry("statusCode", 302);
        assertThat(followed.status()).isEqualTo(HealthStatus.UP);
        assertThat(followed.details()).containsEntry("statusCode", 200);
    }

    @Test
    void certificateExpiringWithinTheWarningPeriodIsDegraded() throws Exception {
        HealthReport report = HealthChecks.http("shop", tlsUrl("/ok"))
                .sslContext(TestTls.clientContext())
                .build()
                .check();

        assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(report.message()).startsWith("TLS certificate expires in 4d");
        assertThat(report.details()).containsEntry("certificateDaysLeft", 4L).containsKey("certificateExpiresAt");
    }

    @Test
    void certificateValidBeyondTheWarningPeriodIsUp() throws Exception {
        HealthReport report = HealthChecks.http("shop", tlsUrl("/ok"))
                .sslContext(TestTls.clientContext())
                .certificateExpiryWarning(Duration.ofDays(1))
                .build()
                .check();

        assertThat(report.status()).isEqualTo(HealthStatus.UP);
        assertThat(report.details()).containsEntry("statusCode", 200).containsKey("certificateExpiresAt");
    }

    @Test
    void certificateExpiryIsJudgedByTheConfiguredClock() throws Exception {
        Clock tenDaysLater = Clock.fixed(Instant.now().plus(Duration.ofDays(10)), java.time.ZoneOffset.UTC);
        HealthReport report = HealthChecks.http("shop", tlsUrl("/ok"))
                .sslContext(TestTls.clientContext())
                .clock(tenDaysLater)
                .build()
                .check();

        assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(report.message()).startsWith("TLS certificate expired at ");
    }

    @Test
    void untrustedCertificateIsDown() throws Exception {
        HealthReport report = HealthChecks.http("shop", tlsUrl("/ok")).build().check();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).contains("SSLHandshakeException");
    }

    @Test
    void builderRejectsBadOptionsNamingTheOptionAndValue() {
        assertThatThrownBy(() -> HealthChecks.http("api", URI.create("ftp://example.com/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("uri must be an http or https URL, was scheme 'ftp'");
        assertThatThrownBy(() -> HealthChecks.http("api", url("/ok")).expectStatus(99))
                .hasMessage("codes must be an HTTP status code (100-599), was 99");
        assertThatThrownBy(() -> HealthChecks.http("api", url("/ok")).expectStatusRange(400, 200))
                .hasMessage("from must not be greater than to (200), was 400");
        assertThatThrownBy(() -> HealthChecks.http("api", url("/ok")).header("Host", "evil"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("header 'Host' cannot be set");
        assertThatThrownBy(() -> HealthChecks.http("api", url("/ok")).header("X-A", "a\r\nInjected: 1"))
                .hasMessage("header 'X-A' value must not contain line breaks");
        assertThatThrownBy(() -> HealthChecks.http("api", url("/ok")).jsonField("$.a..b", "x"))
                .hasMessage("jsonPath must be a dotted path like $.status, was '$.a..b'");
        assertThatThrownBy(() -> HealthChecks.http("api", url("/ok")).method("POST"))
                .hasMessage("method must be GET or HEAD, was 'POST'");
        assertThatThrownBy(() -> HealthChecks.http("api", url("/ok"))
                        .timeout(Duration.ofSeconds(1))
                        .degradedAbove(Duration.ofSeconds(2))
                        .build())
                .hasMessage("degradedAbove must be less than timeout (PT1S), was PT2S");
        assertThatThrownBy(() -> HealthChecks.http("api", url("/ok"))
                        .method("HEAD")
                        .bodyContains("x")
                        .build())
                .hasMessage("method must be GET when bodyContains or jsonField is set, was HEAD");
        assertThatThrownBy(() -> HealthChecks.http(" ", url("/ok"))).hasMessage("name must not be blank, was ' '");
        assertThatThrownBy(() -> HealthChecks.http("api", null)).hasMessage("uri must not be null");
    }
}
