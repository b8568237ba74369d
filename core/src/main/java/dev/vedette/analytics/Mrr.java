package dev.vedette.analytics;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;

/**
 * Monthly recurring revenue per month and currency, derived from subscription payments by a
 * bounded scan. The rules are in {@code docs/analytics.md} ("MRR"); in short:
 *
 * <ul>
 *   <li>A subscription payment is a transaction whose metadata has {@code subscription} = {@code
 *       true} (boolean or the string {@code "true"}) and whose status kind is SUCCEEDED.
 *   <li>The subscriber is metadata {@code subscription_id} if present, else the customer e-mail
 *       (case-insensitive), together with the currency. Payments with neither are ignored.
 *   <li>A subscriber's monthly amount in a month is metadata {@code plan_amount} (a decimal in the
 *       payment's currency) of their newest subscription payment created in that month, or that
 *       payment's amount without {@code plan_amount}. A subscriber without a payment in a month
 *       contributes nothing to it.
 *   <li>For month M against M−1: <b>new</b> = subscribers in M never seen before in the scan;
 *       <b>reactivation</b> = in M, not in M−1, seen earlier; <b>expansion</b> / <b>contraction</b> =
 *       increase / decrease of those in both; <b>churn</b> = the M−1 amount of those in M−1 and not
 *       in M. Hence {@code mrr(M) = mrr(M-1) + new + reactivation + expansion - contraction - churn}.
 *   <li>{@code planChanges} counts subscribers in both months whose metadata {@code plan} changed.
 * </ul>
 *
 * @param from first month
 * @param to last month
 * @param months one entry per month of the range and currency seen in the scan (month, then currency
 *     code order); the month before {@code from} is read as the baseline of {@code from}
 * @param scan what the scan read
 */
public record Mrr(YearMonth from, YearMonth to, List<Month> months, ScanInfo scan) {
    /** Copies the list. */
    public Mrr {
        months = List.copyOf(months);
    }

    /**
     * MRR of one month in one currency.
     *
     * @param month the month
     * @param currency the currency
     * @param mrr sum of the subscribers' monthly amounts in this month
     * @param newMrr amounts of new subscribers
     * @param reactivationMrr amounts of returning subscribers
     * @param expansionMrr increases of continuing subscribers
     * @param contractionMrr decreases of continuing subscribers (positive number)
     * @param churnedMrr previous-month amounts of subscribers who did not pay this month (positive)
     * @param subscribers subscribers with a payment this month
     * @param newSubscribers new subscribers
     * @param churnedSubscribers subscribers of the previous month without a payment this month
     * @param planChanges continuing subscribers whose {@code plan} changed
     */
    public record Month(
            YearMonth month,
            Currency currency,
            BigDecimal mrr,
            BigDecimal newMrr,
            BigDecimal reactivationMrr,
            BigDecimal expansionMrr,
            BigDecimal contractionMrr,
            BigDecimal churnedMrr,
            long subscribers,
            long newSubscribers,
            long churnedSubscribers,
            long planChanges) {

        /** {@code newMrr + reactivationMrr + expansionMrr - contractionMrr - churnedMrr}. */
        public BigDecimal netNewMrr() {
            return newMrr.add(reactivationMrr)
                    .add(expansionMrr)
                    .subtract(contractionMrr)
                    .subtract(churnedMrr);
        }
    }
}
