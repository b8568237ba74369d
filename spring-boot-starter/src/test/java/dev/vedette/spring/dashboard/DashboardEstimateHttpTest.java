package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * On a {@code JdbcStore} (the starter's own, on the app's H2 DataSource) the analytics page's
 * customer counts come from per-day sketches: the JSON names them in {@code estimated} and says over
 * which UTC days and with what error, so the page can say plainly that they are estimates.
 */
@SpringBootTest(
        classes = DashboardEstimateHttpTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "vedette.dashboard.token=" + DashboardTestApp.TOKEN,
            "spring.datasource.url=jdbc:h2:mem:dashboard-estimate;DB_CLOSE_DELAY=-1",
            "vedette.checks.disk-space.enabled=false"
        })
class DashboardEstimateHttpTest {
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration(
            excludeName = {
                "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
                "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration"
            })
    static class App {}

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    @Test
    void customerCountsFromSketchesAreNamedAsEstimatesWithTheirDaysAndError() throws Exception {
        assertThat(monitor.toString()).contains("JdbcStore");
        Instant now = monitor.clock().instant();
        record("e1", "Ada@Example.com", TransactionStatus.COMPLETED, now.minusSeconds(60));
        record("e2", "ada@example.com", TransactionStatus.FAILED, now.minusSeconds(50));
        record("e3", "bob@example.com", TransactionStatus.REFUNDED, now.minusSeconds(40));
        record("e4", "cleo@example.com", TransactionStatus.PENDING, now.minusSeconds(30));
        monitor.flush(Duration.ofSeconds(10));

        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/vedette/api/analytics?days=7"))
                                .header("Authorization", "Bearer " + DashboardTestApp.TOKEN)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = JsonMapper.builder().build().readTree(r.body());

        assertThat(a.get("estimated").toString()).isEqualTo("[\"uniqueCustomers\",\"payingCustomers\"]");
        JsonNode c = a.get("customers");
        assertThat(c.get("estimated").asBoolean()).isTrue();
        assertThat(c.get("unique").asLong()).isEqualTo(3); // small counts are exact in a sketch
        assertThat(c.get("paying").asLong()).isEqualTo(2); // ada, bob (refunds count as paid)
        Instant from = Instant.parse(c.get("from").asString());
        Instant to = Instant.parse(c.get("to").asString());
        assertThat(from.getEpochSecond() % 86_400).isZero();
        assertThat(to.getEpochSecond() % 86_400).isZero();
        assertThat(from).isBeforeOrEqualTo(Instant.parse(a.get("from").asString()));
        assertThat(to).isAfterOrEqualTo(Instant.parse(a.get("to").asString()));
        assertThat(c.get("relativeStandardError").asDouble()).isBetween(0.02, 0.025);
        assertThat(a.get("topFailureReasons").toString()).contains("DECLINED");
    }

    private void record(String id, String email, TransactionStatus status, Instant at) {
        monitor.recordTransaction(Transaction.builder(id)
                .status(status)
                .amount("10.00", "EUR")
                .customer(email, null)
                .error(status == TransactionStatus.FAILED ? "DECLINED" : null, null)
                .occurredAt(at)
                .build());
    }
}
