package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardViews.obj;

import dev.vedette.Health;
import dev.vedette.health.UptimeReport;
import dev.vedette.model.HealthReport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 */
final class UptimeView {
    private static final Duration MIN_RESOLUTION = Duration.ofMinutes(1);

    private UptimeView() {}

    static Map<String, Object> of(Health health, String component) {
        UptimeReport u = health.uptime(component);
        Instant at = u.at();
        Instant since = oldestSample(health, component, at.minus(UptimeReport.MONTH), at);
        return obj(
                "last24h", DashboardViews.rate(u.last24h()),
                "last7d", DashboardViews.rate(u.last7d()),
                "last30d", DashboardViews.rate(u.last30d()),
                "at", at.toString(),
                "dataSince", since == null ? null : since.toString(),
                "covered",
                        obj(
                                "last24h", covers(since, at, UptimeReport.DAY),
                                "last7d", covers(since, at, UptimeReport.WEEK),
                                "last30d", covers(since, at, UptimeReport.MONTH)));
    }

    static boolean covers(@Nullable Instant since, Instant at, Duration window) {
        return since != null && !since.isAfter(at.minus(window).plus(window.dividedBy(100)));
    }

    /** The oldest sample in [from, to), to within 1 % of its age (at least a minute), or null if none. */
    static @Nullable Instant oldestSample(Health health, String component, Instant from, Instant to) {
        Instant newest = newestIn(health, component, from, to);
        if (newest == null) {
            return null;
        }
        // invariant: no sample in [from, lo), at least one in [lo, hi)
        Instant lo = from;
        Instant hi = newest.plusNanos(1);
        while (true) {
            Duration width = Duration.between(lo, hi);
            Duration resolution = Duration.between(hi, to).dividedBy(100);
            if (width.compareTo(resolution.compareTo(MIN_RESOLUTION) < 0 ? MIN_RESOLUTION : resolution) <= 0) {
                return lo;
            }
            Instant mid = lo.plus(width.dividedBy(2));
            Instant found = newestIn(health, component, lo, mid);
            if (found != null) {
                hi = found.plusNanos(1);
            } else {
                lo = mid;
            }
        }
    }

    /** One indexed read: the newest sample's time in [from, to), or null. */
    private static @Nullable Instant newestIn(Health health, String component, Instant from, Instant to) {
        List<HealthReport> newest = health.samples(component, from, to, 1);
        if (newest.isEmpty()) {
            return null;
        }
        Instant at = newest.get(0).checkedAt();
        return at == null ? from : at; // stored samples are stamped; fall back to the range start
    }
}
