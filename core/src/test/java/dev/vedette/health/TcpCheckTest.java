package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpCheckTest {

    @Test
    void openPortIsUpWithHostAndPortInDetails() throws Exception {
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            HealthReport report = HealthChecks.tcp("redis", "127.0.0.1", open.getLocalPort())
                    .build()
                    .check();

            assertThat(report.status()).isEqualTo(HealthStatus.UP);
            assertThat(report.responseTime()).isNotNull();
            assertThat(report.details()).containsEntry("host", "127.0.0.1").containsEntry("port", open.getLocalPort());
        }
    }

    @Test
    void closedPortIsDownWithTheConnectError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        HealthReport report =
                HealthChecks.tcp("redis", "127.0.0.1", port).build().check();

        assertThat(report.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(report.message()).startsWith("cannot connect to 127.0.0.1:" + port + ": ConnectException");
    }

    @Test
    void slowConnectIsDegraded() throws Exception {
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            HealthReport report = HealthChecks.tcp("redis", "127.0.0.1", open.getLocalPort())
                    .degradedAbove(Duration.ofNanos(1))
                    .build()
                    .check();

            assertThat(report.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(report.message()).startsWith("slow: ");
        }
    }

    @Test
    void builderRejectsBadHostAndPort() {
        assertThatThrownBy(() -> HealthChecks.tcp("redis", "127.0.0.1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 1 and 65535, was 0");
        assertThatThrownBy(() -> HealthChecks.tcp("redis", "127.0.0.1", 70_000))
                .hasMessage("port must be between 1 and 65535, was 70000");
        assertThatThrownBy(() -> HealthChecks.tcp("redis", "", 80)).hasMessage("host must not be blank, was ''");
        assertThatThrownBy(() -> HealthChecks.tcp("redis", "h", 80).timeout(Duration.ZERO))
                .hasMessage("timeout must be positive, was PT0S");
    }
}
