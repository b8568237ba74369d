package dev.vedette.analytics;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts and money of the transactions created in a range (or one bucket of a series), read from
 * the store's rollups ({@link dev.vedette.store.Store#aggregate}). Money is per currency and never
 * summed across currencies; every amount is scaled to its currency's fraction digits. Transactions
 * recorded without an amount count in the counts but in no currency.
 *
 * <p>Definitions (see {@link RefundAccounting} for the two refund models):
 *
 * <ul>
 *   <li>{@code paid}: SAME_TRANSACTION: SUCCEEDED + REVERSED; SEPARATE_TRANSACTION: SUCCEEDED.
 *   <li>{@code successRate = paid / (paid + failed)}; PENDING transactions, and in the
 *       SEPARATE_TRANSACTION model refund transactions, are on neither side. NaN when {@code paid +
 *       failed == 0}.
 *   <li>{@code gross}: amounts of paid transactions; {@code refunds}: amounts of REVERSED ones;
 *       {@code revenue = gross - refunds}.
 *   <li>{@code averageOrderValue = gross / number of paid transactions} in that currency, rounded
 *       half-even to the currency.
 * </ul>
 *
 * @param transactions every transaction, any status
 * @param succeeded transactions whose status kind is SUCCEEDED
 * @param failed transactions whose status kind is FAILED
 * @param reversed transactions whose status kind is REVERSED (refunds, chargebacks)
 * @param pending transactions whose status kind is PENDING
 * @param paid successful payments, as defined above
 * @param successRate 0 to 1, or NaN without paid or failed transactions
 * @param gross per currency, amounts of paid transactions
 * @param refunds per currency, amounts of REVERSED transactions
 * @param revenue per currency, {@code gross - refunds}
 * @param averageOrderValue per currency with at least one paid transaction
 * @param byStatus number of transactions per status code, sorted by code (custom statuses included)
 */
public record Totals(
        long transactions,
        long succeeded,
        long failed,
        long reversed,
        long pending,
        long paid,
        double successRate,
        Map<Currency, BigDecimal> gross,
        Map<Currency, BigDecimal> refunds,
        Map<Currency, BigDecimal> revenue,
        Map<Currency, BigDecimal> averageOrderValue,
        SortedMap<String, Long> byStatus) {

    /** Copies the maps, ordering currencies by code. */
    public Totals {
        gross = Amounts.sorted(gross);
        refunds = Amounts.sorted(refunds);
        revenue = Amounts.sorted(revenue);
        averageOrderValue = Amounts.sorted(averageOrderValue);
        byStatus = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(byStatus));
    }

    /** Totals of nothing. */
    public static Totals empty() {
        return new Tally().totals(RefundAccounting.SAME_TRANSACTION);
    }

    /** Share of failed transactions among paid and failed ones, {@code 1 - successRate}; NaN likewise. */
    public double failureRate() {
        return Double.isNaN(successRate) ? Double.NaN : 1.0 - successRate;
    }

    /** The net revenue in one currency, zero when there was none. */
    public BigDecimal revenue(Currency currency) {
        BigDecimal r = revenue.get(currency);
        return r == null ? Amounts.zero(currency) : r;
    }
}
