package dev.vedette.notifiers;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
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
public final class WebhookConfig {
    /** Default channel name: {@value}. */
    public static final String DEFAULT_NAME = "webhook";
    /** The shortest signing secret accepted. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** Default connect timeout: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Timeouts.DEFAULT.connect();
    /** Default read timeout: 10 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Timeouts.DEFAULT.read();
    /** Default write timeout: 10 seconds. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Timeouts.DEFAULT.write();

    private static final Set<String> RESERVED =
            Set.of("content-type", "content-length", "host", "transfer-encoding", "connection", "user-agent");

    private final String name;
    private final URI url;
    private final @Nullable String signingSecret;
    private final Map<String, String> headers;
    private final Timeouts timeouts;
    private final Clock clock;

    private WebhookConfig(Builder b) {
        this.name = b.name;
        this.url = b.url;
        this.signingSecret = b.signingSecret;
        this.headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.timeouts = b.timeouts;
        this.clock = b.clock;
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

    /** The channel name used in routes; default {@value #DEFAULT_NAME}. */
    public String name() {
        return name;
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

    /** The clock for signature timestamps and {@code Retry-After} dates; default UTC system clock. */
    public Clock clock() {
        return clock;
    }

    Timeouts timeouts() {
        return timeouts;
    }

    /** Shows the name, the URL's host, whether requests are signed, header names and timeouts. */
    @Override
    public String toString() {
        return "WebhookConfig[name=" + name + ", url=" + url.getScheme() + "://" + url.getAuthority()
                + "/(hidden), signed=" + (signingSecret != null) + ", headers=" + headers.keySet() + ", timeouts="
                + timeouts + "]";
    }

    /** Builds a {@link WebhookConfig}; each setter validates and throws {@link IllegalArgumentException}. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private final URI url;
        private @Nullable String signingSecret;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Timeouts timeouts = Timeouts.DEFAULT;
        private Clock clock = Clock.systemUTC();

        private Builder(@Nullable String url) {
            this.url = Checks.httpUrl("url", url, true);
        }

        /** The channel name used in routes; not blank. */
        public Builder name(String name) {
            this.name = Checks.notBlank("name", name);
            return this;
        }

        /**
         * Signs every request with HMAC-SHA256 (see {@link WebhookSignature}).
         *
         * @throws IllegalArgumentException if the secret is null, blank, contains whitespace or is
         *     shorter than {@value #MIN_SECRET_LENGTH} characters; the message does not contain it
         */
        public Builder signingSecret(String secret) {
            String s = Checks.secret("signingSecret", secret);
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
            Checks.notBlank("header name", name);
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
            Checks.notNull("header '" + name + "' value", value);
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

        /** The clock for signature timestamps and {@code Retry-After} dates. */
        public Builder clock(Clock clock) {
            this.clock = Checks.notNull("clock", clock);
            return this;
        }

        /** Builds the configuration. */
        public WebhookConfig build() {
            return new WebhookConfig(this);
        }
    }
}
