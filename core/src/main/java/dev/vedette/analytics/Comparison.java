package dev.vedette.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A period compared with a baseline period, both from rollups.
 *
 * @param from inclusive start of the current period
 * @param to exclusive end of the current period
 * @param previousFrom inclusive start of the baseline
 * @param previousTo exclusive end of the baseline
 * @param current totals of the current period
 * @param previous totals of the baseline
 * @param revenue change of net revenue per currency present in either period (absent counts as 0)
 * @param transactions change of the number of transactions
 * @param paid change of the number of paid transactions
 * @param failed change of the number of failed transactions
 * @param successRatePoints change of the success rate in percentage points ({@code (current -
 *     previous) * 100}); NaN when either rate is NaN
 */
public record Comparison(
        Instant from,
        Instant to,
        Instant previousFrom,
        Instant previousTo,
        Totals current,
        Totals previous,
        Map<Currency, Change> revenue,
        Change transactions,
        Change paid,
        Change failed,
        double successRatePoints) {

    /** Copies the map, ordering currencies by code. */
    public Comparison {
        revenue = Amounts.sortedValues(revenue);
    }

    static Comparison of(Instant from, Instant to, Instant pFrom, Instant pTo, Totals cur, Totals prev) {
        Set<Currency> currencies = new HashSet<>(cur.revenue().keySet());
        currencies.addAll(prev.revenue().keySet());
        Map<Currency, Change> revenue = new HashMap<>();
        for (Currency c : currencies) {
            revenue.put(c, Change.of(cur.revenue(c), prev.revenue(c)));
        }
        double points = Double.isNaN(cur.successRate()) || Double.isNaN(prev.successRate())
                ? Double.NaN
                : (cur.successRate() - prev.successRate()) * 100;
        return new Comparison(
                from,
                to,
                pFrom,
                pTo,
                cur,
                prev,
                revenue,
                Change.of(cur.transactions(), prev.transactions()),
                Change.of(cur.paid(), prev.paid()),
                Change.of(cur.failed(), prev.failed()),
                points);
    }

    /**
     * One figure now and in the baseline.
     *
     * <p>{@code percent = (current - previous) / |previous| * 100}. Zero baseline: {@code 0 -> 0} is
     * 0.0 (no change); {@code 0 -> anything else} is null (no baseline to compare with, shown as
     * {@code n/a}).
     *
     * @param current the figure in the current period
     * @param previous the figure in the baseline
     * @param percent the change in percent, or null for a zero baseline with a non-zero current value
     */
    public record Change(
            BigDecimal current,
            BigDecimal previous,
            @Nullable Double percent) {

        static Change of(BigDecimal current, BigDecimal previous) {
            Double percent;
            if (previous.signum() == 0) {
                percent = current.signum() == 0 ? 0.0 : null;
            } else {
                percent = current.subtract(previous)
                        .multiply(BigDecimal.valueOf(100))
                        .divide(previous.abs(), 10, RoundingMode.HALF_EVEN)
                        .doubleValue();
            }
            return new Change(current, previous, percent);
        }

        static Change of(long current, long previous) {
            return of(BigDecimal.valueOf(current), BigDecimal.valueOf(previous));
        }

        /** The absolute difference {@code current - previous}. */
        public BigDecimal difference() {
            return current.subtract(previous);
        }

        /** The change as {@code +17.4 %}, {@code -3.0 %}, {@code +0.0 %} or {@code n/a}. */
        public String format() {
            return formatPercent(percent);
        }
    }

    /** A percent change as {@code +17.4 %}, {@code -3.0 %}, or {@code n/a} for null or NaN. */
    public static String formatPercent(@Nullable Double percent) {
        if (percent == null || percent.isNaN()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%+.1f %%", percent);
    }
}
