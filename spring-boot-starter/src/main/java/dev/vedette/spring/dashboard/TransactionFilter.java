package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardParams.blank;
import static dev.vedette.spring.dashboard.DashboardParams.checkOrder;

import dev.vedette.store.TransactionQuery;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The transaction filters of {@code GET {base}/api/transactions} and of the CSV export, bound from
 * the query parameters of the same names and read into a {@link TransactionQuery} by {@link
 * #toQuery}, which rejects bad values with the parameter's name.
 *
 * @param status status codes, repeatable or comma-separated
 * @param email customer e-mail
 * @param provider payment provider
 * @param providerId provider order or payment id
 * @param method payment method
 * @param currency ISO 4217 code
 * @param min lowest amount, a decimal
 * @param max highest amount, a decimal
 * @param from a date (business zone) or ISO instant
 * @param to a date (inclusive) or ISO instant
 * @param q text searched in error code and message; an exact id is also looked up
 */
public record TransactionFilter(
        @Nullable List<String> status,
        @Nullable String email,
        @Nullable String provider,
        @Nullable String providerId,
        @Nullable String method,
        @Nullable String currency,
        @Nullable String min,
        @Nullable String max,
        @Nullable String from,
        @Nullable String to,
        @Nullable String q) {

    /** The store query for this filter: one page of {@code limit} after the cursor {@code after}. */
    TransactionQuery toQuery(DashboardParams params, int limit, @Nullable String after) {
        TransactionQuery.Builder b = TransactionQuery.builder();
        for (String s : DashboardParams.split(status)) {
            b.status(DashboardParams.transactionStatus(s));
        }
        Instant fromTime = params.instant("from", from, false);
        Instant toTime = params.instant("to", to, true);
        checkOrder(fromTime, from, toTime, to);
        BigDecimal minAmount = DashboardParams.amount("min", min, RoundingMode.CEILING);
        BigDecimal maxAmount = DashboardParams.amount("max", max, RoundingMode.FLOOR);
        if (minAmount != null && maxAmount != null && minAmount.compareTo(maxAmount) > 0) {
            throw new IllegalArgumentException("min must not be greater than max, was "
                    + minAmount.stripTrailingZeros().toPlainString() + " > "
                    + maxAmount.stripTrailingZeros().toPlainString());
        }
        return b.customerEmail(blank(email))
                .provider(blank(provider))
                .providerId(blank(providerId))
                .paymentMethod(blank(method))
                .currency(DashboardParams.currency(currency))
                .amountBetween(minAmount, maxAmount)
                .createdBetween(fromTime, toTime)
                .text(blank(q))
                .limit(limit)
                .after(blank(after))
                .build();
    }
}
