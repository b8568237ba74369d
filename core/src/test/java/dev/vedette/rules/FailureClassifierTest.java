package dev.vedette.rules;

import static dev.vedette.rules.FailureClass.CUSTOMER_DECLINE;
import static dev.vedette.rules.FailureClass.INTEGRATION_ERROR;
import static dev.vedette.rules.FailureClass.PROVIDER_OUTAGE;
import static dev.vedette.rules.FailureClass.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureClassifierTest {
    private final FailureClassifier classifier = FailureClassifier.defaults();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "paypal, INSTRUMENT_DECLINED, CUSTOMER_DECLINE",
        "paypal, PAYER_ACTION_REQUIRED, CUSTOMER_DECLINE",
        "paypal, INTERNAL_SERVER_ERROR, PROVIDER_OUTAGE",
        "paypal, AUTHENTICATION_FAILURE, INTEGRATION_ERROR",
        "paypal, INVALID_REQUEST, INTEGRATION_ERROR",
        "PayPal, instrument_declined, CUSTOMER_DECLINE",
        "stripe, card_declined, CUSTOMER_DECLINE",
        "stripe, insufficient_funds, CUSTOMER_DECLINE",
        "stripe, expired_card, CUSTOMER_DECLINE",
        "stripe, incorrect_cvc, CUSTOMER_DECLINE",
        "stripe, api_error, PROVIDER_OUTAGE",
        "stripe, rate_limit, PROVIDER_OUTAGE",
        "stripe, authentication_error, INTEGRATION_ERROR",
        "stripe, invalid_request_error, INTEGRATION_ERROR",
        "mollie, insufficient_funds, CUSTOMER_DECLINE",
        "mollie, card_expired, CUSTOMER_DECLINE",
        "mollie, unauthorized, INTEGRATION_ERROR",
        "adyen, 503, PROVIDER_OUTAGE",
        "adyen, HTTP_502, PROVIDER_OUTAGE",
        "adyen, 429, PROVIDER_OUTAGE",
        "adyen, 401, INTEGRATION_ERROR",
        "adyen, READ_TIMEOUT, PROVIDER_OUTAGE",
        "adyen, Refused, UNKNOWN",
    })
    void mapsProviderCodesToClasses(String provider, String code, FailureClass expected) {
        assertThat(classifier.classify(provider, code, null)).isEqualTo(expected);
    }

    @Test
    void aProviderCodeMeansNothingUnderAnotherProvider() {
        assertThat(classifier.classify("stripe", "INSTRUMENT_DECLINED", null)).isEqualTo(UNKNOWN);
    }

    @Test
    void timeoutsInTheMessageAreOutagesWhenTheCodeSaysNothing() {
        assertThat(classifier.classify(null, null, "Read timed out after 30000 ms"))
                .isEqualTo(PROVIDER_OUTAGE);
        assertThat(classifier.classify("paypal", "X_UNMAPPED", "Connection refused"))
                .isEqualTo(PROVIDER_OUTAGE);
        assertThat(classifier.classify(null, null, null)).isEqualTo(UNKNOWN);
    }

    @Test
    void theHostExtendsAndOverridesMappingsWithoutChangingTheOriginal() {
        FailureClassifier custom = classifier
                .with("adyen", "Refused", CUSTOMER_DECLINE)
                .with("paypal", "INTERNAL_SERVER_ERROR", INTEGRATION_ERROR)
                .with(FailureClassifier.ANY_PROVIDER, "OUR_BUG", INTEGRATION_ERROR);
        assertThat(custom.classify("adyen", "refused", null)).isEqualTo(CUSTOMER_DECLINE);
        assertThat(custom.classify("paypal", "INTERNAL_SERVER_ERROR", null)).isEqualTo(INTEGRATION_ERROR);
        assertThat(custom.classify("anything", "OUR_BUG", null)).isEqualTo(INTEGRATION_ERROR);
        assertThat(classifier.classify("adyen", "Refused", null)).isEqualTo(UNKNOWN);
    }

    @Test
    void classifiesATransaction() {
        Transaction t = Transaction.builder("t1")
                .status(TransactionStatus.FAILED)
                .provider("stripe")
                .error("card_declined", "Your card was declined.")
                .build();
        assertThat(classifier.classify(t)).isEqualTo(CUSTOMER_DECLINE);
    }

    @Test
    void blankMappingsAreRejected() {
        assertThatThrownBy(() -> classifier.with(" ", "x", UNKNOWN)).hasMessage("provider must not be blank, was ' '");
        assertThatThrownBy(() -> classifier.with("p", "", UNKNOWN)).hasMessage("code must not be blank, was ''");
    }
}
