package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import java.time.Duration;

/**
 * The options every built-in check shares: its name, its {@link #timeout(Duration) timeout} and
 * its {@link #interval(Duration) interval}. Obtain a builder from {@link HealthChecks}; builders
 * validate each value as it is set and throw {@link IllegalArgumentException} naming the option
 * and the bad value. Builders are not thread-safe; the checks they build are immutable.
 *
 * @param <B> the concrete builder type
 */
public abstract class HealthCheckBuilder<B extends HealthCheckBuilder<B>> {
    final String name;
    Duration timeout = HealthCheck.DEFAULT_TIMEOUT;
    Duration interval = HealthCheck.DEFAULT_INTERVAL;

    HealthCheckBuilder(String name) {
        this.name = Validate.identifier("name", name, HealthReport.MAX_COMPONENT_LENGTH);
    }

    /**
     * How long the check may take, default {@link HealthCheck#DEFAULT_TIMEOUT} (5 s). Network
     * checks also use it for their connect and read timeouts.
     *
     * @throws IllegalArgumentException if null, zero or negative
     */
    public B timeout(Duration timeout) {
        this.timeout = Validate.positive("timeout", timeout);
        return self();
    }

    /**
     * How often scheduled runs call the check, default {@link HealthCheck#DEFAULT_INTERVAL} (30 s).
     *
     * @throws IllegalArgumentException if null, zero or negative
     */
    public B interval(Duration interval) {
        this.interval = Validate.positive("interval", interval);
        return self();
    }

    /**
     * Builds the immutable check.
     *
     * @throws IllegalArgumentException if options contradict each other (the message says which)
     */
    public abstract HealthCheck build();

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }
}
