package dev.vedette.rules;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Test-data builders for transactions. */
final class Tx {
    private static final AtomicInteger IDS = new AtomicInteger();

    private Tx() {}

    static Transaction.Builder of(TransactionStatus status, Instant at) {
        return Transaction.builder("t" + IDS.incrementAndGet()).status(status).occurredAt(at);
    }

    static Transaction ok(Instant at) {
        return of(TransactionStatus.COMPLETED, at).build();
    }

    static Transaction failed(Instant at) {
        return of(TransactionStatus.FAILED, at).build();
    }

    static Transaction[] times(int n, java.util.function.Supplier<Transaction> make) {
        Transaction[] out = new Transaction[n];
        for (int i = 0; i < n; i++) {
            out[i] = make.get();
        }
        return out;
    }
}
