package dev.vedette.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionEvent;
import dev.vedette.model.TransactionStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredTransactionToStringTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void toStringShowsNoPersonalDataLikeTransactionToString() {
        Transaction observation = Transaction.builder("txn-42")
                .status(TransactionStatus.FAILED)
                .amount("19.99", "USD")
                .customer("Ada.Lovelace@example.com", "Ada Lovelace")
                .provider("paypal", "ORDER-1", "CAPTURE-1")
                .error("INSTRUMENT_DECLINED", "card of Ada.Lovelace@example.com declined")
                .metadata("contact", "call Ada Lovelace")
                .occurredAt(T0)
                .build();
        StoredTransaction stored = TransactionMerge.apply(null, observation, T0)
                .withTimeline(List.of(new TransactionEvent(1, observation, T0)));

        String text = stored.toString();

        assertThat(text)
                .contains("txn-42", "FAILED", "19.99 USD", "paypal")
                .doesNotContainIgnoringCase("lovelace")
                .doesNotContain("@")
                .doesNotContain("Ada");
        assertThat(stored.withoutTimeline().toString()).isEqualTo(text);
    }
}
