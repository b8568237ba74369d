package dev.vedette;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ComponentState;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStats;
import dev.vedette.model.Silence;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredTransaction;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.AlertUpsert;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import dev.vedette.store.RaisePlan;
import dev.vedette.store.Store;
import dev.vedette.store.TransactionFigures;
import dev.vedette.store.TransactionQuery;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/** A store that forwards to another; tests override one method to inject faults. */
public class DelegatingStore implements Store {
    protected final Store delegate;

    public DelegatingStore(Store delegate) {
        this.delegate = delegate;
    }

    @Override
    public WriteResult write(WriteBatch batch) {
        return delegate.write(batch);
    }

    @Override
    public Optional<StoredTransaction> transaction(String id) {
        return delegate.transaction(id);
    }

    @Override
    public Page<StoredTransaction> searchTransactions(TransactionQuery query) {
        return delegate.searchTransactions(query);
    }

    @Override
    public List<AggregateRow> aggregate(AggregateQuery query) {
        return delegate.aggregate(query);
    }

    @Override
    public TransactionFigures transactionFigures(FiguresQuery query) {
        return delegate.transactionFigures(query);
    }

    /** What {@link Store}'s default {@code transactionFigures} answers: paging through this store's searches. */
    protected final TransactionFigures pagedFigures(FiguresQuery query) {
        return Store.super.transactionFigures(query);
    }

    @Override
    public List<HealthReport> healthSamples(String component, Instant from, Instant to, int limit) {
        return delegate.healthSamples(component, from, to, limit);
    }

    @Override
    public HealthStats healthStats(String component, Instant from, Instant to) {
        return delegate.healthStats(component, from, to);
    }

    @Override
    public void saveComponentState(ComponentState state) {
        delegate.saveComponentState(state);
    }

    @Override
    public List<ComponentState> componentStates() {
        return delegate.componentStates();
    }

    @Override
    public Page<ErrorGroup> errorGroups(Set<ErrorGroupStatus> statuses, int limit, String after) {
        return delegate.errorGroups(statuses, limit, after);
    }

    @Override
    public Optional<ErrorGroup> errorGroup(String fingerprint) {
        return delegate.errorGroup(fingerprint);
    }

    @Override
    public boolean setErrorGroupStatus(String fingerprint, ErrorGroupStatus status) {
        return delegate.setErrorGroupStatus(fingerprint, status);
    }

    @Override
    public Page<StoredLogEntry> searchLogs(LogQuery query) {
        return delegate.searchLogs(query);
    }

    @Override
    public AlertUpsert raiseAlert(RaisePlan plan) {
        return delegate.raiseAlert(plan);
    }

    @Override
    public Optional<AlertUpsert> updateAlert(String id, UnaryOperator<AlertRecord> change, List<Delivery> deliveries) {
        return delegate.updateAlert(id, change, deliveries);
    }

    @Override
    public Optional<AlertRecord> alert(String id) {
        return delegate.alert(id);
    }

    @Override
    public Page<AlertRecord> searchAlerts(AlertQuery query) {
        return delegate.searchAlerts(query);
    }

    @Override
    public void upsertAlerts(List<AlertRecord> alerts, List<Delivery> deliveries) {
        delegate.upsertAlerts(alerts, deliveries);
    }

    @Override
    public void insertDeliveries(List<Delivery> deliveries) {
        delegate.insertDeliveries(deliveries);
    }

    @Override
    public List<Delivery> claimDueDeliveries(Instant now, int limit, String owner, Instant claimUntil) {
        return delegate.claimDueDeliveries(now, limit, owner, claimUntil);
    }

    @Override
    public boolean recordAttempt(Delivery attempted, String owner) {
        return delegate.recordAttempt(attempted, owner);
    }

    @Override
    public List<Delivery> deliveries(String alertId) {
        return delegate.deliveries(alertId);
    }

    @Override
    public Map<DeliveryState, Long> deliveryCounts() {
        return delegate.deliveryCounts();
    }

    @Override
    public boolean planReport(dev.vedette.model.StoredReport report, List<Delivery> deliveries) {
        return delegate.planReport(report, deliveries);
    }

    @Override
    public Optional<dev.vedette.model.StoredReport> report(String id) {
        return delegate.report(id);
    }

    @Override
    public Page<dev.vedette.model.StoredReport> reports(int limit, @org.jspecify.annotations.Nullable String after) {
        return delegate.reports(limit, after);
    }

    @Override
    public void saveSilence(Silence silence) {
        delegate.saveSilence(silence);
    }

    @Override
    public List<Silence> silences(Instant now) {
        return delegate.silences(now);
    }

    @Override
    public boolean deleteSilence(String id) {
        return delegate.deleteSilence(id);
    }

    @Override
    public void saveApiKey(dev.vedette.model.ApiKey key) {
        delegate.saveApiKey(key);
    }

    @Override
    public List<dev.vedette.model.ApiKey> apiKeys() {
        return delegate.apiKeys();
    }

    @Override
    public AuditEntry appendAudit(AuditEntry entry) {
        return delegate.appendAudit(entry);
    }

    @Override
    public Page<AuditEntry> audit(int limit, String after) {
        return delegate.audit(limit, after);
    }

    @Override
    public boolean tryLock(String name, String owner, Instant now, Duration lease) {
        return delegate.tryLock(name, owner, now, lease);
    }

    @Override
    public void unlock(String name, String owner) {
        delegate.unlock(name, owner);
    }

    @Override
    public long purge(Instant cutoff, int chunkSize) {
        return delegate.purge(cutoff, chunkSize);
    }

    @Override
    public long erase(String customerEmail, String replacement) {
        return delegate.erase(customerEmail, replacement);
    }

    @Override
    public Map<String, Long> counters() {
        return delegate.counters();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
