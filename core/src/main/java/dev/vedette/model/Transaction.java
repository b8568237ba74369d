package dev.vedette.model;

import dev.vedette.internal.Metadata;
import dev.vedette.internal.Validate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
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
 * <h2>What throws and what is flagged</h2>
 *
 * Building an observation throws only for programming errors: values that come from the host's
 * own code. The id must follow the identifier rules (not blank, at most {@value #MAX_ID_LENGTH}
 * characters, no control characters), and so must the provider name, the step and metadata keys;
 * a status, amount as {@link Money} or time must not be null; attempt, latency and metadata types
 * and sizes are checked.
 *
 * <p>Values that come from end users or payment providers never throw: the e-mail, the name, the
 * amount and its currency as text, the payment method, the provider's ids, the error code and
 * message, and metadata values. Such a value is recorded as well as it can be and the record says
 * what was done in {@link #flags()} (also kept in the metadata under {@value #FLAGS_KEY}, so every
 * store keeps it): text over its limit is cut and ends with {@value
 * dev.vedette.internal.Validate#TRUNCATION_MARKER}, control characters become U+FFFD, an e-mail
 * that is not shaped like one is kept as given, and an amount that is not valid money (a currency
 * that is not ISO 4217, {@code 1.999} for USD, a negative or unparsable amount) is not recorded as
 * money; its flag quotes what was given. Free text ({@code errorMessage}, {@code customerName}) is
 * cut at its limit without a flag; NUL characters become U+FFFD.
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
    /** Maximum length of the customer's e-mail address (longer text is cut and flagged). */
    public static final int MAX_EMAIL_LENGTH = Validate.MAX_EMAIL_LENGTH;
    /**
     * The metadata key under which an observation keeps its {@link #flags()}, reserved: a map of
     * texts given under this key is read as flags (so a copied metadata map keeps them), any other
     * value is not recorded.
     */
    public static final String FLAGS_KEY = "vedette.flags";

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
    private final Map<String, String> flags;

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
        this.occurredAt = b.occurredAt;
        this.step = b.step;
        Map<String, String> found = new LinkedHashMap<>(b.flags);
        Map<String, Object> given = b.metadata;
        if (given.containsKey(FLAGS_KEY)) {
            given = new LinkedHashMap<>(given);
            carryFlags(given.remove(FLAGS_KEY), found);
        }
        Map<String, Object> copy = Metadata.copy("metadata", given, (field, note) -> flag(found, field, note));
        this.flags = Collections.unmodifiableMap(found);
        if (found.isEmpty()) {
            this.metadata = copy;
        } else {
            Map<String, Object> withFlags = new LinkedHashMap<>(copy);
            withFlags.put(FLAGS_KEY, this.flags);
            this.metadata = Collections.unmodifiableMap(withFlags);
        }
    }

    /** Flags read back from a store (or a copied metadata map) come in under {@link #FLAGS_KEY}. */
    private static void carryFlags(@Nullable Object carried, Map<String, String> flags) {
        if (carried instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() instanceof String field && e.getValue() != null && flags.size() < Metadata.MAX_ENTRIES) {
                    flags.put(
                            Validate.text(field, Metadata.MAX_KEY),
                            Validate.text(String.valueOf(e.getValue()), Metadata.MAX_STRING));
                }
            }
        } else if (carried != null) {
            flags.put("metadata['" + FLAGS_KEY + "']", "is reserved for Vedette's flags, not recorded");
        }
    }

    private static void flag(Map<String, String> flags, String field, String note) {
        flags.merge(field, printable(note), (a, b) -> a.contains(b) ? a : a + "; " + b);
    }

    /** A note quotes what was given: keep it storable everywhere (no control characters or lone surrogates). */
    private static String printable(String note) {
        StringBuilder out = new StringBuilder(note.length());
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            boolean pair = Character.isHighSurrogate(c)
                    && i + 1 < note.length()
                    && Character.isLowSurrogate(note.charAt(i + 1));
            if (pair) {
                out.append(c).append(note.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                out.append('\uFFFD');
            } else {
                out.append(c);
            }
        }
        return Validate.text(out.toString(), Metadata.MAX_STRING);
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
        b.metadata.remove(FLAGS_KEY);
        b.flags.putAll(flags);
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

    /**
     * JSON-compatible details; unmodifiable, never null. Holds the {@link #flags()} under {@value
     * #FLAGS_KEY} when there are any.
     */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * What had to be done to record end-user or provider values, by field: {@code customerEmail →
     * "is not an e-mail address, kept as text"}, {@code amount → "currency must be an ISO 4217 code,
     * was '<b>X</b>'; not recorded"}, {@code metadata['coupon'] → "was null, not recorded"}. Empty
     * for a clean observation; unmodifiable.
     */
    public Map<String, String> flags() {
        return flags;
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

    /**
     * Shows the id, status, amount, time and the names of flagged fields; never the customer's
     * personal data.
     */
    @Override
    public String toString() {
        return "Transaction[" + id + " " + status + (money == null ? "" : " " + money)
                + (step == null ? "" : " step=" + step) + (occurredAt == null ? "" : " at " + occurredAt)
                + (flags.isEmpty() ? "" : " flagged=" + flags.keySet()) + "]";
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
        private final Map<String, String> flags = new LinkedHashMap<>();

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

        /**
         * The amount, e.g. {@code amount("19.99", "USD")}. Never throws: an amount that is not valid
         * {@link Money} (a currency that is not ISO 4217, more fraction digits than the currency has,
         * negative, unparsable or null) is not recorded and is flagged under {@code amount} with what
         * was given.
         */
        public Builder amount(@Nullable String amount, @Nullable String currency) {
            return money(() -> Money.of(amount, currency));
        }

        /** As {@link #amount(String, String)}, e.g. {@code amount(new BigDecimal("19.99"), "USD")}. */
        public Builder amount(@Nullable BigDecimal amount, @Nullable String currency) {
            return money(() -> Money.of(amount, currency));
        }

        private Builder money(java.util.function.Supplier<Money> parse) {
            try {
                Money parsed = parse.get();
                if (!parsed.equals(money)) {
                    flags.remove("amount");
                }
                this.money = parsed;
            } catch (IllegalArgumentException e) {
                this.money = null;
                flags.remove("amount");
                flag("amount", e.getMessage() + "; not recorded");
            }
            return this;
        }

        /** The amount as {@link Money}. */
        public Builder amount(Money money) {
            this.money = Validate.notNull("amount", money);
            flags.remove("amount");
            return this;
        }

        /**
         * The customer's e-mail address and user name; either may be null. Never throws: an address
         * over {@value #MAX_EMAIL_LENGTH} characters is cut, one not shaped like an address is kept as
         * given, and both are flagged under {@code customerEmail}; a name over {@value
         * #MAX_CUSTOMER_NAME_LENGTH} characters is cut.
         */
        public Builder customer(@Nullable String email, @Nullable String name) {
            this.customerEmail = code("customerEmail", customerEmail, email, MAX_EMAIL_LENGTH);
            this.customerName = Validate.text(name, MAX_CUSTOMER_NAME_LENGTH);
            return this;
        }

        /**
         * The payment provider and its ids; the ids may be null.
         *
         * @throws IllegalArgumentException if the provider name is null, blank, longer than {@value
         *     #MAX_CODE_LENGTH} characters or holds control characters (it is the host's own name for
         *     the provider); the ids, which the provider sends, are cleaned and flagged instead
         */
        public Builder provider(String provider, @Nullable String orderId, @Nullable String paymentId) {
            this.provider = Validate.identifier("provider", provider, MAX_CODE_LENGTH);
            this.providerOrderId = code("providerOrderId", providerOrderId, orderId, MAX_PROVIDER_ID_LENGTH);
            this.providerPaymentId = code("providerPaymentId", providerPaymentId, paymentId, MAX_PROVIDER_ID_LENGTH);
            return this;
        }

        /** The payment provider alone. */
        public Builder provider(String provider) {
            return provider(provider, providerOrderId, providerPaymentId);
        }

        /**
         * The payment method, e.g. {@code card}. Never throws: a method over {@value #MAX_CODE_LENGTH}
         * characters is cut, control characters become U+FFFD, a blank one is not recorded; each is
         * flagged under {@code paymentMethod}.
         */
        public Builder paymentMethod(@Nullable String method) {
            this.paymentMethod = code("paymentMethod", paymentMethod, method, MAX_CODE_LENGTH);
            return this;
        }

        /**
         * The error code and message; either may be null. Never throws: the code is cleaned and
         * flagged like {@link #paymentMethod}, the message cut at {@value #MAX_ERROR_MESSAGE_LENGTH}.
         */
        public Builder error(@Nullable String code, @Nullable String message) {
            this.errorCode = code("errorCode", errorCode, code, MAX_CODE_LENGTH);
            this.errorMessage = Validate.text(message, MAX_ERROR_MESSAGE_LENGTH);
            return this;
        }

        /**
         * Cleans an end-user value. A field set to a new value loses its old flag; set again to the
         * value it holds (as {@code toBuilder().error(t.errorCode(), ...)} does), it keeps it.
         */
        private @Nullable String code(String field, @Nullable String current, @Nullable String value, int max) {
            Map<String, String> fresh = new LinkedHashMap<>();
            java.util.function.BiConsumer<String, String> sink = (f, note) -> Transaction.flag(fresh, f, note);
            String clean = field.equals("customerEmail")
                    ? Validate.lenientEmail(field, value, sink)
                    : Validate.lenientCode(field, value, max, sink);
            if (!Objects.equals(clean, current)) {
                flags.remove(field);
            }
            fresh.forEach(this::flag);
            return clean;
        }

        private void flag(String field, String note) {
            Transaction.flag(flags, field, note);
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

        /**
         * Adds one metadata entry: a string, number, boolean, or a list or map of those. A null value
         * is not recorded and a NaN or infinite number is kept as text; both are flagged.
         *
         * @throws IllegalArgumentException if the key breaks the identifier rules
         */
        public Builder metadata(String key, @Nullable Object value) {
            Validate.identifier("metadata key", key, Metadata.MAX_KEY);
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
         * @throws IllegalArgumentException if the metadata has a key that breaks the identifier rules,
         *     a value that is not JSON-compatible, more than 64 entries or nests deeper than 4 levels
         */
        public Transaction build() {
            return new Transaction(this);
        }
    }
}
