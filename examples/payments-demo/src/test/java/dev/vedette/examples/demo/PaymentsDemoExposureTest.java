package dev.vedette.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A demo gets copied into production: by default it listens on the loopback interface only, opens
 * no H2 server port, and shows anonymous callers only the health status, no details or metrics.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:demo-exposure;DB_CLOSE_DELAY=-1",
            "vedette.spool.directory=${java.io.tmpdir}/vedette-demo-exposure-spool-${random.uuid}",
            "demo.traffic.enabled=false",
            "vedette.dashboard.token=test-token-0123456789"
        })
class PaymentsDemoExposureTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anonymousHealthShowsTheStatusButNoComponentsOrDetails() throws Exception {
        HttpResponse<String> health = get("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(health.body()).doesNotContain("components", "details", "vedette", "diskSpace", "db");
    }

    @Test
    void metricsAreNotExposedOverHttp() throws Exception {
        assertThat(get("/actuator/metrics").statusCode()).isEqualTo(404);
        assertThat(get("/actuator/metrics/jvm.memory.used").statusCode()).isEqualTo(404);
    }

    @Test
    void theServerListensOnLoopbackOnly() throws Exception {
        List<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            assertThat(loopback.isConnected()).isTrue();
        }
        assertThat(external).as("this test needs a non-loopback IPv4 address").isNotEmpty();
        for (InetAddress address : external) {
            assertThatThrownBy(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(address, port), 2000);
                        }
                    })
                    .as("connecting to %s:%d", address, port)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void theDefaultH2UrlOpensNoServerPortAndLeavesClosingToSpring() throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        String url = defaults.getProperty("spring.datasource.url");

        assertThat(url).startsWith("jdbc:h2:file:").contains(";DB_CLOSE_ON_EXIT=FALSE");
        assertThat(url.toUpperCase()).doesNotContain("AUTO_SERVER");
        assertThat(defaults.getProperty("server.address")).isEqualTo("${SERVER_ADDRESS:127.0.0.1}");
    }
}
