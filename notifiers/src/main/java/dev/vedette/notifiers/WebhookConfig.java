package dev.vedette.notifiers;

import dev.vedette.internal.Validate;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of a {@link WebhookNotifier}: the URL, an optional HMAC-SHA256 signing secret,
 * extra headers and the timeouts. Immutable; built by {@link #builder(String)}, which validates each
 * value as it is set.
 *
 * <pre>{@code
 * WebhookConfig config = WebhookConfig.builder("https://hooks.example.com/vedette")
 *         .signingSecret(System.getenv("VEDETTE_WEBHOOK_SECRET"))
 *         .header("Authorization", "Bearer " + System.getenv("HOOK_TOKEN"))
 *         .build();
 * Notifier webhook = new WebhookNotifier(config);
 * }</pre>
 *
 * <p>The URL (which may carry a token in its path or query), the signing secret and header values
 * are treated as secrets: {@link #toString()}, validation messages, results and logs never show
 * them.
 */
public final class WebhookConfig extends HttpChannelConfig {
    /** Default channel name: {@value}. */
    public static final String DEFAULT_NAME = "webhook";
    /** The shortest signing secret accepted. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final Set<String> RESERVED =
            Set.of("content-type", "content-length", "host", "transfer-encoding", "connection", "user-agent");

    private final URI url;
    private final @Nullable String signingSecret;
    private final Map<String, String> headers;

    private WebhookConfig(Builder b) {
        super(b);
        this.url = b.url;
        this.signingSecret = b.signingSecret;
        this.headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    }

    /**
     * Starts a configuration for a URL.
     *
     * @throws IllegalArgumentException if the URL is null or not an absolute http(s) URL; the message
     *     does not contain the URL
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** The URL. May hold a secret: do not log it. */
    public URI url() {
        return url;
    }

    /** The signing secret, or null when requests are not signed. A secret: do not log it. */
    public @Nullable String signingSecret() {
        return signingSecret;
    }

    /** Extra request headers, in the order added; unmodifiable. Values may be secrets. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Shows the name, the URL's host, whether requests are signed, header names and timeouts. */
    @Override
    URI server() {
        return url;
    }

    @Override
    public String toString() {
        return "WebhookConfig[name=" + name() + ", url=" + url.getScheme() + "://" + url.getAuthority()
                + "/(hidden), signed=" + (signingSecret != null) + ", headers=" + headers.keySet() + ", timeouts="
                + timeouts() + "]";
    }

    /** Builds a {@link WebhookConfig}; each setter validates and throws {@link IllegalArgumentException}. */
    public static final class Builder extends HttpChannelConfig.Builder<Builder> {
        private final URI url;
        private @Nullable String signingSecret;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder(@Nullable String url) {
            super(DEFAULT_NAME);
            this.url = Validate.httpUrl("url", url, true);
        }

        /**
         * Signs every request with HMAC-SHA256 (see {@link WebhookSignature}).
         *
         * @throws IllegalArgumentException if the secret is null, blank, contains whitespace or is
         *     shorter than {@value #MIN_SECRET_LENGTH} characters; the message does not contain it
         */
        public Builder signingSecret(String secret) {
            String s = Validate.secret("signingSecret", secret);
            if (s.length() < MIN_SECRET_LENGTH) {
                throw new IllegalArgumentException("signingSecret must be at least " + MIN_SECRET_LENGTH
                        + " characters, but was " + s.length() + " characters");
            }
            this.signingSecret = s;
            return this;
        }

        /**
         * Adds a header sent with every request (e.g. {@code Authorization}). The name must be an HTTP
         * token and not one the notifier sets itself ({@code Content-Type}, {@code Host}, {@code
         * X-Vedette-*}, ...); the value must not contain line breaks and is never echoed.
         */
        public Builder header(String name, String value) {
            Validate.notBlank("header name", name);
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                    throw new IllegalArgumentException("header name must be an HTTP token, but was '" + name + "'");
                }
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower) || lower.startsWith("x-vedette-")) {
                throw new IllegalArgumentException("header name '" + name + "' is set by the notifier itself");
            }
            Validate.notNull("header '" + name + "' value", value);
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 32 && c != '\t') || c == 127) {
                    throw new IllegalArgumentException(
                            "header '" + name + "' value must not contain control characters (value hidden)");
                }
            }
            headers.put(name, value);
            return this;
        }

        /** Builds the configuration. */
        @Override
        public WebhookConfig build() {
            return new WebhookConfig(this);
        }
    }
}
