package dev.vedette.store;

import dev.vedette.model.LatencyHistogram;
import dev.vedette.model.TransactionStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import org.jspecify.annotations.Nullable;

/**
 * One group of an {@link AggregateQuery}. Fields for dimensions the query did not group by are
 * null; {@code currency} is null for transactions recorded without an amount.
 *
 * @param bucketStart start of the time bucket, or null without buckets
 * @param currency the currency of the amounts
 * @param status the status, when grouped by status
 * @param provider the provider, when grouped by provider
 * @param paymentMethod the payment method, when grouped by method
 * @param count number of transactions
 * @param amount sum of their amounts, scaled to the currency (zero without currency)
 * @param latency histogram of the latencies of those that measured one
 */
public record AggregateRow(
        @Nullable Instant bucketStart,
        @Nullable Currency currency,
        @Nullable TransactionStatus status,
        @Nullable String provider,
        @Nullable String paymentMethod,
        long count,
        BigDecimal amount,
        LatencyHistogram latency) {}
