package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.ComponentState;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Flap protection: folds one health report into a component's {@link ComponentState}. A pure
 * function with no state of its own; the caller stores the result.
 *
 * <p>Rules (thresholds from the {@link FlapPolicy}):
 *
 * <ol>
 *   <li>A component seen for the first time starts as UNKNOWN and then takes the report as below.
 *       A first UP or DEGRADED report therefore sets it at once; a first DOWN report counts as one
 *       failure and the component stays UNKNOWN until the failure threshold is reached.
 *   <li>DOWN reports count consecutive failures (and reset the success count). When the count
 *       reaches the failure threshold the component becomes DOWN.
 *   <li>UP and DEGRADED reports count consecutive successes (and reset the failure count). A DOWN
 *       component comes back — to the status of the report that completes the success threshold —
 *       only after that many in a row. A component that is not DOWN takes UP or DEGRADED at once:
 *       DEGRADED is a warning, not an outage, so it needs no confirmation.
 *   <li>UNKNOWN reports (a check that could not decide) count neither way: they change no counter
 *       and no status, so they neither confirm nor interrupt a run of failures or successes.
 * </ol>
 *
 * <p>Every report becomes the state's {@code lastReport}. {@code since} moves to the report's
 * {@code checkedAt} only when the status changes. The {@code alertId} is carried over unchanged;
 * the alerting engine sets and clears it.
 */
public final class ComponentTracker {
    private ComponentTracker() {}

    /**
     * The new state of a component after {@code report}.
     *
     * @param current the component's state, or null if it has none yet
     * @param report the new report; must have {@code checkedAt} set
     * @param policy the thresholds
     * @return the new state and, when the flap-protected status changed, the change (a new component
     *     changes from UNKNOWN)
     * @throws IllegalArgumentException if an argument is null, the report has no {@code checkedAt},
     *     or {@code current} belongs to another component
     */
    public static Transition apply(@Nullable ComponentState current, HealthReport report, FlapPolicy policy) {
        Validate.notNull("report", report);
        Validate.notNull("policy", policy);
        Instant at = report.checkedAt();
        if (at == null) {
            throw new IllegalArgumentException("report.checkedAt must be set, was null for " + report);
        }
        String component = report.component();
        if (current != null && !current.component().equals(component)) {
            throw new IllegalArgumentException(
                    "report is for component '" + component + "' but the state is for '" + current.component() + "'");
        }
        HealthStatus status = current == null ? HealthStatus.UNKNOWN : current.status();
        Instant since = current == null ? at : current.since();
        int failures = current == null ? 0 : current.consecutiveFailures();
        int successes = current == null ? 0 : current.consecutiveSuccesses();
        String alertId = current == null ? null : current.alertId();

        HealthStatus reported = report.status();
        HealthStatus next = status;
        if (reported.equals(HealthStatus.DOWN)) {
            failures = saturatedIncrement(failures);
            successes = 0;
            if (failures >= policy.failureThreshold(component)) {
                next = HealthStatus.DOWN;
            }
        } else if (reported.isAvailable()) {
            successes = saturatedIncrement(successes);
            failures = 0;
            if (!status.equals(HealthStatus.DOWN) || successes >= policy.successThreshold(component)) {
                next = reported;
            }
        }
        boolean changed = !next.equals(status);
        ComponentState state =
                new ComponentState(component, next, changed ? at : since, failures, successes, report, alertId);
        return changed ? new Transition(state, status, next) : new Transition(state, null, null);
    }

    private static int saturatedIncrement(int n) {
        return n == Integer.MAX_VALUE ? n : n + 1;
    }

    /**
     * The outcome of {@link #apply}.
     *
     * @param state the new state
     * @param from the status before, when the status changed; otherwise null
     * @param to the status after, when the status changed; otherwise null
     */
    public record Transition(
            ComponentState state,
            @Nullable HealthStatus from,
            @Nullable HealthStatus to) {
        /** True if the flap-protected status changed. */
        public boolean changed() {
            return to != null;
        }

        /** True if the component just became DOWN. */
        public boolean wentDown() {
            return HealthStatus.DOWN.equals(to);
        }

        /** True if the component just came back from DOWN. */
        public boolean recovered() {
            return HealthStatus.DOWN.equals(from);
        }
    }
}
