package dev.vedette.analytics;

import dev.vedette.store.TransactionFigures;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The key figures of the transactions created in [{@code from}, {@code to}).
 *
 * <p>{@code totals}, {@code providers} and {@code paymentMethods} come from rollups ({@link
 * dev.vedette.store.Store#aggregate}). {@code uniqueCustomers}, {@code payingCustomers} and {@code
 * topFailureReasons} come from one {@link dev.vedette.store.Store#transactionFigures} answer over
 * every transaction of the range; none is cut by a row bound. Every figure is exact except the two
 * customer counts when {@link #customerEstimate()} is not null (a {@code JdbcStore} estimates them
 * from per-day sketches over whole UTC days; see {@link TransactionFigures.CustomerEstimate}).
 *
 * @param from inclusive start
 * @param to exclusive end
 * @param totals counts, success rate, gross, refunds, revenue and average order value per currency
 * @param uniqueCustomers distinct customer e-mail addresses (case-insensitive) among all
 *     transactions of the range; transactions without an e-mail are not counted
 * @param payingCustomers distinct customer e-mail addresses among paid transactions
 * @param topFailureReasons the most frequent error codes of FAILED-kind transactions, most frequent
 *     first (ties by code)
 * @param providers one segment per provider, most transactions first
 * @param paymentMethods one segment per payment method, most transactions first
 * @param converted all currencies converted into one reporting currency, or null when no converter
 *     was given
 * @param customerEstimate null when {@code uniqueCustomers} and {@code payingCustomers} are exact;
 *     otherwise the days they cover and their error: show them as estimates
 */
public record Kpis(
        Instant from,
        Instant to,
        Totals totals,
        long uniqueCustomers,
        long payingCustomers,
        List<FailureReason> topFailureReasons,
        List<Segment> providers,
        List<Segment> paymentMethods,
        @Nullable Converted converted,
        TransactionFigures.@Nullable CustomerEstimate customerEstimate) {

    /** Copies the lists. */
    public Kpis {
        topFailureReasons = List.copyOf(topFailureReasons);
        providers = List.copyOf(providers);
        paymentMethods = List.copyOf(paymentMethods);
    }

    /** Key figures whose customer counts are exact ({@code customerEstimate} null). */
    public Kpis(
            Instant from,
            Instant to,
            Totals totals,
            long uniqueCustomers,
            long payingCustomers,
            List<FailureReason> topFailureReasons,
            List<Segment> providers,
            List<Segment> paymentMethods,
            @Nullable Converted converted) {
        this(
                from,
                to,
                totals,
                uniqueCustomers,
                payingCustomers,
                topFailureReasons,
                providers,
                paymentMethods,
                converted,
                null);
    }

    /**
     * One error code and how often it occurred.
     *
     * @param errorCode the error code; {@link Analytics#NONE} for failures recorded without one
     * @param count number of FAILED-kind transactions with that code
     * @param share {@code count} divided by all FAILED-kind transactions of the range, 0 to 1
     * @param sampleMessage the error message of the newest such transaction, or null
     */
    public record FailureReason(
            String errorCode,
            long count,
            double share,
            @Nullable String sampleMessage) {}

    /**
     * Money of every currency converted into one reporting currency by a host-supplied converter
     * ({@link Analytics#kpis(Instant, Instant, Currency, java.util.function.Function)}). These are
     * <em>converted</em> figures at the converter's rates, not amounts that were charged: the label
     * says so wherever they are shown.
     *
     * @param currency the reporting currency
     * @param gross sum of each currency's gross, converted
     * @param refunds sum of each currency's refunds, converted
     * @param revenue {@code gross - refunds}
     * @param label {@code "converted to EUR"}: show it next to the figures
     */
    public record Converted(
            Currency currency, BigDecimal gross, BigDecimal refunds, BigDecimal revenue, String label) {}
}
