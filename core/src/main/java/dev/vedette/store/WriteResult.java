package dev.vedette.store;

import dev.vedette.model.ErrorGroupChange;
import dev.vedette.model.TransactionChange;
import java.util.List;

/**
 * What a batch write changed that the monitor must react to.
 *
 * @param errorGroupChanges error groups created or re-opened by the batch
 * @param transactions one change per transaction observation of the batch, in the batch's order:
 *     the merged state each observation produced (see {@link TransactionChange})
 */
public record WriteResult(List<ErrorGroupChange> errorGroupChanges, List<TransactionChange> transactions) {
    /** Nothing to react to. */
    public static final WriteResult EMPTY = new WriteResult(List.of(), List.of());

    /** Copies the lists. */
    public WriteResult {
        errorGroupChanges = List.copyOf(errorGroupChanges);
        transactions = List.copyOf(transactions);
    }

    /** Error group changes only, for a batch without transactions. */
    public WriteResult(List<ErrorGroupChange> errorGroupChanges) {
        this(errorGroupChanges, List.of());
    }

    /**
     * The changes of the batch's transactions: {@link #transactions()}, or, from a store that
     * returned none (written before this component existed), each observation as if it were new.
     */
    public List<TransactionChange> transactionsOf(WriteBatch batch) {
        if (!transactions.isEmpty() || batch.transactions().isEmpty()) {
            return transactions;
        }
        return batch.transactions().stream().map(TransactionMerge::unmerged).toList();
    }
}
