package dev.vedette;

import dev.vedette.internal.Metadata;
import dev.vedette.internal.Validate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One observation of a payment transaction, as the host records it: "txn-42 is now FAILED with
 * INSTRUMENT_DECLINED on attempt 2".
 *
 * <p>Recording the same {@link #id()} again is an upsert: the store keeps one current state per id
 * and appends every observation to the transaction's timeline. Observations are ordered by {@link
 * #occurredAt()} (event time), not by arrival, and an older observation never moves a terminal
 * status back. A {@linkplain Builder#step(String) named step} (such as {@code user_created} or
 * {@code email_sent}) is an observation too; it feeds the funnel.
 *
 * <h2>Limits</h2>
 *
 * Identifiers ({@code id}, provider and its ids, payment method, error code, step) are rejected
 * when blank, longer than their limit or holding control characters, since a cut identifier names
 * something else. Free text ({@code errorMessage}, {@code customerName}) is cut at its limit and
 * ends with {@value dev.vedette.internal.Validate#TRUNCATION_MARKER}; NUL characters become U+FFFD.
 *
 * <pre>{@code
 * Transaction t = Transaction.builder("txn-42")
 *     .status(TransactionStatus.FAILED).amount("19.99", "USD")
 *     .customer("ada@example.com", "ada").provider("paypal", orderId, captureId)
 *     .error("INSTRUMENT_DECLINED", "Card declined").attempt(2).build();
 * }</pre>
 */
public final class Transaction {
    /** Maximum length of {@link #id()}. */
    public static final int MAX_ID_LENGTH = 128;
    /** Maximum length of provider names, payment methods, error codes and step names. */
    public static final int MAX_CODE_LENGTH = 64;
    /** Maximum length of provider order and payment ids. */
    public static final int MAX_PROVIDER_ID_LENGTH = 128;
    /** Maximum length of the customer name (longer names are cut). */
    public static final int MAX_CUSTOMER_NAME_LENGTH = 128;
    /** Maximum length of the error message (longer messages are cut). */
    public static final int MAX_ERROR_MESSAGE_LENGTH = 2_000;

    private final String id;
    private final @Nullable TransactionStatus status;
    private final @Nullable Money money;
    private final @Nullable String customerEmail;
    private final @Nullable String customerName;
    private final @Nullable String provider;
    private final @Nullable String providerOrderId;
    private final @Nullable String providerPaymentId;
    private final @Nullable String paymentMethod;
    private final @Nullable String errorCode;
    private final @Nullable String errorMessage;
    private final int attempt;
    private final @Nullable Duration latency;
    private final Map<String, Object> metadata;
    private final @Nullable Instant occurredAt;
    private final @Nullable String step;

    private Transaction(Builder b) {
        this.id = b.id;
        this.status = b.status;
        this.money = b.money;
        this.customerEmail = b.customerEmail;
        this.customerName = b.customerName;
        this.provider = b.provider;
        this.providerOrderId = b.providerOrderId;
        this.providerPaymentId = b.providerPaymentId;
        this.paymentMethod = b.paymentMethod;
        this.errorCode = b.errorCode;
        this.errorMessage = b.errorMessage;
        this.attempt = b.attempt;
        this.latency = b.latency;
        this.metadata = Metadata.copy("metadata", b.metadata);
        this.occurredAt = b.occurredAt;
        this.step = b.step;
    }

    /**
     * Starts an observation of the transaction with this id.
     *
     * @throws IllegalArgumentException if the id is null, blank, longer than {@value #MAX_ID_LENGTH}
     *     characters or holds control characters
     */
    public static Builder builder(String id) {
        return new Builder(Validate.identifier("id", id, MAX_ID_LENGTH));
    }

    /** A builder pre-filled with this observation's values. */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.status = status;
        b.money = money;
        b.customerEmail = customerEmail;
        b.customerName = customerName;
        b.provider = provider;
        b.providerOrderId = providerOrderId;
        b.providerPaymentId = providerPaymentId;
        b.paymentMethod = paymentMethod;
        b.errorCode = errorCode;
        b.errorMessage = errorMessage;
        b.attempt = attempt;
        b.latency = latency;
        b.metadata = new LinkedHashMap<>(metadata);
        b.occurredAt = occurredAt;
        b.step = step;
        return b;
    }

    /** The host's transaction id, unique per transaction. */
    public String id() {
        return id;
    }

    /**
     * The status observed, or null for an observation that only records a step or details. A
     * transaction first seen without a status starts {@link TransactionStatus#PENDING}.
     */
    public @Nullable TransactionStatus status() {
        return status;
    }

    /** The amount, if known. */
    public @Nullable Money money() {
        return money;
    }

    /** The customer's e-mail address (personal data: masked or erased on request). */
    public @Nullable String customerEmail() {
        return customerEmail;
    }

    /** The customer's user name (personal data). */
    public @Nullable String customerName() {
        return customerName;
    }

    /** The payment provider, e.g. {@code paypal}, {@code stripe}. */
    public @Nullable String provider() {
        return provider;
    }

    /** The provider's order id (PayPal order, Stripe payment intent). */
    public @Nullable String providerOrderId() {
        return providerOrderId;
    }

    /** The provider's payment id (PayPal capture, Stripe charge). */
    public @Nullable String providerPaymentId() {
        return providerPaymentId;
    }

    /** The payment method, e.g. {@code card}, {@code paypal}, {@code ideal}. */
    public @Nullable String paymentMethod() {
        return paymentMethod;
    }

    /** The provider's or the host's error code, e.g. {@code INSTRUMENT_DECLINED}. */
    public @Nullable String errorCode() {
        return errorCode;
    }

    /** A human-readable error message. */
    public @Nullable String errorMessage() {
        return errorMessage;
    }

    /** The attempt number, starting at 1; 0 when not given. */
    public int attempt() {
        return attempt;
    }

    /** How long the provider call took, if measured; feeds latency rules and p95 figures. */
    public @Nullable Duration latency() {
        return latency;
    }

    /** JSON-compatible details; unmodifiable, never null. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * When this was observed. Null means "when recorded": the monitor stamps it from its clock.
     */
    public @Nullable Instant occurredAt() {
        return occurredAt;
    }

    /** The named step this observation records, e.g. {@code email_sent}, or null. */
    public @Nullable String step() {
        return step;
    }

    /** This observation with {@link #occurredAt()} set, unless it was already set. */
    public Transaction stampedAt(Instant now) {
        if (occurredAt != null) {
            return this;
        }
        return toBuilder().occurredAt(now).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction t
                && t.id.equals(id)
                && Objects.equals(t.status, status)
                && Objects.equals(t.money, money)
                && Objects.equals(t.customerEmail, customerEmail)
                && Objects.equals(t.customerName, customerName)
                && Objects.equals(t.provider, provider)
                && Objects.equals(t.providerOrderId, providerOrderId)
                && Objects.equals(t.providerPaymentId, providerPaymentId)
                && Objects.equals(t.paymentMethod, paymentMethod)
                && Objects.equals(t.errorCode, errorCode)
                && Objects.equals(t.errorMessage, errorMessage)
                && t.attempt == attempt
                && Objects.equals(t.latency, latency)
                && t.metadata.equals(metadata)
                && Objects.equals(t.occurredAt, occurredAt)
                && Objects.equals(t.step, step);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, status, money, occurredAt, step);
    }

    /** Shows the id, status, amount and time; never the customer's personal data. */
    @Override
    public String toString() {
        return "Transaction[" + id + " " + status + (money == null ? "" : " " + money)
                + (step == null ? "" : " step=" + step) + (occurredAt == null ? "" : " at " + occurredAt) + "]";
    }

    /** Builds a {@link Transaction}; every setter validates at once and names the bad value. */
    public static final class Builder {
        private final String id;
        private @Nullable TransactionStatus status;
        private @Nullable Money money;
        private @Nullable String customerEmail;
        private @Nullable String customerName;
        private @Nullable String provider;
        private @Nullable String providerOrderId;
        private @Nullable String providerPaymentId;
        private @Nullable String paymentMethod;
        private @Nullable String errorCode;
        private @Nullable String errorMessage;
        private int attempt;
        private @Nullable Duration latency;
        private Map<String, Object> metadata = new LinkedHashMap<>();
        private @Nullable Instant occurredAt;
        private @Nullable String step;

        private Builder(String id) {
            this.id = id;
        }

        /** The status observed. */
        public Builder status(TransactionStatus status) {
            this.status = Validate.notNull("status", status);
            return this;
        }

        /** The status observed, by well-known code ({@code "COMPLETED"}). */
        public Builder status(String status) {
            return status(TransactionStatus.of(status));
        }

        /** The amount, e.g. {@code amount("19.99", "USD")}. */
        public Builder amount(String amount, String currency) {
            this.money = Money.of(amount, currency);
            return this;
        }

        /** The amount, e.g. {@code amount(new BigDecimal("19.99"), "USD")}. */
        public Builder amount(BigDecimal amount, String currency) {
            this.money = Money.of(amount, currency);
            return this;
        }

        /** The amount as {@link Money}. */
        public Builder amount(Money money) {
            this.money = Validate.notNull("amount", money);
            return this;
        }

        /** The customer's e-mail address and user name; either may be null. */
        public Builder customer(@Nullable String email, @Nullable String name) {
            this.customerEmail = Validate.optionalEmail("customerEmail", email);
            this.customerName = Validate.text(name, MAX_CUSTOMER_NAME_LENGTH);
            return this;
        }

        /** The payment provider and its ids; the ids may be null. */
        public Builder provider(String provider, @Nullable String orderId, @Nullable String paymentId) {
            this.provider = Validate.identifier("provider", provider, MAX_CODE_LENGTH);
            this.providerOrderId = Validate.optionalIdentifier("providerOrderId", orderId, MAX_PROVIDER_ID_LENGTH);
            this.providerPaymentId =
                    Validate.optionalIdentifier("providerPaymentId", paymentId, MAX_PROVIDER_ID_LENGTH);
            return this;
        }

        /** The payment provider alone. */
        public Builder provider(String provider) {
            return provider(provider, providerOrderId, providerPaymentId);
        }

        /** The payment method, e.g. {@code card}. */
        public Builder paymentMethod(String method) {
            this.paymentMethod = Validate.identifier("paymentMethod", method, MAX_CODE_LENGTH);
            return this;
        }

        /** The error code (identifier) and message (free text); either may be null. */
        public Builder error(@Nullable String code, @Nullable String message) {
            this.errorCode = Validate.optionalIdentifier("errorCode", code, MAX_CODE_LENGTH);
            this.errorMessage = Validate.text(message, MAX_ERROR_MESSAGE_LENGTH);
            return this;
        }

        /** The attempt number, 1 or more. */
        public Builder attempt(int attempt) {
            this.attempt = Validate.atLeast("attempt", attempt, 1);
            return this;
        }

        /** How long the provider call took. */
        public Builder latency(Duration latency) {
            this.latency = Validate.notNegative("latency", latency);
            return this;
        }

        /** Adds one metadata entry (see {@link Metadata} for what values are allowed). */
        public Builder metadata(String key, Object value) {
            Validate.identifier("metadata key", key, Metadata.MAX_KEY);
            Validate.notNull("metadata['" + Validate.quote(key) + "']", value);
            metadata.put(key, value);
            return this;
        }

        /** Replaces the metadata with a copy of this map. */
        public Builder metadata(Map<String, ?> metadata) {
            Validate.notNull("metadata", metadata);
            this.metadata = new LinkedHashMap<>(metadata);
            return this;
        }

        /** When this was observed; by default the monitor's clock at record time. */
        public Builder occurredAt(Instant occurredAt) {
            this.occurredAt = Validate.notNull("occurredAt", occurredAt);
            return this;
        }

        /** A named step, e.g. {@code user_created}; lower-case letters, digits and {@code _ . -}. */
        public Builder step(String step) {
            Validate.identifier("step", step, MAX_CODE_LENGTH);
            if (!step.matches("[a-z0-9_.\\-]+")) {
                throw new IllegalArgumentException("step must use lower-case letters, digits, '_', '.' or '-', was '"
                        + Validate.quote(step) + "'");
            }
            this.step = step;
            return this;
        }

        /**
         * Builds the observation.
         *
         * @throws IllegalArgumentException if the metadata is not JSON-compatible or over its limits
         */
        public Transaction build() {
            return new Transaction(this);
        }
    }
}
