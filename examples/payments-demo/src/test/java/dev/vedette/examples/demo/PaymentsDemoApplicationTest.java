package dev.vedette.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.TransactionQuery;
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

/** The demo boots on its embedded defaults, takes a checkout over HTTP and Vedette sees it. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:demo-test;DB_CLOSE_DELAY=-1",
            "vedette.spool.directory=${java.io.tmpdir}/vedette-demo-test-spool-${random.uuid}",
            "demo.traffic.enabled=false",
            "vedette.dashboard.token=test-token-0123456789"
        })
class PaymentsDemoApplicationTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    @Autowired
    SimulatedProvider provider;

    private HttpResponse<String> post(String path, String form) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void checkoutIsRecordedWithItsTimelineInTheJdbcStore() throws Exception {
        provider.declineRate(0);
        HttpResponse<String> response = post("/api/checkout", "email=ada%40example.com&amount=19.99&currency=EUR");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();

        List<StoredTransaction> all = monitor.transactions()
                .search(TransactionQuery.builder()
                        .customerEmail("ada@example.com")
                        .build())
                .items();
        assertThat(all).hasSize(1);
        StoredTransaction t = monitor.transactions().get(all.get(0).id()).orElseThrow();
        assertThat(t.customerEmail()).isEqualTo("ada@example.com");
        assertThat(t.status()).isIn(TransactionStatus.COMPLETED, TransactionStatus.ERROR);
        assertThat(t.timeline()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(monitor.toString()).contains("store=JdbcStore");
    }

    @Test
    void providerOutageTurnsPaymentsIntoErrors() throws Exception {
        post("/api/provider", "outage=true");
        try {
            HttpResponse<String> response = post("/api/checkout", "email=bob%40example.com&amount=5.00");
            assertThat(response.body()).contains("\"outcome\":\"ERROR\"");
        } finally {
            post("/api/provider", "outage=false");
        }
    }

    @Test
    void dashboardIsClosedToAnonymousUsers() throws Exception {
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/vedette/api/overview"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> withToken = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/vedette/api/overview"))
                        .header("Authorization", "Bearer test-token-0123456789")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).isEqualTo(200);
    }
}
