package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardViews.rate;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.vedette.analytics.TimeSeries;
import dev.vedette.analytics.Totals;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Key figures over a period ({@code Totals} in {@code docs/dashboard.md}); money per currency.
 *
 * @param transactions transactions
 * @param succeeded succeeded
 * @param failed failed
 * @param reversed refunded or reversed
 * @param pending pending
 * @param paid paid
 * @param successRate fraction, null when undefined
 * @param failureRate fraction, null when undefined
 * @param revenue per currency
 * @param gross per currency
 * @param refunds per currency
 * @param averageOrderValue per currency
 * @param byStatus transactions per status code
 */
public record TotalsView(
        long transactions,
        long succeeded,
        long failed,
        long reversed,
        long pending,
        long paid,
        @Nullable Double successRate,
        @Nullable Double failureRate,
        List<MoneyView.Amount> revenue,
        List<MoneyView.Amount> gross,
        List<MoneyView.Amount> refunds,
        List<MoneyView.Amount> averageOrderValue,
        Map<String, Long> byStatus) {

    static TotalsView of(Totals t) {
        return new TotalsView(
                t.transactions(),
                t.succeeded(),
                t.failed(),
                t.reversed(),
                t.pending(),
                t.paid(),
                rate(t.successRate()),
                rate(t.failureRate()),
                MoneyView.Amount.of(t.revenue()),
                MoneyView.Amount.of(t.gross()),
                MoneyView.Amount.of(t.refunds()),
                MoneyView.Amount.of(t.averageOrderValue()),
                new LinkedHashMap<>(t.byStatus()));
    }

    /**
     * Totals since a point in time: the fields of {@link TotalsView} plus {@code from}.
     *
     * @param totals the figures
     * @param from ISO instant the period starts
     */
    public record Since(@JsonUnwrapped TotalsView totals, String from) {}

    /**
     * One point of a time series ({@code Point} in {@code docs/dashboard.md}).
     *
     * @param start ISO instant
     * @param end ISO instant
     * @param label bucket label in the business zone
     * @param transactions transactions
     * @param succeeded succeeded
     * @param failed failed
     * @param successRate fraction, null when undefined
     * @param revenue per currency
     */
    public record Point(
            String start,
            String end,
            String label,
            long transactions,
            long succeeded,
            long failed,
            @Nullable Double successRate,
            List<MoneyView.Amount> revenue) {
        static Point of(TimeSeries.Point p) {
            return new Point(
                    p.start().toString(),
                    p.end().toString(),
                    p.label(),
                    p.totals().transactions(),
                    p.totals().succeeded(),
                    p.totals().failed(),
                    rate(p.totals().successRate()),
                    MoneyView.Amount.of(p.totals().revenue()));
        }

        static List<Point> of(TimeSeries series) {
            return series.points().stream().map(Point::of).toList();
        }
    }
}
