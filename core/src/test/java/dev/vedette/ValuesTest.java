package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.Alert;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.Money;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void transactionIdIsRequiredAndBounded() {
        assertThatThrownBy(() -> Transaction.builder(null)).hasMessage("id must not be null");
        assertThatThrownBy(() -> Transaction.builder("  ")).hasMessage("id must not be blank, was '  '");
        assertThatThrownBy(() -> Transaction.builder("x".repeat(129)))
                .hasMessageStartingWith("id must be at most 128 characters, was 129 characters");
        assertThatThrownBy(() -> Transaction.builder("a\u0000b"))
                .hasMessageContaining("id must not contain control characters, found U+0000");
    }

    @Test
    void currencyMustBeIso4217() {
        Transaction t = Transaction.builder("t").amount("1.00", "usd1").build();
        assertThat(t.money()).as("end-user data is flagged, not thrown").isNull();
        assertThat(t.flags())
                .containsExactly(Map.entry("amount", "currency must be an ISO 4217 code, was 'usd1'; not recorded"));
        assertThatThrownBy(() -> Money.of("1", "XYZ")).hasMessage("currency must be an ISO 4217 code, was 'XYZ'");
        assertThat(Money.of("19.9", "usd").toString())
                .as("Stripe's lower case is accepted")
                .isEqualTo("19.90 USD");
    }

    @Test
    void amountScaleIsCheckedAgainstTheCurrency() {
        assertThatThrownBy(() -> Money.of("19.999", "USD"))
                .hasMessage("amount must have at most 2 fraction digits for USD, was 19.999");
        assertThatThrownBy(() -> Money.of("100.5", "JPY"))
                .hasMessage("amount must have at most 0 fraction digits for JPY, was 100.5");
        assertThat(Money.of("1.234", "BHD").amount()).isEqualByComparingTo("1.234");
        assertThat(Money.of("100", "JPY").minorUnits()).isEqualTo(100);
        assertThat(Money.ofMinor(1999, "USD")).isEqualTo(Money.of("19.99", "USD"));
    }

    @Test
    void negativeAndNonNumericAmountsAreRejected() {
        assertThatThrownBy(() -> Money.of("-1.00", "EUR")).hasMessage("amount must not be negative, was -1.00");
        assertThatThrownBy(() -> Money.of("ten", "EUR")).hasMessage("amount must be a decimal number, was 'ten'");
        assertThatThrownBy(() -> Money.of(new BigDecimal("1e30"), "EUR"))
                .hasMessageStartingWith("amount must be below 10^18");
    }

    @Test
    void unknownStatusNamesTheAllowedOnes() {
        assertThatThrownBy(() -> TransactionStatus.of("PAID"))
                .hasMessageContaining("status must be one of")
                .hasMessageContaining("was 'PAID'");
        assertThat(TransactionStatus.of("completed")).isSameAs(TransactionStatus.COMPLETED);
        assertThatThrownBy(() -> TransactionStatus.of("COMPLETED", TransactionStatus.Kind.FAILED))
                .hasMessage("status COMPLETED is well known with kind SUCCEEDED, was declared FAILED");
    }

    @Test
    void freeTextIsCutWithAMarkerAndNulReplaced() {
        Transaction t = Transaction.builder("t")
                .error("E1", "y".repeat(5_000))
                .customer(null, "na\u0000me")
                .build();
        assertThat(t.errorMessage())
                .hasSize(Transaction.MAX_ERROR_MESSAGE_LENGTH)
                .endsWith("…[truncated]");
        assertThat(t.customerName()).isEqualTo("na\uFFFDme");
    }

    @Test
    void emailIsCheckedAndFlaggedNotThrown() {
        Transaction odd =
                Transaction.builder("t").customer("not-an-email", null).build();
        assertThat(odd.customerEmail()).isEqualTo("not-an-email");
        assertThat(odd.flags()).containsExactly(Map.entry("customerEmail", "is not an e-mail address, kept as text"));
        Transaction blank = Transaction.builder("t").customer("", null).build();
        assertThat(blank.customerEmail()).isNull();
        assertThat(blank.flags()).containsExactly(Map.entry("customerEmail", "was blank, not recorded"));
        assertThat(Transaction.builder("t")
                        .customer("ada@example.com", null)
                        .build()
                        .flags())
                .isEmpty();
    }

    @Test
    void metadataMustBeJsonCompatible() {
        assertThatThrownBy(() ->
                        Transaction.builder("t").metadata("when", Instant.EPOCH).build())
                .hasMessageContaining(
                        "metadata['when'] must be a string, number, boolean, list or map, was a java.time.Instant");
        assertThat(Transaction.builder("t")
                        .metadata("ratio", Double.NaN)
                        .build()
                        .metadata())
                .as("a value's content is end-user data: kept as text and flagged")
                .containsEntry("ratio", "NaN")
                .containsEntry(Transaction.FLAGS_KEY, Map.of("metadata['ratio']", "was NaN, kept as text"));
        assertThatThrownBy(() -> Transaction.builder("t")
                        .metadata(Map.of("deep", Map.of("a", Map.of("b", Map.of("c", Map.of("d", 1))))))
                        .build())
                .hasMessageContaining("nests deeper than 4 levels");
        Transaction ok =
                Transaction.builder("t").metadata("tags", List.of("a", 1, true)).build();
        assertThatThrownBy(() -> ok.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void stepsAreLowerCaseIdentifiers() {
        assertThatThrownBy(() -> Transaction.builder("t").step("Email Sent"))
                .hasMessage("step must use lower-case letters, digits, '_', '.' or '-', was 'Email Sent'");
        assertThat(Transaction.builder("t").step("email_sent").build().step()).isEqualTo("email_sent");
    }

    @Test
    void attemptAndLatencyAreBounded() {
        assertThatThrownBy(() -> Transaction.builder("t").attempt(0)).hasMessage("attempt must be at least 1, was 0");
        assertThatThrownBy(() -> Transaction.builder("t").latency(Duration.ofMillis(-1)))
                .hasMessage("latency must not be negative, was PT-0.001S");
    }

    @Test
    void toStringNeverShowsPersonalData() {
        Transaction t = Transaction.builder("t1")
                .customer("ada@example.com", "Ada Lovelace")
                .build();
        assertThat(t.toString()).doesNotContain("ada@example.com").doesNotContain("Ada");
    }

    @Test
    void healthReportValidates() {
        assertThatThrownBy(() -> HealthReport.up("", Duration.ZERO)).hasMessage("component must not be blank, was ''");
        assertThatThrownBy(() -> HealthStatus.of("SICK"))
                .hasMessage("status must be one of UP, DEGRADED, DOWN, UNKNOWN, was 'SICK'");
        assertThat(HealthStatus.worst(List.of(HealthStatus.UP, HealthStatus.DEGRADED, HealthStatus.UNKNOWN)))
                .isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthStatus.worst(List.of())).isEqualTo(HealthStatus.UNKNOWN);
    }

    @Test
    void alertDedupKeyIsDerivedFromComponentAndTitle() {
        Alert a = Alert.critical("PayPal  API failing ").component("paypal").build();
        Alert b = Alert.critical("paypal api failing").component("paypal").build();
        assertThat(a.dedupKey()).isEqualTo("paypal/paypal api failing").isEqualTo(b.dedupKey());
        assertThat(Alert.critical("x".repeat(300))
                        .component("c".repeat(64))
                        .build()
                        .dedupKey())
                .startsWith("c".repeat(64) + "/sha256:")
                .hasSizeLessThan(255);
        assertThatThrownBy(() -> Alert.critical(" ")).hasMessage("title must not be blank");
        assertThatThrownBy(() -> Alert.critical("t").dedupKey("x".repeat(256)))
                .hasMessageStartingWith("dedupKey must be at most 255 characters");
    }

    @Property
    void moneyMinorUnitsRoundTrip(@ForAll @LongRange(min = 0, max = 99_999_999_999L) long cents) {
        Money m = Money.ofMinor(cents, "EUR");
        assertThat(m.minorUnits()).isEqualTo(cents);
        assertThat(Money.of(m.amount().toPlainString(), "EUR")).isEqualTo(m);
    }

    @Property
    void sumsOfMoneyAreExact(
            @ForAll @LongRange(min = 0, max = 1_000_000) long a, @ForAll @LongRange(min = 0, max = 1_000_000) long b) {
        assertThat(Money.ofMinor(a, "USD").plus(Money.ofMinor(b, "USD")).minorUnits())
                .isEqualTo(a + b);
    }
}
