package dev.vedette.notifiers;

import dev.vedette.internal.Validate;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of a {@link SlackNotifier}: the incoming webhook URL, and the channel name,
 * timeouts and clock every {@link HttpChannelConfig} has. Immutable; built by {@link
 * #builder(String)}, which validates each value as it is set.
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
public final class SlackConfig extends HttpChannelConfig {
    /** Default channel name: {@value}. */
    public static final String DEFAULT_NAME = "slack";

    private final URI webhookUrl;

    private SlackConfig(Builder b) {
        super(b);
        this.webhookUrl = b.webhookUrl;
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

    /** The webhook URL. A secret: do not log it. */
    public URI webhookUrl() {
        return webhookUrl;
    }

    /** Shows the name, the webhook's host (not its secret path) and the timeouts. */
    @Override
    URI server() {
        return webhookUrl;
    }

    @Override
    public String toString() {
        return "SlackConfig[name=" + name() + ", webhookUrl=" + webhookUrl.getScheme() + "://" + webhookUrl.getHost()
                + "/(hidden), timeouts=" + timeouts() + "]";
    }

    /** Builds a {@link SlackConfig}; each setter validates and throws {@link IllegalArgumentException}. */
    public static final class Builder extends HttpChannelConfig.Builder<Builder> {
        private final URI webhookUrl;

        private Builder(@Nullable String webhookUrl) {
            super(DEFAULT_NAME);
            this.webhookUrl = Validate.httpUrl("webhookUrl", webhookUrl, true);
        }

        /** Builds the configuration. */
        @Override
        public SlackConfig build() {
            return new SlackConfig(this);
        }
    }
}
