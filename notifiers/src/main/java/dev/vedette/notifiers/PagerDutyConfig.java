package dev.vedette.notifiers;

import dev.vedette.internal.Validate;
import java.net.InetAddress;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of a {@link PagerDutyNotifier}: the Events API v2 routing (integration) key, the
 * endpoint and the event source, and the channel name, timeouts and clock every {@link
 * HttpChannelConfig} has. Immutable; built by {@link #builder(String)}, which
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
public final class PagerDutyConfig extends HttpChannelConfig {
    /** Default channel name: {@value}. */
    public static final String DEFAULT_NAME = "pagerduty";
    /** Default Events API base URL: {@value}; events are posted to {@code <base>/v2/enqueue}. */
    public static final String DEFAULT_BASE_URL = "https://events.pagerduty.com";
    /** Source used when the host name cannot be found: {@value}. */
    public static final String FALLBACK_SOURCE = "vedette";

    private final String routingKey;
    private final URI baseUrl;
    private final String source;
    private final @Nullable String group;

    private PagerDutyConfig(Builder b, String source) {
        super(b);
        this.routingKey = b.routingKey;
        this.baseUrl = b.baseUrl;
        this.source = source;
        this.group = b.group;
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

    /** Shows everything but the routing key. */
    @Override
    URI server() {
        return baseUrl;
    }

    @Override
    public String toString() {
        return "PagerDutyConfig[name=" + name() + ", routingKey=(hidden), baseUrl=" + baseUrl + ", source=" + source
                + ", group=" + group + ", timeouts=" + timeouts() + "]";
    }

    /** Builds a {@link PagerDutyConfig}; each setter validates and throws {@link IllegalArgumentException}. */
    public static final class Builder extends HttpChannelConfig.Builder<Builder> {
        private final String routingKey;
        private URI baseUrl = URI.create(DEFAULT_BASE_URL);
        private @Nullable String source;
        private @Nullable String group;

        private Builder(@Nullable String routingKey) {
            super(DEFAULT_NAME);
            this.routingKey = Validate.secret("routingKey", routingKey);
        }

        /** The Events API base URL (for a proxy or tests); an absolute http(s) URL. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = Validate.httpUrl("baseUrl", baseUrl, false);
            return this;
        }

        /** {@code payload.source}: the host or service that has the problem; not blank. */
        public Builder source(String source) {
            this.source = Validate.notBlank("source", source);
            return this;
        }

        /** Default {@code payload.group}; not blank. */
        public Builder group(String group) {
            this.group = Validate.notBlank("group", group);
            return this;
        }

        /** Builds the configuration, looking up the host name if no source was set. */
        @Override
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
