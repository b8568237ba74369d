package dev.vedette.analytics;

import java.time.YearMonth;
import java.util.List;

/**
 * Paying customers grouped by the month of their first payment, and how many of them paid again in
 * each later month, from a bounded scan of the transactions created in the months {@code from} to
 * {@code to} (inclusive, business zone).
 *
 * <p>A customer is a case-insensitive e-mail address; transactions without one are ignored. A
 * customer is <em>active</em> in a month if they have a paid transaction created in it. Their
 * cohort is the first month of the range in which they were active, so a customer who also paid
 * before {@code from} lands in a later cohort than their real first payment: start the range at the
 * beginning of your data for true first-payment cohorts.
 *
 * @param from first month
 * @param to last month
 * @param cohorts one per month of the range, oldest first, empty cohorts included
 * @param scan what the scan read
 */
public record Cohorts(YearMonth from, YearMonth to, List<Cohort> cohorts, ScanInfo scan) {
    /** Largest number of months a cohort table may span. */
    public static final int MAX_MONTHS = 120;

    /** Copies the list. */
    public Cohorts {
        cohorts = List.copyOf(cohorts);
    }

    /**
     * One cohort.
     *
     * @param month the first-payment month
     * @param customers customers whose first payment in the range fell in this month
     * @param active {@code active.get(k)}: how many of them were active {@code k} months later, for
     *     every month up to {@code to}; {@code active.get(0) == customers}
     * @param retention {@code active.get(k) / customers}, 0 to 1; NaN for an empty cohort
     */
    public record Cohort(YearMonth month, long customers, List<Long> active, List<Double> retention) {
        /** Copies the lists. */
        public Cohort {
            active = List.copyOf(active);
            retention = List.copyOf(retention);
        }
    }
}
