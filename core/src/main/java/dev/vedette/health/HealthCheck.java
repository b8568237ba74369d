package dev.vedette.health;

import dev.vedette.model.HealthReport;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks one component. {@code Monitor.runChecks()} runs every check in parallel on virtual
 * threads, each bounded by its {@link #timeout()}; a check that throws becomes DOWN with the
 * exception as its message, a check that hangs becomes DOWN "timed out after 5s".
 *
 * <p>Compatibility: methods may be added with default implementations in minor releases.
 */
@FunctionalInterface
public interface HealthCheck {

    /** Default time a check may take. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default time between scheduled runs. */
    Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

    /**
     * Checks the component. May block; may throw (the runner turns that into DOWN).
     *
     * @return the component's state
     * @throws Exception anything; the runner reports the component DOWN with it as detail
     */
    HealthReport check() throws Exception;

    /** The component this check reports on. Defaults to the component of the check's reports. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** How long the check may take. */
    default Duration timeout() {
        return DEFAULT_TIMEOUT;
    }

    /** How often scheduled runs call it. */
    default Duration interval() {
        return DEFAULT_INTERVAL;
    }

    /**
     * The server this check probes, as a URI with a scheme and a host only ({@code smtp://mail.example.com},
     * {@code https://api.example.com}), or empty. The monitor infers from it which notification
     * channels depend on this component (see {@code dev.vedette.alerting.ChannelDependencies}).
     * Empty by default.
     */
    default Optional<URI> target() {
        return Optional.empty();
    }
}
