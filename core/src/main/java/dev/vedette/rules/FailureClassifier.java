package dev.vedette.rules;

import dev.vedette.internal.Validate;
import dev.vedette.model.Transaction;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Classifies a failed payment by its provider and error code into a {@link FailureClass}, so rules
 * can page for a provider outage and stay quiet for a wave of card declines.
 *
 * <p>Lookup order for {@link #classify(String, String, String)}:
 *
 * <ol>
 *   <li>the mapping for this provider and code (provider and code compared case-insensitively),
 *       host mappings added with {@link #with} first;
 *   <li>the mapping for the code under any provider ({@link #ANY_PROVIDER}), e.g. a host's own codes;
 *   <li>generic rules: an HTTP status code ({@code 503}, {@code HTTP_503}, {@code http 502}) in the
 *       code, 5xx and 429 → {@link FailureClass#PROVIDER_OUTAGE}, 400, 401, 403, 404, 405, 409, 415,
 *       422 → {@link FailureClass#INTEGRATION_ERROR}; a code or message saying timeout, timed out,
 *       connection refused/reset or unavailable → {@link FailureClass#PROVIDER_OUTAGE};
 *   <li>otherwise {@link FailureClass#UNKNOWN}.
 * </ol>
 *
 * <p>The built-in tables (PayPal, Stripe, Mollie) are listed in {@code docs/rules.md}. Immutable and
 * thread-safe; {@link #with} returns a new classifier.
 *
 * <pre>{@code
 * FailureClassifier classifier = FailureClassifier.defaults()
 *     .with("adyen", "Refused", FailureClass.CUSTOMER_DECLINE)
 *     .with("adyen", "Acquirer Error", FailureClass.PROVIDER_OUTAGE);
 * }</pre>
 */
public final class FailureClassifier {
    /** The provider name under which a mapping applies to every provider. */
    public static final String ANY_PROVIDER = "*";

    private static final Pattern HTTP_STATUS = Pattern.compile("(?i)^(?:http[ _-]?)?(\\d{3})$");
    private static final Pattern TRANSIENT =
            Pattern.compile("(?i)time[d ]?\\s?out|timeout|connection (?:refused|reset)|connect(?:ion)?exception|"
                    + "service[ _]unavailable|temporarily unavailable|bad gateway|gateway[ _]timeout");

    private static final FailureClassifier DEFAULTS = builtIn();

    private final Map<String, FailureClass> mappings;

    private FailureClassifier(Map<String, FailureClass> mappings) {
        this.mappings = Map.copyOf(mappings);
    }

    /** The built-in mappings for PayPal, Stripe and Mollie plus the generic rules. */
    public static FailureClassifier defaults() {
        return DEFAULTS;
    }

    /** A classifier with no provider mappings, only the generic rules. */
    public static FailureClassifier genericOnly() {
        return new FailureClassifier(Map.of());
    }

    /**
     * This classifier with one more mapping, which wins over a built-in one for the same provider and
     * code.
     *
     * @param provider the provider name as recorded on transactions, or {@link #ANY_PROVIDER}
     * @param code the error code as recorded on transactions
     * @throws IllegalArgumentException if an argument is null or blank
     */
    public FailureClassifier with(String provider, String code, FailureClass failureClass) {
        if (provider == null || provider.isBlank()) {
            throw new IllegalArgumentException("provider must not be blank, was '" + provider + "'");
        }
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("code must not be blank, was '" + code + "'");
        }
        Validate.notNull("failureClass", failureClass);
        Map<String, FailureClass> m = new HashMap<>(mappings);
        m.put(key(provider, code), failureClass);
        return new FailureClassifier(m);
    }

    /** Classifies a transaction observation by its provider, error code and error message. */
    public FailureClass classify(Transaction t) {
        return classify(t.provider(), t.errorCode(), t.errorMessage());
    }

    /**
     * Classifies an error code of a provider; either may be null. See the class comment for the
     * lookup order.
     */
    public FailureClass classify(@Nullable String provider, @Nullable String code, @Nullable String message) {
        if (code != null) {
            if (provider != null) {
                FailureClass c = mappings.get(key(provider, code));
                if (c != null) {
                    return c;
                }
            }
            FailureClass any = mappings.get(key(ANY_PROVIDER, code));
            if (any != null) {
                return any;
            }
            var http = HTTP_STATUS.matcher(code.strip());
            if (http.matches()) {
                FailureClass byStatus = byHttpStatus(Integer.parseInt(http.group(1)));
                if (byStatus != FailureClass.UNKNOWN) {
                    return byStatus;
                }
            }
            if (TRANSIENT.matcher(code).find()) {
                return FailureClass.PROVIDER_OUTAGE;
            }
        }
        if (message != null && TRANSIENT.matcher(message).find()) {
            return FailureClass.PROVIDER_OUTAGE;
        }
        return FailureClass.UNKNOWN;
    }

    /** The class of a plain HTTP status code, by the generic rules. */
    public static FailureClass byHttpStatus(int status) {
        if (status >= 500 && status <= 599 || status == 429 || status == 408) {
            return FailureClass.PROVIDER_OUTAGE;
        }
        return switch (status) {
            case 400, 401, 403, 404, 405, 409, 415, 422 -> FailureClass.INTEGRATION_ERROR;
            default -> FailureClass.UNKNOWN;
        };
    }

    private static String key(String provider, String code) {
        return provider.strip().toLowerCase(Locale.ROOT)
                + '\u0000'
                + code.strip().toLowerCase(Locale.ROOT);
    }

    private static FailureClassifier builtIn() {
        Map<String, FailureClass> m = new HashMap<>();
        put(
                m,
                "paypal",
                FailureClass.CUSTOMER_DECLINE,
                "INSTRUMENT_DECLINED",
                "PAYER_ACTION_REQUIRED",
                "PAYER_CANNOT_PAY",
                "TRANSACTION_REFUSED",
                "ORDER_NOT_APPROVED",
                "CARD_EXPIRED",
                "CARD_CLOSED",
                "PAYER_ACCOUNT_LOCKED_OR_CLOSED",
                "PAYER_ACCOUNT_RESTRICTED",
                "MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED",
                "REDIRECT_PAYER_FOR_ALTERNATE_FUNDING",
                "TRANSACTION_LIMIT_EXCEEDED",
                "COMPLIANCE_VIOLATION");
        put(
                m,
                "paypal",
                FailureClass.PROVIDER_OUTAGE,
                "INTERNAL_SERVER_ERROR",
                "SERVICE_UNAVAILABLE",
                "RATE_LIMIT_REACHED",
                "INTERNAL_SERVICE_ERROR");
        put(
                m,
                "paypal",
                FailureClass.INTEGRATION_ERROR,
                "AUTHENTICATION_FAILURE",
                "INVALID_REQUEST",
                "NOT_AUTHORIZED",
                "PERMISSION_DENIED",
                "UNPROCESSABLE_ENTITY",
                "INVALID_RESOURCE_ID",
                "MALFORMED_REQUEST_JSON",
                "INVALID_PARAMETER_VALUE",
                "MISSING_REQUIRED_PARAMETER",
                "DUPLICATE_INVOICE_ID",
                "PAYEE_ACCOUNT_RESTRICTED",
                "PAYEE_NOT_ENABLED_FOR_CARD_PROCESSING",
                "CURRENCY_NOT_SUPPORTED",
                "ORDER_ALREADY_CAPTURED",
                "ORDER_NOT_APPROVED_FOR_CAPTURE",
                "AMOUNT_MISMATCH");
        put(
                m,
                "stripe",
                FailureClass.CUSTOMER_DECLINE,
                "card_declined",
                "insufficient_funds",
                "expired_card",
                "incorrect_cvc",
                "invalid_cvc",
                "incorrect_number",
                "invalid_number",
                "invalid_expiry_month",
                "invalid_expiry_year",
                "incorrect_zip",
                "authentication_required",
                "do_not_honor",
                "generic_decline",
                "fraudulent",
                "lost_card",
                "stolen_card",
                "pickup_card",
                "card_velocity_exceeded",
                "withdrawal_count_limit_exceeded",
                "card_not_supported",
                "currency_not_supported",
                "payment_intent_authentication_failure",
                "setup_intent_authentication_failure");
        put(
                m,
                "stripe",
                FailureClass.PROVIDER_OUTAGE,
                "api_error",
                "api_connection_error",
                "rate_limit",
                "rate_limit_error",
                "lock_timeout",
                "processing_error",
                "issuer_not_available",
                "try_again_later");
        put(
                m,
                "stripe",
                FailureClass.INTEGRATION_ERROR,
                "authentication_error",
                "invalid_request_error",
                "idempotency_error",
                "parameter_missing",
                "parameter_invalid_integer",
                "parameter_invalid_empty",
                "parameter_unknown",
                "resource_missing",
                "api_key_expired",
                "secret_key_required",
                "testmode_charges_only",
                "amount_too_small",
                "amount_too_large",
                "payment_intent_unexpected_state",
                "url_invalid");
        put(
                m,
                "mollie",
                FailureClass.CUSTOMER_DECLINE,
                "card_declined",
                "insufficient_funds",
                "card_expired",
                "invalid_cvv",
                "refused_by_issuer",
                "possible_fraud",
                "authentication_failed",
                "authentication_abandoned",
                "authentication_required",
                "authentication_unavailable_acs",
                "inactive_card",
                "invalid_card_number",
                "invalid_card_holder_name",
                "invalid_card_type",
                "card_not_supported",
                "canceled",
                "expired");
        put(m, "mollie", FailureClass.PROVIDER_OUTAGE, "temporary_failure", "service_unavailable", "too_many_requests");
        put(
                m,
                "mollie",
                FailureClass.INTEGRATION_ERROR,
                "unauthorized",
                "unprocessable_entity",
                "not_found",
                "bad_request",
                "forbidden",
                "method_not_allowed",
                "invalid_api_key");
        return new FailureClassifier(m);
    }

    private static void put(Map<String, FailureClass> m, String provider, FailureClass c, String... codes) {
        for (String code : codes) {
            m.put(key(provider, code), c);
        }
    }
}
