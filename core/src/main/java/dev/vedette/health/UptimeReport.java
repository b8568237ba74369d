package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * Uptime of one component over the last 24 hours, 7 days and 30 days, each the share of health
 * samples in which the component was available (UP or DEGRADED) as defined by {@link
 * HealthStats#uptime()}: UNKNOWN samples count on neither side, and a window without UP, DEGRADED
 * or DOWN samples has uptime NaN ("no data", shown as {@code n/a}).
 *
 * <p>{@link #compute} works over any source of {@link HealthStats}, typically a store:
 *
 * <pre>{@code
 * UptimeReport uptime = UptimeReport.compute("paypal", clock.instant(),
 *     (from, to) -> store.healthStats("paypal", from, to));
 * uptime.format(uptime.last30d()); // "99.95%"
 * }</pre>
 *
 * @param component the component
 * @param at the end of all three windows
 * @param last24h uptime over {@code [at - 24h, at)}, 0 to 1 or NaN
 * @param last7d uptime over {@code [at - 7d, at)}, 0 to 1 or NaN
 * @param last30d uptime over {@code [at - 30d, at)}, 0 to 1 or NaN
 */
public record UptimeReport(String component, Instant at, double last24h, double last7d, double last30d) {
    /** The short window: 24 hours. */
    public static final Duration DAY = Duration.ofHours(24);
    /** The middle window: 7 days. */
    public static final Duration WEEK = Duration.ofDays(7);
    /** The long window: 30 days. */
    public static final Duration MONTH = Duration.ofDays(30);

    /**
     * Validates the values.
     *
     * @throws IllegalArgumentException if component or at is null, or an uptime is neither NaN nor
     *     between 0 and 1
     */
    public UptimeReport {
        Validate.notNull("component", component);
        Validate.notNull("at", at);
        check("last24h", last24h);
        check("last7d", last7d);
        check("last30d", last30d);
    }

    private static void check(String field, double value) {
        if (!Double.isNaN(value) && !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(field + " must be between 0 and 1 or NaN, was " + value);
        }
    }

    /**
     * Computes the three windows ending at {@code at} by asking {@code stats} for each range {@code
     * (from, to)}.
     *
     * @throws IllegalArgumentException if an argument is null, or {@code stats} returns null
     */
    public static UptimeReport compute(String component, Instant at, BiFunction<Instant, Instant, HealthStats> stats) {
        Validate.notNull("component", component);
        Validate.notNull("at", at);
        Validate.notNull("stats", stats);
        return new UptimeReport(
                component,
                at,
                uptime(stats, at.minus(DAY), at),
                uptime(stats, at.minus(WEEK), at),
                uptime(stats, at.minus(MONTH), at));
    }

    private static double uptime(BiFunction<Instant, Instant, HealthStats> stats, Instant from, Instant to) {
        HealthStats s = stats.apply(from, to);
        if (s == null) {
            throw new IllegalArgumentException("stats returned null for " + from + " to " + to);
        }
        return s.uptime();
    }

    /**
     * An uptime as a percentage with two decimals, e.g. {@code 99.95%}, or {@code n/a} for NaN.
     * Rounds down, so an uptime below 1 never shows as {@code 100.00%}.
     */
    public static String format(double uptime) {
        if (Double.isNaN(uptime)) {
            return "n/a";
        }
        return BigDecimal.valueOf(uptime)
                        .multiply(BigDecimal.valueOf(100))
                        .setScale(2, RoundingMode.FLOOR)
                        .toPlainString()
                + "%";
    }

    /**
     * How long the component may be down in a window of {@code window} at this uptime, e.g. 0.999
     * over 30 days is 43m12s. NaN uptime gives zero.
     *
     * @throws IllegalArgumentException if window is null or negative
     */
    public static Duration downtimeIn(double uptime, Duration window) {
        Validate.notNegative("window", window);
        if (Double.isNaN(uptime)) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.round(window.toMillis() * (1 - uptime)));
    }
}
