package dev.vedette.internal.runtime;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredTransaction;
import dev.vedette.rules.RuleContext;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import dev.vedette.store.Store;
import dev.vedette.store.TransactionQuery;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A {@link RuleContext} whose read-only queries go to a {@link Store}; subclasses decide how alerts
 * are raised and resolved. The monitor's rule runner is one; rule tests and benchmarks extend it
 * to collect what a rule raises.
 */
public abstract class StoreBackedRuleContext implements RuleContext {
    private final Store store;
    private final Clock clock;

    /** Reads from {@code store}; the time comes from {@code clock}. */
    protected StoreBackedRuleContext(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Page<StoredTransaction> transactions(TransactionQuery query) {
        return store.searchTransactions(query);
    }

    @Override
    public List<AggregateRow> aggregate(AggregateQuery query) {
        return store.aggregate(query);
    }

    @Override
    public Optional<ErrorGroup> errorGroup(String fingerprint) {
        return store.errorGroup(fingerprint);
    }

    @Override
    public Page<AlertRecord> alerts(AlertQuery query) {
        return store.searchAlerts(query);
    }

    @Override
    public Page<StoredLogEntry> logs(LogQuery query) {
        return store.searchLogs(query);
    }
}
