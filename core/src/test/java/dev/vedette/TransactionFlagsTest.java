package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.Transaction;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransactionFlagsTest {

    @Test
    void flagsSurviveACopyThatSetsTheSameValuesAgain() {
        Transaction t = Transaction.builder("t")
                .error("E\u0007", "declined")
                .paymentMethod("x".repeat(100))
                .amount("1.999", "USD")
                .build();

        Transaction copy = t.toBuilder()
                .error(t.errorCode(), "declined, retried")
                .paymentMethod(t.paymentMethod())
                .build();

        assertThat(copy.flags()).isEqualTo(t.flags()).containsOnlyKeys("errorCode", "paymentMethod", "amount");
        assertThat(copy.metadata()).containsEntry(Transaction.FLAGS_KEY, t.flags());
    }

    @Test
    void aCorrectedValueLosesItsFlag() {
        Transaction.Builder b =
                Transaction.builder("t").customer("not an address", null).amount("1.999", "USD");

        Transaction fixed =
                b.customer("ada@example.com", null).amount("1.99", "USD").build();

        assertThat(fixed.flags()).isEmpty();
        assertThat(fixed.metadata()).doesNotContainKey(Transaction.FLAGS_KEY);
    }

    @Test
    void aHostValueUnderTheReservedKeyIsNotRecorded() {
        Transaction t = Transaction.builder("t")
                .metadata(Transaction.FLAGS_KEY, "mine")
                .metadata("plan", "pro")
                .build();

        assertThat(t.metadata())
                .containsEntry("plan", "pro")
                .containsEntry(
                        Transaction.FLAGS_KEY,
                        Map.of("metadata['vedette.flags']", "is reserved for Vedette's flags, not recorded"));
    }

    @Test
    void toStringNamesFlaggedFieldsButNotTheirValues() {
        Transaction t = Transaction.builder("t")
                .customer("\"><img src=x onerror=alert(2)>@example.com", "Ada")
                .build();

        assertThat(t.toString()).contains("flagged=[customerEmail]").doesNotContain("onerror", "Ada");
    }
}
