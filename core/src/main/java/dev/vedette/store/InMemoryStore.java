package dev.vedette.store;

import static dev.vedette.store.InMemoryPages.contains;
import static dev.vedette.store.InMemoryPages.page;

import dev.vedette.internal.Validate;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.ApiKey;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ComponentState;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupChange;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStats;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LatencyHistogram;
import dev.vedette.model.LogEntry;
import dev.vedette.model.Silence;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredReport;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A bounded, thread-safe {@link Store} in memory: the default when no store is configured, and
 * the store for host tests.
 *
 * <p>Each kind of raw data has a bound; when it is reached, the oldest entries are evicted first
 * and counted ({@link #counters()} key {@code evicted}). Alerts, deliveries, reports, silences, locks and
 * component states are not evicted by the bounds (they are few) but are purged by {@link #purge}.
 * Everything is lost when the JVM stops.
 *
 * <pre>{@code
 * Store store = InMemoryStore.builder().maxTransactions(50_000).build();
 * }</pre>
 */
public final class InMemoryStore implements Store {
    /** Default bound on transactions. */
    public static final int DEFAULT_MAX_TRANSACTIONS = 100_000;
    /** Default bound on health samples, log entries and audit entries (each). */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    /** Default bound on timeline events kept per transaction (the oldest arrivals are evicted). */
    public static final int DEFAULT_MAX_EVENTS_PER_TRANSACTION = 1_000;
    /** Default bound on error groups. */
    public static final int DEFAULT_MAX_ERROR_GROUPS = 10_000;

    private final int maxEntries;
    private final int maxErrorGroups;

    private final Object lock = new Object();
    private final InMemoryTransactions transactions;
    private final ArrayDeque<HealthReport> samples = new ArrayDeque<>();
    private final TreeMap<String, ComponentState> components = new TreeMap<>();
    private final LinkedHashMap<String, ErrorGroup> errorGroups = new LinkedHashMap<>();
    private final ArrayDeque<StoredLogEntry> logs = new ArrayDeque<>();
    private final InMemoryAlerts alerts = new InMemoryAlerts(lock);
    private final ArrayDeque<AuditEntry> audit = new ArrayDeque<>();
    private final HashMap<String, Lease> locks = new HashMap<>();
    private final LinkedHashMap<String, ApiKey> apiKeys = new LinkedHashMap<>();
    private long nextLogId = 1;
    private long nextAuditId = 1;
    private long evicted;

    private record Lease(String owner, Instant until) {}

    private InMemoryStore(Builder b) {
        this.maxEntries = b.maxEntries;
        this.maxErrorGroups = b.maxErrorGroups;
        this.transactions = new InMemoryTransactions(lock, b.maxTransactions, b.maxEventsPerTransaction, b.clock);
    }

    /** A store with the default bounds. */
    public InMemoryStore() {
        this(builder());
    }

    /** Starts a store with custom bounds. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ writes

    @Override
    public WriteResult write(WriteBatch batch) {
        synchronized (lock) {
            List<TransactionChange> merged =
                    new ArrayList<>(batch.transactions().size());
            for (Transaction t : batch.transactions()) {
                merged.add(transactions.upsert(t));
            }
            for (HealthReport r : batch.healthReports()) {
                samples.addLast(r);
                while (samples.size() > maxEntries) {
                    samples.removeFirst();
                    evicted++;
                }
            }
            List<ErrorGroupChange> changes = new ArrayList<>();
            for (ErrorOccurrence o : batch.errors()) {
                ErrorGroupChange change = countError(o);
                if (change != null) {
                    changes.add(change);
                }
            }
            for (LogEntry e : batch.logs()) {
                logs.addLast(new StoredLogEntry(nextLogId++, e));
                while (logs.size() > maxEntries) {
                    logs.removeFirst();
                    evicted++;
                }
            }
            return changes.isEmpty() && merged.isEmpty() ? WriteResult.EMPTY : new WriteResult(changes, merged);
        }
    }

    private @Nullable ErrorGroupChange countError(ErrorOccurrence o) {
        Instant at = Objects.requireNonNull(o.event().occurredAt(), "occurredAt");
        ErrorGroup g = errorGroups.get(o.fingerprint());
        if (g == null) {
            ErrorGroup created = new ErrorGroup(
                    o.fingerprint(),
                    o.event().type(),
                    o.messageTemplate(),
                    o.event().component(),
                    1,
                    at,
                    at,
                    o.event().message(),
                    o.event().stackTrace(),
                    o.event().transactionId(),
                    ErrorGroupStatus.NEW);
            errorGroups.put(o.fingerprint(), created);
            while (errorGroups.size() > maxErrorGroups) {
                Iterator<String> oldest = errorGroups.keySet().iterator();
                oldest.next();
                oldest.remove();
                evicted++;
            }
            return new ErrorGroupChange(created, ErrorGroupChange.Kind.NEW);
        }
        boolean newer = !at.isBefore(g.lastSeen());
        ErrorGroupStatus status = g.status() == ErrorGroupStatus.RESOLVED ? ErrorGroupStatus.REGRESSED : g.status();
        ErrorGroup updated = new ErrorGroup(
                g.fingerprint(),
                g.type(),
                g.messageTemplate(),
                newer ? o.event().component() : g.component(),
                g.count() + 1,
                at.isBefore(g.firstSeen()) ? at : g.firstSeen(),
                newer ? at : g.lastSeen(),
                newer ? o.event().message() : g.lastMessage(),
                newer ? o.event().stackTrace() : g.lastStackTrace(),
                newer ? o.event().transactionId() : g.lastTransactionId(),
                status);
        errorGroups.put(g.fingerprint(), updated);
        return g.status() == ErrorGroupStatus.RESOLVED
                ? new ErrorGroupChange(updated, ErrorGroupChange.Kind.REGRESSED)
                : null;
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public Optional<StoredTransaction> transaction(String id) {
        return transactions.transaction(id);
    }

    @Override
    public Page<StoredTransaction> searchTransactions(TransactionQuery q) {
        return transactions.searchTransactions(q);
    }

    @Override
    public List<AggregateRow> aggregate(AggregateQuery q) {
        return transactions.aggregate(q);
    }

    @Override
    public TransactionFigures transactionFigures(FiguresQuery q) {
        return transactions.figures(q);
    }
    // ------------------------------------------------------------------ health

    @Override
    public List<HealthReport> healthSamples(String component, Instant from, Instant to, int limit) {
        Validate.atLeast("limit", limit, 1);
        List<HealthReport> out = new ArrayList<>();
        synchronized (lock) {
            Iterator<HealthReport> newestFirst = samples.descendingIterator();
            while (newestFirst.hasNext()) {
                HealthReport r = newestFirst.next();
                if (r.component().equals(component) && inRange(r.checkedAt(), from, to)) {
                    out.add(r);
                }
            }
        }
        out.sort(Comparator.comparing(HealthReport::checkedAt).reversed());
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static boolean inRange(@Nullable Instant t, Instant from, Instant to) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }

    @Override
    public HealthStats healthStats(String component, Instant from, Instant to) {
        Map<HealthStatus, Long> byStatus = new HashMap<>();
        LatencyHistogram h = LatencyHistogram.empty();
        synchronized (lock) {
            for (HealthReport r : samples) {
                if (r.component().equals(component) && inRange(r.checkedAt(), from, to)) {
                    byStatus.merge(r.status(), 1L, Long::sum);
                    if (r.responseTime() != null) {
                        h = h.with(r.responseTime());
                    }
                }
            }
        }
        return new HealthStats(component, byStatus, h);
    }

    @Override
    public void saveComponentState(ComponentState state) {
        synchronized (lock) {
            components.put(state.component(), state);
        }
    }

    @Override
    public List<ComponentState> componentStates() {
        synchronized (lock) {
            return List.copyOf(components.values());
        }
    }

    // ------------------------------------------------------------------ errors and logs

    @Override
    public Page<ErrorGroup> errorGroups(Set<ErrorGroupStatus> statuses, int limit, @Nullable String after) {
        Validate.atLeast("limit", limit, 1);
        Cursor cursor = after == null ? null : Cursor.decode(after);
        List<ErrorGroup> matches;
        synchronized (lock) {
            matches = errorGroups.values().stream()
                    .filter(g -> statuses.isEmpty() || statuses.contains(g.status()))
                    .filter(g -> cursor == null || cursor.precedes(g.lastSeen(), g.fingerprint()))
                    .toList();
        }
        return page(matches, ErrorGroup::lastSeen, ErrorGroup::fingerprint, limit);
    }

    @Override
    public Optional<ErrorGroup> errorGroup(String fingerprint) {
        synchronized (lock) {
            return Optional.ofNullable(errorGroups.get(fingerprint));
        }
    }

    @Override
    public boolean setErrorGroupStatus(String fingerprint, ErrorGroupStatus status) {
        synchronized (lock) {
            ErrorGroup g = errorGroups.get(fingerprint);
            if (g == null) {
                return false;
            }
            errorGroups.put(
                    fingerprint,
                    new ErrorGroup(
                            g.fingerprint(),
                            g.type(),
                            g.messageTemplate(),
                            g.component(),
                            g.count(),
                            g.firstSeen(),
                            g.lastSeen(),
                            g.lastMessage(),
                            g.lastStackTrace(),
                            g.lastTransactionId(),
                            status));
            return true;
        }
    }

    @Override
    public Page<StoredLogEntry> searchLogs(LogQuery q) {
        Cursor cursor = q.after() == null ? null : Cursor.decode(q.after());
        String text = q.text() == null ? null : q.text().toLowerCase(Locale.ROOT);
        List<StoredLogEntry> matches;
        synchronized (lock) {
            matches = logs.stream()
                    .filter(s -> {
                        LogEntry e = s.entry();
                        Instant at = Objects.requireNonNull(e.occurredAt());
                        return (q.minLevel() == null || e.level().isAtLeast(q.minLevel()))
                                && (q.component() == null || q.component().equals(e.component()))
                                && (q.transactionId() == null
                                        || q.transactionId().equals(e.transactionId()))
                                && (text == null || contains(e.message(), text))
                                && (q.from() == null || !at.isBefore(q.from()))
                                && (q.to() == null || at.isBefore(q.to()))
                                && (cursor == null || cursor.precedes(at, logKey(s.id())));
                    })
                    .toList();
        }
        return page(matches, s -> s.entry().occurredAt(), s -> logKey(s.id()), q.limit());
    }

    /** Log ids as fixed-width strings, so that string order is numeric order in cursors. */
    private static String logKey(long id) {
        return String.format("%019d", id);
    }

    // ------------------------------------------------------------------ alerts and deliveries

    @Override
    public AlertUpsert raiseAlert(RaisePlan plan) {
        return alerts.raiseAlert(plan);
    }

    @Override
    public Optional<AlertUpsert> updateAlert(String id, UnaryOperator<AlertRecord> change, List<Delivery> planned) {
        return alerts.updateAlert(id, change, planned);
    }

    @Override
    public Optional<AlertRecord> alert(String id) {
        return alerts.alert(id);
    }

    @Override
    public Page<AlertRecord> searchAlerts(AlertQuery q) {
        return alerts.searchAlerts(q);
    }

    @Override
    public void upsertAlerts(List<AlertRecord> list, List<Delivery> deliveries) {
        alerts.upsert(list, deliveries);
    }

    @Override
    public void insertDeliveries(List<Delivery> list) {
        alerts.insertDeliveries(list);
    }

    @Override
    public List<Delivery> claimDueDeliveries(Instant now, int limit, String owner, Instant claimUntil) {
        return alerts.claimDueDeliveries(now, limit, owner, claimUntil);
    }

    @Override
    public boolean recordAttempt(Delivery attempted, String owner) {
        return alerts.recordAttempt(attempted, owner);
    }

    @Override
    public List<Delivery> deliveries(String alertId) {
        return alerts.deliveries(alertId);
    }

    @Override
    public Map<DeliveryState, Long> deliveryCounts() {
        return alerts.deliveryCounts();
    }

    @Override
    public boolean planReport(StoredReport report, List<Delivery> deliveries) {
        return alerts.planReport(report, deliveries);
    }

    @Override
    public Optional<StoredReport> report(String id) {
        return alerts.report(id);
    }

    @Override
    public Page<StoredReport> reports(int limit, @Nullable String after) {
        return alerts.reports(limit, after);
    }

    @Override
    public void saveSilence(Silence silence) {
        alerts.saveSilence(silence);
    }

    @Override
    public List<Silence> silences(Instant now) {
        return alerts.silences(now);
    }

    @Override
    public boolean deleteSilence(String id) {
        return alerts.deleteSilence(id);
    }

    // ------------------------------------------------------------------ audit, locks, retention

    @Override
    public AuditEntry appendAudit(AuditEntry entry) {
        synchronized (lock) {
            AuditEntry stored = new AuditEntry(
                    nextAuditId++, entry.at(), entry.actor(), entry.action(), entry.target(), entry.details());
            audit.addLast(stored);
            while (audit.size() > maxEntries) {
                audit.removeFirst();
                evicted++;
            }
            return stored;
        }
    }

    @Override
    public void saveApiKey(ApiKey key) {
        Validate.notNull("key", key);
        synchronized (lock) {
            apiKeys.put(key.id(), key);
        }
    }

    @Override
    public List<ApiKey> apiKeys() {
        synchronized (lock) {
            return apiKeys.values().stream()
                    .sorted(java.util.Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id))
                    .toList();
        }
    }

    @Override
    public Page<AuditEntry> audit(int limit, @Nullable String after) {
        Validate.atLeast("limit", limit, 1);
        Cursor cursor = after == null ? null : Cursor.decode(after);
        List<AuditEntry> matches;
        synchronized (lock) {
            matches = audit.stream()
                    .filter(a -> cursor == null || cursor.precedes(a.at(), logKey(a.id())))
                    .toList();
        }
        return page(matches, AuditEntry::at, a -> logKey(a.id()), limit);
    }

    @Override
    public boolean tryLock(String name, String owner, Instant now, Duration lease) {
        synchronized (lock) {
            Lease current = locks.get(name);
            if (current == null
                    || current.owner().equals(owner)
                    || !current.until().isAfter(now)) {
                locks.put(name, new Lease(owner, now.plus(lease)));
                return true;
            }
            return false;
        }
    }

    @Override
    public void unlock(String name, String owner) {
        synchronized (lock) {
            Lease current = locks.get(name);
            if (current != null && current.owner().equals(owner)) {
                locks.remove(name);
            }
        }
    }

    @Override
    public long purge(Instant cutoff, int chunkSize) {
        Validate.atLeast("chunkSize", chunkSize, 1);
        long deleted = 0;
        synchronized (lock) {
            deleted += transactions.purge(cutoff);
            int before = samples.size();
            samples.removeIf(r -> Objects.requireNonNull(r.checkedAt()).isBefore(cutoff));
            deleted += before - samples.size();
            before = logs.size();
            logs.removeIf(l -> Objects.requireNonNull(l.entry().occurredAt()).isBefore(cutoff));
            deleted += before - logs.size();
            deleted += alerts.purge(cutoff);
        }
        return deleted;
    }

    @Override
    public long erase(String customerEmail, String replacement) {
        Validate.notNull("customerEmail", customerEmail);
        Validate.identifier("customerEmail", customerEmail, 254);
        Validate.optionalEmail("replacement", Validate.notNull("replacement", replacement));
        Erasure e = new Erasure(customerEmail, replacement);
        long changed = 0;
        synchronized (lock) {
            changed += transactions.erase(e);
            List<StoredLogEntry> kept = new ArrayList<>(logs.size());
            for (StoredLogEntry l : logs) {
                LogEntry le = l.entry();
                LogEntry erased = new LogEntry(
                        le.level(),
                        le.component(),
                        e.text(le.message()),
                        e.map(le.details()),
                        le.transactionId(),
                        e.text(le.customer()),
                        le.occurredAt());
                if (!erased.equals(le)) {
                    changed++;
                }
                kept.add(new StoredLogEntry(l.id(), erased));
            }
            logs.clear();
            logs.addAll(kept);
            for (Map.Entry<String, ErrorGroup> entry : errorGroups.entrySet()) {
                ErrorGroup g = entry.getValue();
                ErrorGroup erased = new ErrorGroup(
                        g.fingerprint(),
                        g.type(),
                        g.messageTemplate(),
                        g.component(),
                        g.count(),
                        g.firstSeen(),
                        g.lastSeen(),
                        e.text(g.lastMessage()),
                        e.text(g.lastStackTrace()),
                        g.lastTransactionId(),
                        g.status());
                if (!erased.equals(g)) {
                    entry.setValue(erased);
                    changed++;
                }
            }
            changed += alerts.erase(e);
        }
        return changed;
    }

    /** {@code evicted}: entries dropped because a bound was reached; {@code transactions}: stored now. */
    @Override
    public Map<String, Long> counters() {
        synchronized (lock) {
            return Map.of("evicted", evicted + transactions.evicted(), "transactions", (long) transactions.size());
        }
    }

    /** Nothing to release; the data stays readable. */
    @Override
    public void close() {}

    /** Builds an {@link InMemoryStore}. */
    public static final class Builder {
        private int maxTransactions = DEFAULT_MAX_TRANSACTIONS;
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private int maxErrorGroups = DEFAULT_MAX_ERROR_GROUPS;
        private Clock clock = Clock.systemUTC();
        private int maxEventsPerTransaction = DEFAULT_MAX_EVENTS_PER_TRANSACTION;

        private Builder() {}

        /**
         * Bound on timeline events kept per transaction (default {@value
         * #DEFAULT_MAX_EVENTS_PER_TRANSACTION}); beyond it the earliest arrivals are evicted and
         * counted. The transaction's state still reflects every observation.
         */
        public Builder maxEventsPerTransaction(int max) {
            this.maxEventsPerTransaction = Validate.atLeast("maxEventsPerTransaction", max, 1);
            return this;
        }

        /** The clock for arrival times ({@code updatedAt}, {@code recordedAt}); the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Validate.notNull("clock", clock);
            return this;
        }

        /** Bound on transactions (default {@value #DEFAULT_MAX_TRANSACTIONS}); the oldest are evicted. */
        public Builder maxTransactions(int max) {
            this.maxTransactions = Validate.atLeast("maxTransactions", max, 1);
            return this;
        }

        /** Bound on health samples, logs and audit entries, each (default {@value #DEFAULT_MAX_ENTRIES}). */
        public Builder maxEntries(int max) {
            this.maxEntries = Validate.atLeast("maxEntries", max, 1);
            return this;
        }

        /** Bound on error groups (default {@value #DEFAULT_MAX_ERROR_GROUPS}). */
        public Builder maxErrorGroups(int max) {
            this.maxErrorGroups = Validate.atLeast("maxErrorGroups", max, 1);
            return this;
        }

        /** Builds the store. */
        public InMemoryStore build() {
            return new InMemoryStore(this);
        }
    }
}
