package dev.vedette.notifiers;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of a {@link SlackNotifier}: the incoming webhook URL, the channel name and the
 * timeouts. Immutable; built by {@link #builder(String)}, which validates each value as it is set.
 *
 * <pre>{@code
 * SlackConfig config = SlackConfig.builder(System.getenv("SLACK_WEBHOOK_URL"))
 *         .readTimeout(Duration.ofSeconds(5))
 *         .build();
 * Notifier slack = new SlackNotifier(config);
 * }</pre>
 *
 * <p>The webhook URL is a secret (its path is the credential): {@link #toString()} shows only its
 * scheme and host, and validation messages never contain it.
 */
public final class SlackConfig {
    /** Default channel name: {@value}. */
    public static final String DEFAULT_NAME = "slack";
    /** Default connect timeout: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Timeouts.DEFAULT.connect();
    /** Default read timeout: 10 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Timeouts.DEFAULT.read();
    /** Default write timeout: 10 seconds. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Timeouts.DEFAULT.write();

    private final String name;
    private final URI webhookUrl;
    private final Timeouts timeouts;
    private final Clock clock;

    private SlackConfig(Builder b) {
        this.name = b.name;
        this.webhookUrl = b.webhookUrl;
        this.timeouts = b.timeouts;
        this.clock = b.clock;
    }

    /**
     * Starts a configuration for an incoming webhook URL ({@code https://hooks.slack.com/services/...}).
     *
     * @throws IllegalArgumentException if the URL is null or not an absolute http(s) URL; the message
     *     does not contain the URL
     */
    public static Builder builder(String webhookUrl) {
        return new Builder(webhookUrl);
    }

    /** The channel name used in routes; default {@value #DEFAULT_NAME}. */
    public String name() {
        return name;
    }

    /** The webhook URL. A secret: do not log it. */
    public URI webhookUrl() {
        return webhookUrl;
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

    /** Shows the name, the webhook's host (not its secret path) and the timeouts. */
    @Override
    public String toString() {
        return "SlackConfig[name=" + name + ", webhookUrl=" + webhookUrl.getScheme() + "://" + webhookUrl.getHost()
                + "/(hidden), timeouts=" + timeouts + "]";
    }

    /** Builds a {@link SlackConfig}; each setter validates and throws {@link IllegalArgumentException}. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private final URI webhookUrl;
        private Timeouts timeouts = Timeouts.DEFAULT;
        private Clock clock = Clock.systemUTC();

        private Builder(@Nullable String webhookUrl) {
            this.webhookUrl = Checks.httpUrl("webhookUrl", webhookUrl, true);
        }

        /** The channel name used in routes; not blank. */
        public Builder name(String name) {
            this.name = Checks.notBlank("name", name);
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

        /** Builds the configuration. */
        public SlackConfig build() {
            return new SlackConfig(this);
        }
    }
}
