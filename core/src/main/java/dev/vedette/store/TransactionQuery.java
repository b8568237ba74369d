package dev.vedette.store;

import dev.vedette.internal.Validate;
import dev.vedette.model.TransactionStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A transaction search: every filter set must match (AND). Results are ordered newest first by
 * {@code createdAt}, ties by id descending, and paged by keyset: pass a page's {@code nextCursor}
 * as {@link Builder#after(String)}.
 *
 * <p>{@code text} matches the error code or error message, case-insensitively, as a literal: {@code
 * %}, {@code _} and {@code \} have no special meaning. {@code providerId} matches the provider order
 * id or payment id exactly. Amount bounds are inclusive and only match transactions with an
 * amount; {@code from} is inclusive and {@code to} exclusive on {@code createdAt}.
 *
 * @param statuses statuses to include; empty means all
 * @param customerEmail exact e-mail address (case-insensitive)
 * @param provider exact provider
 * @param providerId a provider order or payment id
 * @param paymentMethod exact payment method
 * @param currency only transactions in this currency
 * @param minAmount inclusive lower bound
 * @param maxAmount inclusive upper bound
 * @param from inclusive lower bound on createdAt
 * @param to exclusive upper bound on createdAt
 * @param text literal, case-insensitive substring of error code or message
 * @param limit page size, 1 to {@value #MAX_LIMIT}
 * @param after a cursor from the previous page, or null for the first page
 */
public record TransactionQuery(
        Set<TransactionStatus> statuses,
        @Nullable String customerEmail,
        @Nullable String provider,
        @Nullable String providerId,
        @Nullable String paymentMethod,
        @Nullable Currency currency,
        @Nullable BigDecimal minAmount,
        @Nullable BigDecimal maxAmount,
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable String text,
        int limit,
        @Nullable String after) {

    /** Default page size. */
    public static final int DEFAULT_LIMIT = 50;
    /** Largest page size. */
    public static final int MAX_LIMIT = 1_000;

    /** Validates. */
    public TransactionQuery {
        statuses = Set.copyOf(statuses);
        Validate.between("limit", limit, 1, MAX_LIMIT);
        if (after != null) {
            Cursor.decode(after);
        }
        if (minAmount != null && maxAmount != null && minAmount.compareTo(maxAmount) > 0) {
            throw new IllegalArgumentException("minAmount must not exceed maxAmount, was " + minAmount.toPlainString()
                    + " > " + maxAmount.toPlainString());
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to, was " + from + " > " + to);
        }
        text = text == null || text.isEmpty() ? null : Validate.text(text, 200);
    }

    /** All transactions, newest first, first page of {@value #DEFAULT_LIMIT}. */
    public static TransactionQuery all() {
        return builder().build();
    }

    /** Starts a query. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this query's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.statuses.addAll(statuses);
        b.customerEmail = customerEmail;
        b.provider = provider;
        b.providerId = providerId;
        b.paymentMethod = paymentMethod;
        b.currency = currency;
        b.minAmount = minAmount;
        b.maxAmount = maxAmount;
        b.from = from;
        b.to = to;
        b.text = text;
        b.limit = limit;
        b.after = after;
        return b;
    }

    /** The decoded {@link #after()} cursor, or null. */
    public @Nullable Cursor afterCursor() {
        return after == null ? null : Cursor.decode(after);
    }

    /** Builds a {@link TransactionQuery}. */
    public static final class Builder {
        private final Set<TransactionStatus> statuses = new LinkedHashSet<>();
        private @Nullable String customerEmail;
        private @Nullable String provider;
        private @Nullable String providerId;
        private @Nullable String paymentMethod;
        private @Nullable Currency currency;
        private @Nullable BigDecimal minAmount;
        private @Nullable BigDecimal maxAmount;
        private @Nullable Instant from;
        private @Nullable Instant to;
        private @Nullable String text;
        private int limit = DEFAULT_LIMIT;
        private @Nullable String after;

        private Builder() {}

        /** Adds statuses to include. */
        public Builder status(TransactionStatus... statuses) {
            for (TransactionStatus s : statuses) {
                this.statuses.add(Validate.notNull("status", s));
            }
            return this;
        }

        /** Exact customer e-mail. */
        public Builder customerEmail(@Nullable String email) {
            this.customerEmail = email;
            return this;
        }

        /** Exact provider. */
        public Builder provider(@Nullable String provider) {
            this.provider = provider;
            return this;
        }

        /** A provider order or payment id. */
        public Builder providerId(@Nullable String providerId) {
            this.providerId = providerId;
            return this;
        }

        /** Exact payment method. */
        public Builder paymentMethod(@Nullable String paymentMethod) {
            this.paymentMethod = paymentMethod;
            return this;
        }

        /** Only this currency. */
        public Builder currency(@Nullable Currency currency) {
            this.currency = currency;
            return this;
        }

        /** Inclusive amount range; either bound may be null. */
        public Builder amountBetween(@Nullable BigDecimal min, @Nullable BigDecimal max) {
            this.minAmount = min;
            this.maxAmount = max;
            return this;
        }

        /** createdAt in [from, to); either bound may be null. */
        public Builder createdBetween(@Nullable Instant from, @Nullable Instant to) {
            this.from = from;
            this.to = to;
            return this;
        }

        /** Literal, case-insensitive text in error code or message. */
        public Builder text(@Nullable String text) {
            this.text = text;
            return this;
        }

        /** Page size. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** The cursor of the previous page. */
        public Builder after(@Nullable String cursor) {
            this.after = cursor;
            return this;
        }

        /** Builds and validates. */
        public TransactionQuery build() {
            return new TransactionQuery(
                    statuses,
                    customerEmail,
                    provider,
                    providerId,
                    paymentMethod,
                    currency,
                    minAmount,
                    maxAmount,
                    from,
                    to,
                    text,
                    limit,
                    after);
        }
    }
}
