package dev.vedette.alerting;

import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthReport;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A channel that delivers notifications: e-mail, Slack, PagerDuty, SMS, a webhook, a log.
 *
 * <p>Implementations map every outcome onto a {@link SendResult} and never throw from {@link
 * #send} (an exception is treated as {@link SendResult.RetryLater}). They must not put secrets
 * (tokens, webhook URLs, passwords) in results, exceptions or log lines. {@code send} may block on
 * I/O: the outbox calls it on a virtual thread of the channel's own delivery lane, with the
 * notifier's own timeouts. When the channel's send deadline passes first, the outbox records a
 * failed attempt and interrupts that thread; a send should then return soon (blocking socket I/O on
 * a virtual thread fails at once when interrupted).
 *
 * <p>Compatibility: methods may be added with default implementations in minor releases.
 */
public interface Notifier extends AutoCloseable {

    /** The channel name used in routes, e.g. {@code slack}. Unique per monitor. */
    String name();

    /** Sends one notification. */
    SendResult send(Notification notification);

    /**
     * The kinds this channel sends. By default everything but {@link DeliveryKind#ACKNOWLEDGE},
     * which only channels with an acknowledge concept (PagerDuty) want.
     */
    default Set<DeliveryKind> supportedKinds() {
        return EnumSet.complementOf(EnumSet.of(DeliveryKind.ACKNOWLEDGE));
    }

    /**
     * How long one {@link #send} may take in the worst case with this notifier's own timeouts. Unless
     * {@link AlertingSettings.Builder#sendDeadline} sets one, the channel's send deadline is this plus
     * one second (so that a notifier that enforces its own deadline reports first), at most half the
     * claim lease. By default {@link AlertingSettings#DEFAULT_SEND_DEADLINE} (30 seconds).
     */
    default Duration sendDeadline() {
        return AlertingSettings.DEFAULT_SEND_DEADLINE;
    }

    /**
     * Checks that the channel is reachable (can connect, can log in), without sending anything.
     * Empty if the notifier has no such check.
     */
    default Optional<HealthReport> checkHealth() {
        return Optional.empty();
    }

    /**
     * The components (health check names) this channel cannot deliver without, e.g. {@code smtp} for
     * an e-mail channel. An alert about one of them is routed around this channel: to the other
     * channels it routes to, or to the fallback channel (see {@link ChannelDependencies}). Empty by
     * default.
     */
    default Set<String> dependsOn() {
        return Set.of();
    }

    /**
     * The server this channel sends through, as a URI with a scheme and a host only ({@code
     * smtp://mail.example.com}, {@code https://hooks.slack.com}); never a path, query or secret.
     * Used to infer {@link #dependsOn()} from health checks of the same server. Empty by default.
     */
    default Optional<URI> endpoint() {
        return Optional.empty();
    }

    /** Releases resources. */
    @Override
    default void close() {}
}
