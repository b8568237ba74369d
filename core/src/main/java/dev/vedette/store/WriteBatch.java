package dev.vedette.store;

import dev.vedette.model.HealthReport;
import dev.vedette.model.LogEntry;
import dev.vedette.model.Transaction;
import java.util.List;

/**
 * What the pipeline's writer hands a store in one call. Every item has its time set. A store
 * writes a batch atomically where it can (one database transaction, rollups included); the order
 * of transactions within the batch is their arrival order.
 *
 * @param transactions transaction observations, to upsert by id
 * @param healthReports health samples
 * @param errors error occurrences, to count into their groups
 * @param logs log entries
 */
public record WriteBatch(
        List<Transaction> transactions,
        List<HealthReport> healthReports,
        List<ErrorOccurrence> errors,
        List<LogEntry> logs) {

    /** Copies the lists. */
    public WriteBatch {
        transactions = List.copyOf(transactions);
        healthReports = List.copyOf(healthReports);
        errors = List.copyOf(errors);
        logs = List.copyOf(logs);
    }

    /** A batch of transactions only. */
    public static WriteBatch ofTransactions(List<Transaction> transactions) {
        return new WriteBatch(transactions, List.of(), List.of(), List.of());
    }

    /** Number of items. */
    public int size() {
        return transactions.size() + healthReports.size() + errors.size() + logs.size();
    }

    /** True if there is nothing to write. */
    public boolean isEmpty() {
        return size() == 0;
    }
}
