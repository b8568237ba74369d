package dev.vedette.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Issue #16 item 9: what a shopper types never turns the demo's checkout into a 500. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:demo-hostile;DB_CLOSE_DELAY=-1",
            "vedette.spool.directory=${java.io.tmpdir}/vedette-demo-hostile-spool-${random.uuid}",
            "demo.traffic.enabled=false",
            "vedette.dashboard.token=test-token-0123456789"
        })
class HostileCheckoutTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    private StoredTransaction checkout(Map<String, String> fields) throws Exception {
        StringBuilder form = new StringBuilder();
        fields.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/checkout"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String orderId = response.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
        assertThat(monitor.flush(Duration.ofSeconds(10))).isTrue();
        return monitor.transactions().get(orderId).orElseThrow();
    }

    @Test
    void anHtmlEmailIsRecordedAndFlagged() throws Exception {
        StoredTransaction t = checkout(
                Map.of("email", "\"><img src=x onerror=alert(2)>@example.com", "amount", "19.99", "currency", "USD"));

        assertThat(t.customerEmail()).isEqualTo("\"><img src=x onerror=alert(2)>@example.com");
        assertThat(t.metadata().get(Transaction.FLAGS_KEY)).asString().contains("customerEmail");
    }

    @Test
    void anHtmlCurrencyAndAnAmountWithTooManyDigitsAreRecordedAndFlagged() throws Exception {
        StoredTransaction html =
                checkout(Map.of("email", "ada@example.com", "amount", "19.99", "currency", "<b>X</b>"));
        StoredTransaction scale = checkout(Map.of("email", "ada@example.com", "amount", "1.999", "currency", "USD"));

        assertThat(html.money()).isNull();
        assertThat(html.metadata().get(Transaction.FLAGS_KEY)).asString().contains("<b>X</b>");
        assertThat(scale.money()).isNull();
        assertThat(scale.metadata().get(Transaction.FLAGS_KEY)).asString().contains("1.999");
    }

    @Test
    void aMegabyteMethodOrEmailIsCutAndRecorded() throws Exception {
        String megabyte = "m".repeat(1 << 20);
        StoredTransaction method = checkout(Map.of("email", "ada@example.com", "amount", "5.00", "method", megabyte));
        StoredTransaction email = checkout(Map.of("email", megabyte + "@example.com", "amount", "5.00"));

        assertThat(method.paymentMethod()).hasSize(Transaction.MAX_CODE_LENGTH).endsWith("…[truncated]");
        assertThat(email.customerEmail()).hasSize(Transaction.MAX_EMAIL_LENGTH).endsWith("…[truncated]");
    }
}
