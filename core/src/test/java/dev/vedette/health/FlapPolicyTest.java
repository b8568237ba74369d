package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlapPolicyTest {

    @Test
    void defaultsAreThreeFailuresAndTwoSuccesses() {
        FlapPolicy p = FlapPolicy.defaults();

        assertThat(p.failureThreshold("anything")).isEqualTo(3);
        assertThat(p.successThreshold("anything")).isEqualTo(2);
    }

    @Test
    void perComponentThresholdsOverrideTheDefaults() {
        FlapPolicy p = FlapPolicy.builder()
                .failureThreshold(4)
                .thresholds("cdn", 10, 5)
                .build();

        assertThat(p.failureThreshold("cdn")).isEqualTo(10);
        assertThat(p.successThreshold("cdn")).isEqualTo(5);
        assertThat(p.failureThreshold("db")).isEqualTo(4);
        assertThat(p.successThreshold("db")).isEqualTo(2);
    }

    @Test
    void databaseMailAndPaymentProvidersAreCriticalByDefault() {
        FlapPolicy p = FlapPolicy.defaults();

        for (String c : List.of(
                "database",
                "db",
                "DB",
                "smtp",
                "email",
                "paypal",
                "stripe",
                "mollie",
                "paypal-api",
                "db.primary",
                "Stripe_EU")) {
            assertThat(p.severityFor(c)).as(c).isEqualTo(Severity.CRITICAL);
        }
        for (String c : List.of("cdn", "dbx", "redis", "emailer", "search")) {
            assertThat(p.severityFor(c)).as(c).isEqualTo(Severity.HIGH);
        }
    }

    @Test
    void explicitSeverityWinsOverTheCriticalList() {
        FlapPolicy p = FlapPolicy.builder()
                .severity("email", Severity.MEDIUM)
                .defaultSeverity(Severity.LOW)
                .build();

        assertThat(p.severityFor("email")).isEqualTo(Severity.MEDIUM);
        assertThat(p.severityFor("paypal")).isEqualTo(Severity.CRITICAL);
        assertThat(p.severityFor("cdn")).isEqualTo(Severity.LOW);
    }

    @Test
    void criticalListCanBeReplaced() {
        FlapPolicy p =
                FlapPolicy.builder().criticalComponents(List.of("Ledger")).build();

        assertThat(p.severityFor("ledger-writer")).isEqualTo(Severity.CRITICAL);
        assertThat(p.severityFor("database")).isEqualTo(Severity.HIGH);
    }

    @Test
    void builderRejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> FlapPolicy.builder().failureThreshold(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureThreshold must be between 1 and 1000, was 0");
        assertThatThrownBy(() -> FlapPolicy.builder().successThreshold(1001))
                .hasMessage("successThreshold must be between 1 and 1000, was 1001");
        assertThatThrownBy(() -> FlapPolicy.builder().thresholds("", 1, 1))
                .hasMessage("component must not be blank, was ''");
        assertThatThrownBy(() -> FlapPolicy.builder().severity("db", null)).hasMessage("severity must not be null");
        assertThatThrownBy(() -> FlapPolicy.builder().criticalComponents(null))
                .hasMessage("criticalComponents must not be null");
    }
}
