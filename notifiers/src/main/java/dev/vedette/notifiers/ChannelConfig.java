package dev.vedette.notifiers;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What every channel configuration holds: the channel name used in routes, the connect, read and
 * write timeouts of its connections, the send deadline that bounds one whole send (by default the
 * three timeouts added up), and the components it depends on. The outbox gives the channel's
 * delivery lane this deadline plus one second (see {@code Notifier.sendDeadline()}). Immutable. The
 * concrete configurations ({@link EmailConfig},
 * and the HTTP channels under {@link HttpChannelConfig}) add their own settings; their builders
 * extend {@link Builder}, so these options are set and validated the same way on every channel:
 *
 * <pre>{@code
 * SlackConfig config = SlackConfig.builder(webhookUrl)
 *         .name("slack-payments")
 *         .connectTimeout(Duration.ofSeconds(2))
 *         .readTimeout(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 *
 * <p>Only this package defines channel configurations.
 */
public abstract class ChannelConfig {
    /** Default connect timeout: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Timeouts.DEFAULT.connect();
    /** Default read timeout: 10 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Timeouts.DEFAULT.read();
    /** Default write timeout: 10 seconds. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Timeouts.DEFAULT.write();

    private final String name;
    private final Timeouts timeouts;
    private final Set<String> dependsOn;

    ChannelConfig(Builder<?> b) {
        this.name = b.name;
        this.timeouts = b.timeouts;
        this.dependsOn = Set.copyOf(b.dependsOn);
    }

    /**
     * The components (health check names) this channel cannot deliver without; default none. An
     * alert about one of them is routed around this channel (see {@code
     * dev.vedette.alerting.ChannelDependencies}, which also infers dependencies from {@link
     * #endpoint()}).
     */
    public Set<String> dependsOn() {
        return dependsOn;
    }

    /**
     * The server this channel sends through, scheme and host only: {@code smtp://<host>} for e-mail,
     * the scheme and host of the URL for the HTTP channels. A health check of the same server makes
     * the channel depend on it.
     */
    public Optional<URI> endpoint() {
        URI server = server();
        try {
            return server.getHost() == null
                    ? Optional.empty()
                    : Optional.of(new URI(server.getScheme(), null, server.getHost(), -1, null, null, null));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The URL or address of the server the channel talks to. */
    abstract URI server();

    /** The channel name used in routes; default the configuration's {@code DEFAULT_NAME}. */
    public String name() {
        return name;
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

    /**
     * How long one whole send may take, however the peer trickles its answers; default connect +
     * read + write timeout (25 seconds with the defaults).
     */
    public Duration sendDeadline() {
        return timeouts.deadline();
    }

    Timeouts timeouts() {
        return timeouts;
    }

    /** The component of this channel's health reports: {@code notifier-<name>}. */
    String healthComponent() {
        return "notifier-" + name;
    }

    /**
     * Sets the options every channel has; each setter validates and throws {@link
     * IllegalArgumentException} naming the option.
     *
     * @param <B> the concrete builder, returned by every setter so that calls chain
     */
    public abstract static class Builder<B extends Builder<B>> {
        private String name;
        private Timeouts timeouts = Timeouts.DEFAULT;
        private final Set<String> dependsOn = new LinkedHashSet<>();

        Builder(String defaultName) {
            this.name = defaultName;
        }

        /** The channel name used in routes; not blank. */
        public B name(String name) {
            this.name = Validate.notBlank("name", name);
            return self();
        }

        /**
         * Adds components (health check names, e.g. {@code smtp}) this channel cannot deliver
         * without: alerts about them go to the other routed channels, or the fallback channel.
         *
         * @throws IllegalArgumentException if a component is not a valid name
         */
        public B dependsOn(String... components) {
            Validate.notNull("dependsOn", components);
            for (String c : components) {
                dependsOn.add(Validate.identifier("dependsOn", c, HealthReport.MAX_COMPONENT_LENGTH));
            }
            return self();
        }

        /** Connect timeout; positive, at most 10 minutes. */
        public B connectTimeout(Duration timeout) {
            this.timeouts = timeouts.withConnect(timeout);
            return self();
        }

        /** Read timeout; positive, at most 10 minutes. */
        public B readTimeout(Duration timeout) {
            this.timeouts = timeouts.withRead(timeout);
            return self();
        }

        /** Write timeout; positive, at most 10 minutes. */
        public B writeTimeout(Duration timeout) {
            this.timeouts = timeouts.withWrite(timeout);
            return self();
        }

        /**
         * How long one whole send may take; positive, at most 10 minutes. Default: the connect, read
         * and write timeouts added up.
         */
        public B sendDeadline(Duration deadline) {
            this.timeouts = timeouts.withSendDeadline(deadline);
            return self();
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException if a setting the channel requires is missing
         */
        public abstract ChannelConfig build();

        @SuppressWarnings("unchecked")
        final B self() {
            return (B) this;
        }
    }
}
