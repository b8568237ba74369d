package dev.vedette.notifiers;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of a {@link PagerDutyNotifier}: the Events API v2 routing (integration) key, the
 * endpoint, the event source and the timeouts. Immutable; built by {@link #builder(String)}, which
 * validates each value as it is set.
 *
 * <pre>{@code
 * PagerDutyConfig config = PagerDutyConfig.builder(System.getenv("PAGERDUTY_ROUTING_KEY"))
 *         .source("payments-api")
 *         .build();
 * Notifier pagerDuty = new PagerDutyNotifier(config);
 * }</pre>
 *
 * <p>The routing key is a secret: {@link #toString()} and validation messages never show it.
 */
public final class PagerDutyConfig {
    /** Default channel name: {@value}. */
    public static final String DEFAULT_NAME = "pagerduty";
    /** Default Events API base URL: {@value}; events are posted to {@code <base>/v2/enqueue}. */
    public static final String DEFAULT_BASE_URL = "https://events.pagerduty.com";
    /** Source used when the host name cannot be found: {@value}. */
    public static final String FALLBACK_SOURCE = "vedette";
    /** Default connect timeout: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Timeouts.DEFAULT.connect();
    /** Default read timeout: 10 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Timeouts.DEFAULT.read();
    /** Default write timeout: 10 seconds. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Timeouts.DEFAULT.write();

    private final String name;
    private final String routingKey;
    private final URI baseUrl;
    private final String source;
    private final @Nullable String group;
    private final Timeouts timeouts;
    private final Clock clock;

    private PagerDutyConfig(Builder b, String source) {
        this.name = b.name;
        this.routingKey = b.routingKey;
        this.baseUrl = b.baseUrl;
        this.source = source;
        this.group = b.group;
        this.timeouts = b.timeouts;
        this.clock = b.clock;
    }

    /**
     * Starts a configuration for a routing key (the "Integration Key" of an Events API v2
     * integration).
     *
     * @throws IllegalArgumentException if the key is null, blank or contains whitespace; the message
     *     does not contain the key
     */
    public static Builder builder(String routingKey) {
        return new Builder(routingKey);
    }

    /** The channel name used in routes; default {@value #DEFAULT_NAME}. */
    public String name() {
        return name;
    }

    /** The routing key. A secret: do not log it. */
    public String routingKey() {
        return routingKey;
    }

    /** The Events API base URL; default {@value #DEFAULT_BASE_URL}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** {@code payload.source}; default the local host name. */
    public String source() {
        return source;
    }

    /** Default {@code payload.group} when an alert has no {@code group} label; null to leave it out. */
    public @Nullable String group() {
        return group;
    }

    /** Connect timeout; default 5 seconds. */
    public Duration connectTimeout() {
        return timeouts.connect();
    }

    /** Read timeout; default 10 seconds. */
    public Duration readTimeout() {
        return timeouts.read();
    }

    /** Write timeout; default 10 seconds. */
    public Duration writeTimeout() {
        return timeouts.write();
    }

    /** The clock used to interpret {@code Retry-After} dates; default UTC system clock. */
    public Clock clock() {
        return clock;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    /** Shows everything but the routing key. */
    @Override
    public String toString() {
        return "PagerDutyConfig[name=" + name + ", routingKey=(hidden), baseUrl=" + baseUrl + ", source=" + source
                + ", group=" + group + ", timeouts=" + timeouts + "]";
    }

    /** Builds a {@link PagerDutyConfig}; each setter validates and throws {@link IllegalArgumentException}. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private final String routingKey;
        private URI baseUrl = URI.create(DEFAULT_BASE_URL);
        private @Nullable String source;
        private @Nullable String group;
        private Timeouts timeouts = Timeouts.DEFAULT;
        private Clock clock = Clock.systemUTC();

        private Builder(@Nullable String routingKey) {
            this.routingKey = Checks.secret("routingKey", routingKey);
        }

        /** The channel name used in routes; not blank. */
        public Builder name(String name) {
            this.name = Checks.notBlank("name", name);
            return this;
        }

        /** The Events API base URL (for a proxy or tests); an absolute http(s) URL. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Checks.httpUrl("baseUrl", baseUrl, false);
            return this;
        }

        /** {@code payload.source}: the host or service that has the problem; not blank. */
        public Builder source(String source) {
            this.source = Checks.notBlank("source", source);
            return this;
        }

        /** Default {@code payload.group}; not blank. */
        public Builder group(String group) {
            this.group = Checks.notBlank("group", group);
            return this;
        }

        /** Connect timeout; positive, at most 10 minutes. */
        public Builder connectTimeout(Duration timeout) {
            this.timeouts = timeouts.withConnect(timeout);
            return this;
        }

        /** Read timeout; positive, at most 10 minutes. */
        public Builder readTimeout(Duration timeout) {
            this.timeouts = timeouts.withRead(timeout);
            return this;
        }

        /** Write timeout; positive, at most 10 minutes. */
        public Builder writeTimeout(Duration timeout) {
            this.timeouts = timeouts.withWrite(timeout);
            return this;
        }

        /** The clock for {@code Retry-After} dates. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull("clock", clock);
            return this;
        }

        /** Builds the configuration, looking up the host name if no source was set. */
        public PagerDutyConfig build() {
            return new PagerDutyConfig(this, source != null ? source : hostName());
        }

        private static String hostName() {
            try {
                String host = InetAddress.getLocalHost().getHostName();
                return host == null || host.isBlank() ? FALLBACK_SOURCE : host;
            } catch (Exception e) {
                return FALLBACK_SOURCE;
            }
        }
    }
}
