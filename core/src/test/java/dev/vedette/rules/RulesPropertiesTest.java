package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.Alert;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesPropertiesTest {

    @Test
    void everyTypeBuildsFromEmptyPropertiesWithItsDefaultName() {
        for (String type : Rules.TYPES) {
            assertThat(Rules.fromProperties(type, Map.of()).name()).isEqualTo(type);
        }
    }

    @Test
    void errorRatePropertiesBehaveLikeTheFluentOptions() {
        Rule rule = Rules.fromProperties(
                "error-rate",
                Map.of(
                        "name",
                        "paypal-errors",
                        "threshold",
                        "25%",
                        "window",
                        "1m",
                        "min-volume",
                        "4",
                        "group-by",
                        "provider",
                        "severity",
                        "high",
                        "failure-classes",
                        "provider-outage, integration-error"));
        assertThat(rule).hasToString("ErrorRateRule[paypal-errors: > 25.0% over 1m, at least 4, by provider]");
        FakeRuleContext ctx = new FakeRuleContext(Instant.parse("2026-07-01T12:00:00Z"));
        ctx.feed(
                rule,
                Tx.times(
                        4,
                        () -> Tx.of(TransactionStatus.ERROR, ctx.now())
                                .provider("paypal")
                                .error("INTERNAL_SERVER_ERROR", null)
                                .build()));
        assertThat(ctx.raised).extracting(Alert::dedupKey).containsExactly("rule:paypal-errors:paypal");
    }

    @Test
    void businessHoursComeFromFourKeys() {
        Rule rule = Rules.fromProperties(
                "absence",
                Map.of(
                        "within",
                        "PT30M",
                        "business-days",
                        "MON-FRI",
                        "business-opens",
                        "09:00",
                        "business-closes",
                        "17:30",
                        "business-zone",
                        "Europe/Berlin"));
        assertThat(rule.toString()).contains("Europe/Berlin").contains("09:00").contains("17:30");
    }

    @Test
    void failureCountKeysByMetadata() {
        Rule rule = Rules.fromProperties("failure-count", Map.of("key", "metadata:card_fingerprint", "more-than", "2"));
        FakeRuleContext ctx = new FakeRuleContext(Instant.parse("2026-07-01T12:00:00Z"));
        ctx.feed(
                rule,
                Tx.times(
                        3,
                        () -> Transaction.builder("t" + System.nanoTime())
                                .status(TransactionStatus.FAILED)
                                .metadata("card_fingerprint", "fp_123")
                                .occurredAt(ctx.now())
                                .build()));
        assertThat(ctx.raised)
                .extracting(a -> a.labels().get("card_fingerprint"))
                .containsExactly("fp_123");
    }

    @Test
    void errorsNameTheTypeTheKeyAndTheBadValue() {
        assertThatThrownBy(() -> Rules.fromProperties("error-rate", Map.of("threshold", "1.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rule type 'error-rate': property 'threshold' has a bad value '1.5': "
                        + "threshold must be at least 0 and below 1, was 1.5");
        assertThatThrownBy(() -> Rules.fromProperties("error-rate", Map.of("window", "five minutes")))
                .hasMessage("rule type 'error-rate': property 'window' has a bad value 'five minutes': "
                        + "must be a duration such as 5m, 1h, 30s or PT5M");
        assertThatThrownBy(() -> Rules.fromProperties("latency", Map.of("treshold", "1s")))
                .hasMessageStartingWith("rule type 'latency': unknown property [treshold]; known: [")
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> Rules.fromProperties(
                        "absence",
                        Map.of("business-days", "MON-FUN", "business-opens", "09:00", "business-closes", "17:00")))
                .hasMessageContaining("property 'business-days' has a bad value 'MON-FUN'");
        assertThatThrownBy(() ->
                        Rules.fromProperties("absence", Map.of("business-opens", "18:00", "business-closes", "09:00")))
                .hasMessage(
                        "rule type 'absence': business-opens/business-closes: closes must be after opens, was 18:00 to 09:00");
        assertThatThrownBy(() -> Rules.fromProperties("fraud", Map.of()))
                .hasMessageStartingWith("unknown rule type 'fraud'; known: [error-rate, failure-count");
        assertThatThrownBy(() -> Rules.fromProperties("failure-count", Map.of("key", "overall")))
                .hasMessageContaining("property 'key' has a bad value 'overall'");
    }

    @Test
    void durationsAndRatiosAcceptShortAndIsoForms() {
        assertThat(RuleProperties.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(RuleProperties.duration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(RuleProperties.duration("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(RuleProperties.duration("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(RuleProperties.ratio("12.5%")).isEqualTo(0.125);
        assertThat(RuleProperties.ratio("0.2")).isEqualTo(0.2);
    }
}
