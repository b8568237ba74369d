package dev.vedette.notifiers;

import dev.vedette.alerting.Notifier;
import dev.vedette.internal.Validate;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * What every channel of this module answers from its {@link ChannelConfig}: the components it
 * depends on ({@link ChannelConfig#dependsOn()}) and the server it sends through ({@link
 * ChannelConfig#endpoint()}), from which the monitor routes alerts around their own cause.
 *
 * <p>Only this package defines channels.
 */
public abstract class ChannelNotifier implements Notifier {
    private final ChannelConfig channel;

    ChannelNotifier(ChannelConfig config) {
        this.channel = Validate.notNull("config", config);
    }

    /** The components set with the configuration's {@code dependsOn(...)}; default none. */
    @Override
    public final Set<String> dependsOn() {
        return channel.dependsOn();
    }

    /** The configuration's {@link ChannelConfig#sendDeadline()}: 25 seconds with the default timeouts. */
    @Override
    public final Duration sendDeadline() {
        return channel.sendDeadline();
    }

    /** The scheme and host of the server this channel sends through. */
    @Override
    public final Optional<URI> endpoint() {
        return channel.endpoint();
    }
}
