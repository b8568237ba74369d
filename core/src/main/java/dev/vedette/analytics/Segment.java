package dev.vedette.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Performance of one provider or one payment method over a range, from rollups. Rates follow
 * {@link Totals}; latency percentiles come from the merged {@link
 * dev.vedette.model.LatencyHistogram}s of the rollups (the upper bound of the bucket holding the
 * percentile, never lower than the true value) and are null when no transaction measured a latency.
 *
 * @param name the provider or method; {@link Analytics#NONE} for transactions recorded without one
 * @param totals counts and money of this segment
 * @param p50 median latency, or null
 * @param p95 95th percentile latency, or null
 * @param p99 99th percentile latency, or null
 */
public record Segment(
        String name,
        Totals totals,
        @Nullable Duration p50,
        @Nullable Duration p95,
        @Nullable Duration p99) {

    /** Number of transactions. */
    public long transactions() {
        return totals.transactions();
    }

    /** {@code paid / (paid + failed)}, NaN without either. */
    public double successRate() {
        return totals.successRate();
    }

    /** {@code failed / (paid + failed)}, NaN without either. */
    public double errorRate() {
        return totals.failureRate();
    }

    /** Net revenue per currency. */
    public Map<Currency, BigDecimal> revenue() {
        return totals.revenue();
    }
}
