package dev.vedette.health;

import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Checks that a TCP port accepts connections within the timeout. DOWN when the connection fails,
 * DEGRADED when connecting took longer than {@link Builder#degradedAbove(Duration) degradedAbove},
 * UP otherwise. Details: {@code host}, {@code port}. Create one with {@link HealthChecks#tcp(String,
 * String, int)}.
 */
public final class TcpCheck extends AbstractCheck {
    /** Default connect latency above which the port is DEGRADED: 1 s. */
    public static final Duration DEFAULT_DEGRADED_ABOVE = Duration.ofSeconds(1);

    private final String host;
    private final int port;
    private final Duration degradedAbove;

    private TcpCheck(Builder b) {
        super(b);
        this.host = b.host;
        this.port = b.port;
        this.degradedAbove = b.degradedAbove;
    }

    /** Connects and closes. Never throws for network errors: they become a DOWN report. */
    @Override
    public HealthReport check() {
        long start = System.nanoTime();
        HealthReport.Builder report;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            Duration took = CheckSupport.since(start);
            report = took.compareTo(degradedAbove) > 0
                    ? HealthReport.builder(name, HealthStatus.DEGRADED).message(CheckSupport.slow(took, degradedAbove))
                    : HealthReport.builder(name, HealthStatus.UP);
            report.responseTime(took);
        } catch (IOException | RuntimeException e) {
            report = HealthReport.builder(name, HealthStatus.DOWN)
                    .responseTime(CheckSupport.since(start))
                    .message("cannot connect to " + host + ":" + port + ": " + CheckSupport.describe(e));
        }
        return report.detail("host", host).detail("port", port).build();
    }

    /** Configures a {@link TcpCheck}. */
    public static final class Builder extends HealthCheckBuilder<Builder> {
        private final String host;
        private final int port;
        private Duration degradedAbove = DEFAULT_DEGRADED_ABOVE;
        private boolean degradedAboveSet;

        Builder(String name, String host, int port) {
            super(name);
            this.host = CheckSupport.host(host);
            this.port = CheckSupport.port(port);
        }

        /**
         * Connect latency above which the port is DEGRADED, default {@link #DEFAULT_DEGRADED_ABOVE}, or
         * half the timeout when the timeout is not longer than that. Must be less than the timeout.
         *
         * @throws IllegalArgumentException if null, zero or negative
         */
        public Builder degradedAbove(Duration degradedAbove) {
            this.degradedAbove = dev.vedette.internal.Validate.positive("degradedAbove", degradedAbove);
            this.degradedAboveSet = true;
            return this;
        }

        /** @throws IllegalArgumentException if degradedAbove is not less than the timeout */
        @Override
        public TcpCheck build() {
            if (!degradedAboveSet) {
                degradedAbove = CheckSupport.defaultDegradedAbove(DEFAULT_DEGRADED_ABOVE, timeout);
            }
            CheckSupport.requireBelowTimeout(degradedAbove, timeout);
            return new TcpCheck(this);
        }
    }
}
