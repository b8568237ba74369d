package dev.vedette.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ServerAnnouncementTest {

    @Test
    void urlsFollowThePortBoundTheAddressTheContextPathAndTheDashboardPath() {
        assertThat(url(new MockEnvironment().withProperty("local.server.port", "41234")))
                .isEqualTo("http://localhost:41234/vedette");
        assertThat(url(new MockEnvironment()
                        .withProperty("local.server.port", "8443")
                        .withProperty("server.address", "10.0.0.5")
                        .withProperty("server.ssl.enabled", "true")
                        .withProperty("server.servlet.context-path", "/ops/")
                        .withProperty("vedette.dashboard.base-path", "monitor/")))
                .isEqualTo("https://10.0.0.5:8443/ops/monitor");
        assertThat(url(new MockEnvironment().withProperty("server.address", "::1")))
                .isEqualTo("http://[::1]:8080/vedette");
        assertThat(url(new MockEnvironment().withProperty("server.address", "0.0.0.0")))
                .isEqualTo("http://localhost:8080/vedette");
    }

    @Test
    void theFirstStartPrintsTheAdminKeyAndTheSecondDoesNot() {
        try (Monitor monitor = Monitor.builder().build()) {
            MockEnvironment env = new MockEnvironment().withProperty("local.server.port", "9000");

            String first = announce(env, monitor);
            String second = announce(env, monitor);

            assertThat(first)
                    .contains("Dashboard:  http://localhost:9000/vedette")
                    .contains("Ingest API: http://localhost:9000/vedette/ingest/v1")
                    .containsPattern(ServerProcess.ADMIN_KEY);
            assertThat(second).contains("Dashboard:").doesNotContainPattern(ServerProcess.KEY);
        }
    }

    private static String url(MockEnvironment env) {
        try (Monitor monitor = Monitor.builder().build()) {
            return new ServerAnnouncement(env, monitor, System.out).baseUrl();
        }
    }

    private static String announce(MockEnvironment env, Monitor monitor) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ServerAnnouncement(env, monitor, new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .onApplicationEvent(null);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
