package dev.vedette.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The current, flap-protected state of a component.
 *
 * @param component the component
 * @param status the state after flap protection (what alerts and the dashboard show)
 * @param since when {@code status} began
 * @param consecutiveFailures DOWN reports in a row (reset by UP or DEGRADED; UNKNOWN neither counts nor resets)
 * @param consecutiveSuccesses UP or DEGRADED reports in a row (reset by DOWN; UNKNOWN neither counts nor resets)
 * @param lastReport the newest report, or null before the first
 * @param alertId the open alert raised for this component's outage, or null
 */
public record ComponentState(
        String component,
        HealthStatus status,
        Instant since,
        int consecutiveFailures,
        int consecutiveSuccesses,
        @Nullable HealthReport lastReport,
        @Nullable String alertId) {}
