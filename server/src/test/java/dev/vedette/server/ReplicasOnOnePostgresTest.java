package dev.vedette.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Two servers on one PostgreSQL schema behave as one: the second start finds the first one's admin
 * key and prints none, a record sent to one is read back from the other, observations of one
 * transaction sent to different replicas merge into one timeline, an alert raised on both is one
 * alert, and a key created on one is accepted by the other.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplicasOnOnePostgresTest {
    private static final String URL =
            System.getProperty("vedette.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String SCHEMA =
            "vedette_server_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void database() {
        try (Connection c = DriverManager.getConnection(URL)) {
            c.createStatement().execute("CREATE SCHEMA " + SCHEMA);
        } catch (SQLException e) {
            String reason = "PostgreSQL at " + URL + " is not reachable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason, e);
            }
            Assumptions.abort(reason);
        }
    }

    @AfterAll
    static void dropSchema() {
        try (Connection c = DriverManager.getConnection(URL)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } catch (SQLException e) {
            // unreachable: the test was skipped
        }
    }

    static ConfigurableApplicationContext replica() {
        return SpringApplication.run(
                VedetteServer.class,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + URL + "&currentSchema=" + SCHEMA,
                "--spring.jmx.enabled=false",
                "--vedette.checks.disk-space.enabled=false",
                "--vedette.pipeline.max-batch-delay=5ms");
    }

    @Test
    void twoReplicasOnOneSchemaShareRecordsAlertsAndKeys(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext a = replica()) {
            Matcher first = ServerProcess.ADMIN_KEY.matcher(output.getOut());
            assertThat(first.find())
                    .as("the first replica on an empty schema prints an admin key")
                    .isTrue();
            String admin = first.group(1);
            int printedBefore = output.getOut().length();
            try (ConfigurableApplicationContext b = replica()) {
                assertThat(output.getOut().substring(printedBefore))
                        .as("the second replica finds the admin key in the database")
                        .contains("Vedette server is ready")
                        .doesNotContainPattern(ServerProcess.ADMIN_KEY);
                String urlA = base(a);
                String urlB = base(b);

                String id = "replica-" + UUID.randomUUID();
                assertThat(post(urlA, "transactions", admin, """
                                {"id": "%s", "status": "PENDING", "amount": "49.00", "currency": "EUR", "step": "user_created"}
                                """.formatted(id)).statusCode())
                        .isEqualTo(202);
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(get(urlB, "transactions/" + id, admin))
                                .satisfies(r -> assertThat(r.statusCode()).isEqualTo(200))
                                .satisfies(r -> assertThat(r.body()).contains("\"status\":\"PENDING\"")));

                assertThat(post(urlB, "transactions", admin, """
                                [{"id": "%s", "status": "COMPLETED", "step": "email_sent"}]
                                """.formatted(id)).statusCode())
                        .isEqualTo(202);
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(
                                        get(urlA, "transactions/" + id, admin).body())
                                .contains("\"status\":\"COMPLETED\"")
                                .contains("\"eventCount\":2")
                                .contains("user_created")
                                .contains("email_sent"));

                String alert = """
                        {"title": "PayPal capture failing", "severity": "HIGH", "component": "paypal", "dedupKey": "%s"}
                        """.formatted("paypal-" + id);
                HttpResponse<String> raisedOnA = post(urlA, "alerts", admin, alert);
                HttpResponse<String> raisedOnB = post(urlB, "alerts", admin, alert);
                assertThat(raisedOnA.statusCode()).as(raisedOnA.body()).isEqualTo(201);
                assertThat(raisedOnA.body()).contains("\"deduplicated\":false");
                assertThat(raisedOnB.body())
                        .as("the same alert raised on the other replica")
                        .contains("\"deduplicated\":true")
                        .contains("\"occurrences\":2");

                HttpResponse<String> created = http.send(
                        HttpRequest.newBuilder(URI.create(urlA + "/vedette/api/keys"))
                                .header("Authorization", "Bearer " + admin)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"name\": \"checkout\", \"scope\": \"ingest\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                Matcher ingestKey = ServerProcess.KEY.matcher(created.body());
                assertThat(ingestKey.find()).as(created.body()).isTrue();
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(post(urlB, "logs", ingestKey.group(), """
                                                {"level": "INFO", "message": "key from the other replica"}
                                                """)
                                        .statusCode())
                                .as("a key created on one replica, used on the other")
                                .isEqualTo(202));
            }
        }
    }

    private static String base(ConfigurableApplicationContext context) {
        Environment env = context.getEnvironment();
        return "http://127.0.0.1:" + env.getProperty("local.server.port");
    }

    private HttpResponse<String> post(String base, String path, String key, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/vedette/ingest/v1/" + path))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String base, String path, String key) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/vedette/api/" + path))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
