package dev.vedette.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.Transaction;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small payments app on a real PostgreSQL, in a schema of its own: transactions recorded over
 * HTTP reach the JdbcStore, Actuator health shows Vedette, Micrometer counts them, and an alert
 * raised over HTTP reaches Slack (a MockWebServer). The app's own Flyway migrates first; Vedette
 * migrates its tables under its own history table next to it.
 */
@SpringBootTest(
        classes = PostgresIntegrationTest.PaymentsApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.endpoints.web.exposure.include=health",
            "management.endpoint.health.show-details=always",
            "vedette.checks.disk-space.enabled=false",
            "vedette.pipeline.max-batch-delay=5ms"
        })
class PostgresIntegrationTest {
    private static final String URL =
            System.getProperty("vedette.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String SCHEMA =
            "vedette_starter_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final MockWebServer slack = new MockWebServer();

    @Autowired
    Monitor monitor;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EndpointStats endpoints;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void database() throws Exception {
        try (Connection c = DriverManager.getConnection(URL)) {
            c.createStatement().execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            String reason = "PostgreSQL at " + URL + " is not reachable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason, e);
            }
            Assumptions.abort(reason);
        }
        slack.enqueue(new MockResponse.Builder().code(200).body("ok").build());
        slack.start();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        slack.close();
        try (Connection c = DriverManager.getConnection(URL)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            // unreachable: the test was skipped
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL + "&currentSchema=" + SCHEMA);
        registry.add(
                "vedette.notifiers.slack.webhook-url",
                () -> slack.url("/services/T0/B0/x").toString());
    }

    @Test
    void transactionsRecordedOverHttpReachThePostgresStoreTheMetersAndTheEndpointStats() throws Exception {
        assertThat(post("/payments/txn-1?status=COMPLETED").statusCode()).isEqualTo(200);
        assertThat(post("/payments/txn-2?status=FAILED").statusCode()).isEqualTo(200);
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(monitor.toString()).contains("store=JdbcStore");
        assertThat(monitor.transactions().get("txn-1"))
                .hasValueSatisfying(t -> assertThat(t.status().code()).isEqualTo("COMPLETED"));
        assertThat(meters.get("vedette.transactions.recorded")
                        .tag("status", "FAILED")
                        .tag("provider", "paypal")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("vedette.pipeline.written").functionCounter().count())
                .isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(endpoints.endpoint("POST", "/payments/{id}"))
                        .hasValueSatisfying(e -> assertThat(e.count()).isEqualTo(2)));
    }

    @Test
    void actuatorHealthShowsVedette() throws Exception {
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"vedette\":{").contains("\"deadDeliveries\"");
    }

    @Test
    void anAlertRaisedOverHttpReachesSlack() throws Exception {
        assertThat(post("/alerts?title=PayPal%20API%20failing").statusCode()).isEqualTo(200);

        RecordedRequest request = slack.takeRequest(10, TimeUnit.SECONDS);

        assertThat(request).isNotNull();
        assertThat(request.getTarget()).isEqualTo("/services/T0/B0/x");
        assertThat(request.getBody().utf8()).contains("PayPal API failing");
    }

    @Test
    void theAppsFlywayAndVedettesMigrationsKeepTheirOwnHistoryTables() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(URL);
                ResultSet rs = c.getMetaData().getTables(null, SCHEMA, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        assertThat(tables)
                .contains("orders", "flyway_schema_history", "vedette_schema_history", "vedette_transactions");
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The application under test; without Spring Security (on the test classpath for the dashboard's tests). */
    @SpringBootConfiguration
    @EnableAutoConfiguration(
            exclude = {
                SecurityAutoConfiguration.class,
                UserDetailsServiceAutoConfiguration.class,
                ServletWebSecurityAutoConfiguration.class,
                SecurityFilterAutoConfiguration.class,
                ManagementWebSecurityAutoConfiguration.class
            })
    @Import(PaymentsController.class)
    static class PaymentsApp {}

    /** Records payments and raises alerts the way a host application would. */
    @RestController
    static class PaymentsController {
        private final Monitor monitor;

        PaymentsController(Monitor monitor) {
            this.monitor = monitor;
        }

        @PostMapping("/payments/{id}")
        String pay(@PathVariable String id, @RequestParam String status) {
            monitor.recordTransaction(Transaction.builder(id)
                    .status(status)
                    .amount("19.99", "USD")
                    .provider("paypal")
                    .build());
            return id;
        }

        @PostMapping("/alerts")
        String alert(@RequestParam String title) {
            return monitor.raiseAlert(Alert.critical(title).component("paypal").build())
                    .id();
        }
    }
}
