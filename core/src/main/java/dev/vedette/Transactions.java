package dev.vedette;

import dev.vedette.model.StoredTransaction;
import dev.vedette.store.Page;
import dev.vedette.store.Store;
import dev.vedette.store.TransactionQuery;
import java.util.Optional;

/**
 * The read side of the transaction audit trail ({@code monitor.transactions()}). Reads go to the
 * store: a transaction recorded a moment ago is visible once the pipeline has written it (see
 * {@link Monitor#flush}).
 */
public final class Transactions {
    private final Store store;

    Transactions(Store store) {
        this.store = store;
    }

    /** The transaction with its whole timeline, or empty. */
    public Optional<StoredTransaction> get(String id) {
        return store.transaction(id);
    }

    /** A page of transactions matching the query, newest first. */
    public Page<StoredTransaction> search(TransactionQuery query) {
        return store.searchTransactions(query);
    }
}
