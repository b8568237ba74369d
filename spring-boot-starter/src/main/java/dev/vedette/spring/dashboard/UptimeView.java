package dev.vedette.spring.dashboard;

import dev.vedette.Health;
import dev.vedette.health.UptimeReport;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Uptime as the dashboard shows it: the three windows of {@link UptimeReport}, and for each whether
 * the component has samples that reach back to the window's start. A component checked for five
 * minutes has an uptime "over 24 h" that really covers five minutes; the page shows "—" for such a
 * window and names the covered period instead.
 *
 * <p>The oldest sample in the last 30 days is found by bisection over {@link Health#samples} with a
 * limit of one (an indexed read of the newest sample in a range), to 1 % of its age (at least a
 * minute): a few reads for a component with a month of samples, at most 17 for a new one. A window counts as covered when that sample is no later than 1 % of the
 * window after its start, so a check that runs every few minutes covers its windows.
 *
 * @param last24h uptime over 24 hours, a fraction, null without samples
 * @param last7d uptime over 7 days
 * @param last30d uptime over 30 days
 * @param at ISO instant the windows end
 * @param dataSince ISO instant of the oldest sample in the last 30 days, or null
 * @param covered per window, whether the samples reach back to its start
 */
public record UptimeView(
        @Nullable Double last24h,
        @Nullable Double last7d,
        @Nullable Double last30d,
        String at,
        @Nullable String dataSince,
        Covered covered) {
    /**
     * Per window, whether the component's samples reach back to its start.
     *
     * @param last24h the last 24 hours
     * @param last7d the last 7 days
     * @param last30d the last 30 days
     */
    public record Covered(boolean last24h, boolean last7d, boolean last30d) {}

    static UptimeView of(Health health, String component) {
        UptimeReport u = health.uptime(component);
        Instant at = u.at();
        Instant since = oldestSample(health, component, at.minus(UptimeReport.MONTH), at);
        return new UptimeView(
                DashboardViews.rate(u.last24h()),
                DashboardViews.rate(u.last7d()),
                DashboardViews.rate(u.last30d()),
                at.toString(),
                DashboardViews.time(since),
                new Covered(
                        covers(since, at, UptimeReport.DAY),
                        covers(since, at, UptimeReport.WEEK),
                        covers(since, at, UptimeReport.MONTH)));
    }

    static boolean covers(@Nullable Instant since, Instant at, Duration window) {
        return since != null && !since.isAfter(at.minus(window).plus(window.dividedBy(100)));
    }

    /** The oldest sample in [from, to), or null if none: one aggregate read. */
    static @Nullable Instant oldestSample(Health health, String component, Instant from, Instant to) {
        return health.stats(component, from, to).oldestSample();
    }
}
