package dev.vedette.rules;

import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredTransaction;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import dev.vedette.store.TransactionQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Rule} may use: the time, read-only queries over what was recorded, and the alerting
 * engine. A rule never sees the {@code Store} itself: it cannot write, and the monitor may answer
 * these queries from wherever it keeps the data.
 */
public interface RuleContext {

    /** The monitor's clock. */
    Clock clock();

    /** {@code clock().instant()}. */
    default Instant now() {
        return clock().instant();
    }

    /** Stored transactions matching the query, newest first. */
    Page<StoredTransaction> transactions(TransactionQuery query);

    /** Rollup rows (counts, sums, latency histograms) for the query. */
    List<AggregateRow> aggregate(AggregateQuery query);

    /** The error group with this fingerprint, if one was recorded. */
    Optional<ErrorGroup> errorGroup(String fingerprint);

    /** Stored alerts matching the query. */
    Page<AlertRecord> alerts(AlertQuery query);

    /** Stored log entries matching the query. */
    Page<StoredLogEntry> logs(LogQuery query);

    /**
     * Raises an alert through the alerting engine (dedup, silences, routing). A rule should set its
     * source ({@code rule:<name>}) and a stable dedup key. Failures are logged, never thrown.
     *
     * @return the stored alert, or empty if it could not be stored
     */
    Optional<AlertRecord> raise(Alert alert);

    /** Resolves the active alert with this dedup key, if any, as {@code auto}. */
    void resolve(String dedupKey);
}
