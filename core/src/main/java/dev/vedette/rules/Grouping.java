package dev.vedette.rules;

import dev.vedette.model.StoredTransaction;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What an event-driven rule keeps one window per: nothing (one overall window), provider, method or a metadata key. */
record Grouping(Kind kind, @Nullable String metadataKey) {
    enum Kind {
        OVERALL,
        PROVIDER,
        PAYMENT_METHOD,
        METADATA,
        CUSTOMER_EMAIL
    }

    static final Grouping OVERALL = new Grouping(Kind.OVERALL, null);
    static final Grouping PROVIDER = new Grouping(Kind.PROVIDER, null);
    static final Grouping PAYMENT_METHOD = new Grouping(Kind.PAYMENT_METHOD, null);
    static final Grouping CUSTOMER_EMAIL = new Grouping(Kind.CUSTOMER_EMAIL, null);

    static Grouping metadata(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("metadata key must not be blank, was '" + key + "'");
        }
        return new Grouping(Kind.METADATA, key);
    }

    /** Parses {@code overall}, {@code provider}, {@code payment-method}, {@code customer} or {@code metadata:<key>}. */
    static Grouping parse(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("metadata:")) {
            return metadata(v.substring("metadata:".length()).strip());
        }
        return switch (lower) {
            case "overall", "none" -> OVERALL;
            case "provider" -> PROVIDER;
            case "payment-method", "payment_method", "method" -> PAYMENT_METHOD;
            case "customer", "customer-email", "email" -> CUSTOMER_EMAIL;
            default ->
                throw new IllegalArgumentException(
                        "must be overall, provider, payment-method, customer or metadata:<key>");
        };
    }

    /** The group key of a merged transaction: "" for overall, null if the transaction lacks the value. */
    @Nullable
    String keyOf(StoredTransaction t) {
        return switch (kind) {
            case OVERALL -> "";
            case PROVIDER -> t.provider();
            case PAYMENT_METHOD -> t.paymentMethod();
            case CUSTOMER_EMAIL ->
                t.customerEmail() == null ? null : t.customerEmail().toLowerCase(Locale.ROOT);
            case METADATA -> metadataValue(t.metadata());
        };
    }

    private @Nullable String metadataValue(Map<String, Object> metadata) {
        Object v = metadata.get(metadataKey);
        if (v == null || v instanceof Map || v instanceof java.util.List) {
            return null;
        }
        String s = v.toString();
        return s.isBlank() ? null : s;
    }

    /** The label name carrying the key: provider, payment_method, customer or the metadata key. */
    String labelName() {
        return switch (kind) {
            case OVERALL -> "scope";
            case PROVIDER -> "provider";
            case PAYMENT_METHOD -> "payment_method";
            case CUSTOMER_EMAIL -> "customer";
            case METADATA -> labelSafe(metadataKey);
        };
    }

    private static String labelSafe(@Nullable String key) {
        String k = key == null ? "key" : key;
        return k.length() > 64 ? k.substring(0, 64) : k;
    }

    /** Words for titles: "provider paypal", "customer a***@example.com", "ip 10.0.0.1". */
    String describe(String key) {
        return switch (kind) {
            case OVERALL -> "";
            case PROVIDER -> "provider " + key;
            case PAYMENT_METHOD -> "payment method " + key;
            case CUSTOMER_EMAIL -> "customer " + dev.vedette.errors.Scrubber.maskEmail(key);
            case METADATA -> metadataKey + " " + (key.contains("@") ? dev.vedette.errors.Scrubber.maskEmail(key) : key);
        };
    }

    @Override
    public String toString() {
        return kind == Kind.METADATA
                ? "metadata:" + metadataKey
                : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
