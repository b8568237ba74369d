package dev.vedette.test;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.Store;
import dev.vedette.store.WriteBatch;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the {@link StoreContractTest}: a new store per test and the helpers every part of
 * the contract writes with. The contract is split by aggregate into a chain of package-private
 * classes, each one readable on its own; {@link StoreContractTest}, at the end of the chain, runs
 * them all.
 */
abstract class StoreFixture {
    /** The instant every test starts from. */
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** The store under test, new for each test. */
    protected Store store;

    /** Returns a store holding nothing. Called before every test. */
    protected abstract Store newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** {@link #T0} plus {@code seconds}. */
    protected static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** A transaction observed at {@code at(second)} with this id and status. */
    protected static Transaction.Builder txn(String id, TransactionStatus status, long second) {
        return Transaction.builder(id).status(status).occurredAt(at(second));
    }

    /** Writes the transactions to {@link #store} in one batch. */
    protected void write(Transaction... transactions) {
        store.write(WriteBatch.ofTransactions(List.of(transactions)));
    }
}
