package dev.vedette.analytics;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.WriteBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test-data builders for analytics tests. */
final class Fixtures {
    private Fixtures() {}

    /** An observation of transaction {@code id} at {@code at} with the given status. */
    static Transaction.Builder tx(String id, TransactionStatus status, Instant at) {
        return Transaction.builder(id).status(status).occurredAt(at);
    }

    static Transaction paid(String id, String amount, String currency, String email, Instant at) {
        return tx(id, TransactionStatus.COMPLETED, at)
                .amount(amount, currency)
                .customer(email, null)
                .build();
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** A store holding the given observations, written in order. */
    static InMemoryStore store(Transaction... observations) {
        return store(List.of(observations));
    }

    static InMemoryStore store(List<Transaction> observations) {
        InMemoryStore store = new InMemoryStore();
        store.write(WriteBatch.ofTransactions(new ArrayList<>(observations)));
        return store;
    }
}
