package dev.vedette.model;

import java.util.List;

/**
 * What one write stored, as the listeners after the write (health tracking, rules, metrics) see
 * it. Transactions come as changes that carry the <em>merged</em> stored state, never the raw
 * partial observation: a payment recorded in steps is judged on what it has become.
 *
 * @param transactions the transactions written, each with its state before and after the write
 * @param healthReports the health reports written, in order
 * @param errorGroupChanges error groups that were created, regressed or counted by this write
 * @param logs the log entries written, in order
 */
public record WrittenBatch(
        List<TransactionChange> transactions,
        List<HealthReport> healthReports,
        List<ErrorGroupChange> errorGroupChanges,
        List<LogEntry> logs) {

    /** An empty batch. */
    public static final WrittenBatch EMPTY = new WrittenBatch(List.of(), List.of(), List.of(), List.of());

    /** Copies the lists. */
    public WrittenBatch {
        transactions = List.copyOf(transactions);
        healthReports = List.copyOf(healthReports);
        errorGroupChanges = List.copyOf(errorGroupChanges);
        logs = List.copyOf(logs);
    }

    /** A batch of transaction changes only. */
    public static WrittenBatch ofTransactions(List<TransactionChange> changes) {
        return new WrittenBatch(changes, List.of(), List.of(), List.of());
    }

    /** True if nothing was written. */
    public boolean isEmpty() {
        return transactions.isEmpty() && healthReports.isEmpty() && errorGroupChanges.isEmpty() && logs.isEmpty();
    }
}
