package dev.vedette.rules;

/**
 * Why a payment failed, in the terms that decide who must act. A wave of {@link #CUSTOMER_DECLINE}
 * is normal business; {@link #PROVIDER_OUTAGE} and {@link #INTEGRATION_ERROR} need an engineer.
 * {@link FailureClassifier} maps providers' error codes to these classes.
 */
public enum FailureClass {
    /** The customer's bank or the customer declined: insufficient funds, expired card, 3-D Secure not completed. */
    CUSTOMER_DECLINE,
    /** The provider failed: 5xx, timeouts, rate limiting, "try again later". */
    PROVIDER_OUTAGE,
    /** Our side is wrong: bad credentials, malformed or invalid requests. */
    INTEGRATION_ERROR,
    /** No mapping says otherwise. */
    UNKNOWN
}
