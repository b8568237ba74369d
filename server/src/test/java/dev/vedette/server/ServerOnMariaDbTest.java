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

/** The server on MariaDB with nothing but the URL: its driver is in the jar, the tables are made. */
@ExtendWith(OutputCaptureExtension.class)
class ServerOnMariaDbTest {
    private static final String URL =
            System.getProperty("vedette.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test?user=root");
    private static final String DATABASE =
            "vedette_server_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeAll
    static void database() {
        try (Connection c = DriverManager.getConnection(URL)) {
            c.createStatement().execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            String reason = "MariaDB at " + URL + " is not reachable: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(reason, e);
            }
            Assumptions.abort(reason);
        }
    }

    @AfterAll
    static void dropDatabase() {
        try (Connection c = DriverManager.getConnection(URL)) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + DATABASE);
        } catch (SQLException e) {
            // unreachable: the test was skipped
        }
    }

    @Test
    void aUrlAloneRunsTheServerOnMariaDb(CapturedOutput output) throws Exception {
        String url = URL.replaceFirst("^(jdbc:[a-z]+://[^/?]+)(/[^?]*)?", "$1/" + DATABASE);
        try (ConfigurableApplicationContext server = SpringApplication.run(
                VedetteServer.class,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + url,
                "--spring.jmx.enabled=false",
                "--vedette.checks.disk-space.enabled=false",
                "--vedette.pipeline.max-batch-delay=5ms")) {
            Matcher admin = ServerProcess.ADMIN_KEY.matcher(output.getOut());
            assertThat(admin.find())
                    .as("the admin key printed on an empty MariaDB database")
                    .isTrue();
            String base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> posted = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/vedette/ingest/v1/transactions"))
                            .header("Authorization", "Bearer " + admin.group(1))
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"id\": \"maria-1\", \"status\": \"COMPLETED\", \"amount\": \"12.50\", \"currency\": \"EUR\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(http.send(
                                            HttpRequest.newBuilder(
                                                            URI.create(base + "/vedette/api/transactions/maria-1"))
                                                    .header("Authorization", "Bearer " + admin.group(1))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body())
                            .contains("\"amount\":\"12.50\""));
            assertThat(server.getEnvironment().getProperty("spring.datasource.url"))
                    .startsWith("jdbc:mariadb:");
        }
    }
}
