package dev.vedette.notifiers;

import dev.vedette.internal.Validate;
import java.time.Clock;

/**
 * A {@link ChannelConfig} of a channel that speaks HTTP ({@link SlackConfig}, {@link
 * PagerDutyConfig}, {@link TwilioSmsConfig}, {@link WebhookConfig}): adds the clock used to read
 * {@code Retry-After} dates (and, for webhooks, to timestamp signatures). Immutable.
 *
 * <p>Only this package defines channel configurations.
 */
public abstract class HttpChannelConfig extends ChannelConfig {
    private final Clock clock;

    HttpChannelConfig(Builder<?> b) {
        super(b);
        this.clock = b.clock;
    }

    /** The clock used to interpret {@code Retry-After} dates; default UTC system clock. */
    public Clock clock() {
        return clock;
    }

    /**
     * Sets the options every HTTP channel has; each setter validates and throws {@link
     * IllegalArgumentException}.
     *
     * @param <B> the concrete builder, returned by every setter so that calls chain
     */
    public abstract static class Builder<B extends Builder<B>> extends ChannelConfig.Builder<B> {
        private Clock clock = Clock.systemUTC();

        Builder(String defaultName) {
            super(defaultName);
        }

        /** The clock for {@code Retry-After} dates; not null. */
        public B clock(Clock clock) {
            this.clock = Validate.notNull("clock", clock);
            return self();
        }
    }
}
