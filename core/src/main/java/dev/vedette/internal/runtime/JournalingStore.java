package dev.vedette.internal.runtime;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.ApiKey;
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
import dev.vedette.model.StoredReport;
import dev.vedette.model.StoredTransaction;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.AlertUpsert;
import dev.vedette.store.FiguresQuery;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import dev.vedette.store.RaisePlan;
import dev.vedette.store.Store;
import dev.vedette.store.StoreException;
import dev.vedette.store.TransactionFigures;
import dev.vedette.store.TransactionQuery;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store the monitor works through: every call goes to the host's store, and while that store
 * is unreachable the alert path goes on from a bounded in-memory journal, so an outage of the
 * database is still alerted on.
 *
 * <ul>
 *   <li><b>Watching.</b> A call that fails with a transient {@link StoreException} (not {@linkplain
 *       StoreException#isPermanent() permanent}) marks the store failing since that moment ({@link
 *       #failingSince()}); {@link StoreWatch} raises "Vedette store unreachable" from it.
 *   <li><b>Journal.</b> From the first such failure of an alert-path call, raises, updates,
 *       deliveries, claims, attempts, audit entries and component states are kept in an {@link
 *       InMemoryStore}, seeded with the active alerts (and their deliveries), silences and
 *       component states last read from the store. Dedup, routing, throttling and delivery work on
 *       it with the same keys. Reads of transactions, aggregates, logs and the like still go to the
 *       store and fail as before.
 *   <li><b>Reconciliation.</b> At most every {@code probeInterval} ({@link #probe()}, which the
 *       scheduler calls every second), the journal is written back: component states, then every alert and
 *       delivery the journal touched as they stand ({@link Store#upsertAlerts}: a delivery sent
 *       during the outage is stored SENT and never sent again), then the audit entries and one
 *       {@code store.outage} entry saying what happened. Only when all of it is written does the
 *       monitor go back to the store; until then nothing is lost.
 *   <li><b>On disk.</b> With a spool directory, every change of the journal is also kept in {@code
 *       <spool>/alert-journal} ({@link JournalLog}), so a journal survives a restart or a kill -9
 *       and is written back by the next process.
 *   <li><b>Bounds.</b> The journal keeps at most {@code maxAlerts} alerts and {@value
 *       #MAX_AUDIT} audit entries; a raise beyond the bound still notifies but is counted in
 *       {@link #journalDropped()}, and so is an audit entry beyond its bound.
 * </ul>
 *
 * Thread-safe. Journal operations take one lock; calls to the store while it is healthy do not.
 */
public final class JournalingStore implements Store {
    private static final Logger log = LoggerFactory.getLogger(JournalingStore.class);

    /** Most audit entries the journal keeps. */
    public static final int MAX_AUDIT = 10_000;

    /** Most active alerts (with their deliveries) copied from the store to seed a journal. */
    static final int SNAPSHOT_ALERTS = 200;

    private static final Duration SNAPSHOT_INTERVAL = Duration.ofSeconds(10);

    private final Store primary;
    private final Clock clock;
    private final Duration probeInterval;
    private final int maxAlerts;
    private final @Nullable JournalLog disk;
    private final Object lock = new Object();

    private volatile @Nullable Instant failingSince;
    private volatile @Nullable String lastError;
    private volatile boolean probeNow;
    private volatile boolean closing;

    private final Map<String, ComponentState> states = new ConcurrentHashMap<>();
    private volatile List<Silence> silences = List.of();
    private final Map<String, AlertRecord> known = new ConcurrentHashMap<>();
    private final Map<String, Delivery> knownDeliveries = new ConcurrentHashMap<>();
    private volatile @Nullable Instant snapshotAt;

    private volatile @Nullable Journal journal; // changed under lock
    private final AtomicLong outages = new AtomicLong();
    private final AtomicLong journaledAlerts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /** What the monitor did while the store was unreachable. */
    private static final class Journal {
        final Instant since;
        final InMemoryStore memory = new InMemoryStore();
        final Set<String> alerts = new LinkedHashSet<>();
        final Set<String> deliveries = new LinkedHashSet<>();
        final Set<String> deliveryOwners = new LinkedHashSet<>();
        final Map<String, ComponentState> states = new LinkedHashMap<>();
        final List<AuditEntry> audit = new ArrayList<>();

        @Nullable
        Instant lastProbe;

        int raised;
        int restored;

        Journal(Instant since) {
            this.since = since;
        }

        /** Marks deliveries as changed in the journal, to be written back. */
        void touched(List<Delivery> changed) {
            for (Delivery d : changed) {
                deliveries.add(d.id());
                deliveryOwners.add(d.alertId());
            }
        }
    }

    /**
     * A journaling view of {@code primary}, in memory only.
     *
     * @param probeInterval how often, at most, the journal tries to write itself back
     * @param maxAlerts most alerts the journal keeps
     */
    public JournalingStore(Store primary, Clock clock, Duration probeInterval, int maxAlerts) {
        this(primary, clock, probeInterval, maxAlerts, null);
    }

    /**
     * A journaling view of {@code primary} that also keeps its journal on disk under {@code
     * spoolDirectory} ({@link JournalLog}), or in memory only when it is null. A journal left there by
     * a process that died during an outage is opened at once, to be written back at the first
     * {@link #probe()} that finds the store.
     *
     * @throws IllegalStateException if the directory cannot be used or another monitor has it open
     */
    public JournalingStore(
            Store primary, Clock clock, Duration probeInterval, int maxAlerts, @Nullable Path spoolDirectory) {
        this.primary = primary;
        this.clock = clock;
        this.probeInterval = probeInterval;
        this.maxAlerts = maxAlerts;
        this.disk = spoolDirectory == null ? null : JournalLog.open(spoolDirectory);
        if (disk != null) {
            restore(disk.pending());
        }
    }

    /** Opens a journal with the changes a previous process kept on disk, if there are any. */
    private void restore(List<JournalLog.Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Journal j = new Journal(clock.instant());
        for (JournalLog.Change c : changes) {
            j.memory.upsertAlerts(c.alerts(), c.deliveries());
            c.alerts().forEach(a -> j.alerts.add(a.id()));
            j.touched(c.deliveries());
            j.audit.addAll(c.audit());
        }
        j.restored = changes.size();
        journal = j;
        outages.incrementAndGet();
        log.warn(
                "Vedette found {} alert journal changes left by an earlier process ({} alerts): they are written to"
                        + " the store as soon as it answers",
                changes.size(),
                j.alerts.size());
    }

    /** Keeps a journal change on disk, when there is a disk journal. */
    private void keep(List<AlertRecord> alerts, List<Delivery> deliveries, List<AuditEntry> audit) {
        if (disk != null) {
            disk.append(new JournalLog.Change(alerts, deliveries, audit));
        }
    }

    /** The store this one journals for. */
    public Store primary() {
        return primary;
    }

    /** Since when calls to the store have failed without a success since, or null while it works. */
    public @Nullable Instant failingSince() {
        return failingSince;
    }

    /** The last failure of the store, without values from the data ("write batch failed (SQLState 08001)"). */
    public @Nullable String lastError() {
        return lastError;
    }

    /** True while the alert path runs from the journal. */
    public boolean journaling() {
        return journal != null;
    }

    /** Alerts raised while the alert path ran from a journal, over the monitor's life. */
    public long journaledAlerts() {
        return journaledAlerts.get();
    }

    /** Outages the journal covered (journals opened), over the monitor's life. */
    public long outages() {
        return outages.get();
    }

    /** Alerts and audit entries the journal could not keep because it was full. */
    public long journalDropped() {
        return dropped.get();
    }

    /**
     * Writes the journal back if a try is due (every {@code probeInterval}, or at once after a call
     * to the store succeeded). Never throws.
     *
     * @return true if the alert path now runs on the store
     */
    public boolean probe() {
        Journal open = journal;
        if (open == null) {
            return true;
        }
        Instant now = clock.instant();
        synchronized (lock) {
            if (!probeNow && open.lastProbe != null && now.isBefore(open.lastProbe.plus(probeInterval))) {
                return false;
            }
            probeNow = false;
            open.lastProbe = now;
        }
        try {
            primary.componentStates(); // a cheap read outside the lock: a stalled store holds no raise back
        } catch (RuntimeException e) {
            noteFailure(e);
            return false;
        }
        synchronized (lock) {
            Journal j = journal;
            if (j == null) {
                return true;
            }
            try {
                reconcile(j, now);
                journal = null;
                failingSince = null;
                return true;
            } catch (RuntimeException e) {
                noteFailure(e);
                log.debug("Vedette store still unreachable, the alert journal stays in memory: {}", e.toString());
                return false;
            }
        }
    }

    // ------------------------------------------------------------------ the journal's life

    private void noteFailure(RuntimeException e) {
        if (failingSince == null) {
            failingSince = clock.instant();
        }
        lastError = describe(e);
    }

    private void noteSuccess() {
        if (journal == null) { // read racily: a success while journaling only hastens the next probe
            failingSince = null;
        } else {
            probeNow = true;
        }
    }

    private static String describe(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        return root == e ? message : message + " (" + root.getClass().getSimpleName() + ")";
    }

    /** True if {@code e} says the store cannot be reached, rather than that it refuses the data. */
    private static boolean transientFailure(RuntimeException e) {
        return e instanceof StoreException s && !s.isPermanent();
    }

    /** Opens a journal (if none is open) after {@code e}; rethrows anything that is not an outage. */
    private Journal open(RuntimeException e) {
        if (!transientFailure(e) || Thread.currentThread().isInterrupted() || closing) {
            // refused data, or a call cut short by shutting down: not an outage to journal
            throw e;
        }
        noteFailure(e);
        synchronized (lock) {
            if (journal == null) {
                Journal j = new Journal(clock.instant());
                // only deliveries in a final state: one still pending may have been sent since the copy
                List<Delivery> seeded = knownDeliveries.values().stream()
                        .filter(d -> d.state().isFinal() && known.containsKey(d.alertId()))
                        .toList();
                j.memory.upsertAlerts(List.copyOf(known.values()), seeded);
                silences.forEach(j.memory::saveSilence);
                j.lastProbe = j.since;
                journal = j;
                outages.incrementAndGet();
                log.warn(
                        "Vedette store is unreachable ({}): alerts go on from memory ({} active alerts known) until it"
                                + " is back",
                        lastError,
                        known.size());
            }
            return journal;
        }
    }

    /** The open journal, or null. */
    private @Nullable Journal current() {
        return journal;
    }

    private void reconcile(Journal j, Instant now) {
        for (ComponentState s : j.states.values()) {
            primary.saveComponentState(s);
        }
        j.states.clear();
        List<AlertRecord> alerts = new ArrayList<>();
        Map<String, String> activeInStore = new java.util.HashMap<>(); // dedup key -> alert id, read once
        for (AlertRecord a : primary.searchAlerts(AlertQuery.active()).items()) {
            activeInStore.put(a.dedupKey(), a.id());
        }
        for (String id : j.alerts) {
            j.memory.alert(id).ifPresent(alerts::add);
        }
        alerts.replaceAll(a -> a.status().isActive() ? unlessTaken(a, activeInStore, now) : a);
        List<Delivery> deliveries = new ArrayList<>();
        for (String owner : j.deliveryOwners) {
            j.memory.deliveries(owner).stream()
                    .filter(d -> j.deliveries.contains(d.id()))
                    .forEach(deliveries::add);
        }
        primary.upsertAlerts(alerts, deliveries);
        j.alerts.clear();
        j.deliveries.clear();
        j.deliveryOwners.clear();
        for (AuditEntry entry : j.audit) {
            primary.appendAudit(entry);
        }
        j.audit.clear();
        long sent =
                deliveries.stream().filter(d -> d.state() == DeliveryState.SENT).count();
        primary.appendAudit(new AuditEntry(
                0,
                now,
                "vedette",
                "store.outage",
                null,
                Map.of(
                        "from", j.since.toString(),
                        "to", now.toString(),
                        "alerts", alerts.size(),
                        "raised", j.raised,
                        "deliveriesSent", sent,
                        "restoredFromDisk", j.restored,
                        "lastError", String.valueOf(lastError))));
        if (disk != null) {
            disk.clear();
        }
        log.info(
                "Vedette store is reachable again: {} alerts and {} deliveries kept in memory since {} are written"
                        + " back",
                alerts.size(),
                deliveries.size(),
                j.since);
    }

    /**
     * An active journal alert whose key another monitor opened in the store meanwhile is written
     * back resolved, so one key keeps one active alert.
     */
    private static AlertRecord unlessTaken(AlertRecord a, Map<String, String> activeInStore, Instant now) {
        String other = activeInStore.get(a.dedupKey());
        boolean taken = other != null && !other.equals(a.id());
        return taken
                ? a.withLifecycle(AlertStatus.RESOLVED, a.acknowledgedBy(), a.acknowledgedAt(), "vedette:journal", now)
                : a;
    }

    /**
     * Refreshes the copy of the active alerts (and their deliveries) that seeds a journal, at most
     * every 10 seconds; between refreshes, raises, updates and attempts keep it current.
     */
    private void refreshSnapshot(Instant now) {
        Instant at = snapshotAt;
        if (at != null && now.isBefore(at.plus(SNAPSHOT_INTERVAL))) {
            return;
        }
        snapshotAt = now;
        List<AlertRecord> active = primary.searchAlerts(AlertQuery.active()).items();
        Map<String, AlertRecord> alerts = new LinkedHashMap<>();
        Map<String, Delivery> deliveries = new LinkedHashMap<>();
        for (AlertRecord a : active.subList(0, Math.min(active.size(), SNAPSHOT_ALERTS))) {
            alerts.put(a.id(), a);
            primary.deliveries(a.id()).forEach(d -> deliveries.put(d.id(), d));
        }
        silences = List.copyOf(primary.silences(now));
        known.keySet().retainAll(alerts.keySet());
        known.putAll(alerts);
        knownDeliveries.keySet().retainAll(deliveries.keySet());
        knownDeliveries.putAll(deliveries);
    }

    /** Keeps the seed current after a raise or update the store took. */
    private void remember(AlertUpsert result) {
        AlertRecord a = result.alert();
        if (a.status().isActive()) {
            if (known.size() < SNAPSHOT_ALERTS || known.containsKey(a.id())) {
                known.put(a.id(), a);
                result.deliveries().forEach(d -> knownDeliveries.put(d.id(), d));
            }
        } else if (known.remove(a.id()) != null) {
            knownDeliveries.values().removeIf(d -> d.alertId().equals(a.id()));
        }
    }

    /** Runs a store call, noting its success or failure; failures are rethrown. */
    private <T> T call(Supplier<T> call) {
        try {
            T result = call.get();
            noteSuccess();
            return result;
        } catch (RuntimeException e) {
            if (transientFailure(e)) {
                noteFailure(e);
            }
            throw e;
        }
    }

    private void run(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    // ------------------------------------------------------------------ the alert path

    @Override
    public AlertUpsert raiseAlert(RaisePlan plan) {
        if (current() == null) {
            try {
                AlertUpsert result = call(() -> primary.raiseAlert(plan));
                remember(result);
                return result;
            } catch (RuntimeException e) {
                open(e);
            }
        }
        synchronized (lock) {
            Journal j = journal;
            if (j == null) {
                return raiseAlert(plan); // written back meanwhile
            }
            AlertUpsert result = j.memory.raiseAlert(plan);
            if (result.isNew()) {
                j.raised++;
                journaledAlerts.incrementAndGet();
                if (j.alerts.size() >= maxAlerts) {
                    dropped.incrementAndGet();
                    return result; // notified from memory, not written back
                }
            }
            j.alerts.add(result.alert().id());
            j.touched(result.deliveries());
            keep(List.of(result.alert()), result.deliveries(), List.of());
            return result;
        }
    }

    @Override
    public Optional<AlertUpsert> updateAlert(String id, UnaryOperator<AlertRecord> change, List<Delivery> deliveries) {
        if (current() == null) {
            try {
                Optional<AlertUpsert> result = call(() -> primary.updateAlert(id, change, deliveries));
                result.ifPresent(this::remember);
                return result;
            } catch (RuntimeException e) {
                open(e);
            }
        }
        synchronized (lock) {
            Journal j = journal;
            if (j == null) {
                return updateAlert(id, change, deliveries);
            }
            Optional<AlertUpsert> result = j.memory.updateAlert(id, change, deliveries);
            result.ifPresent(r -> {
                j.alerts.add(id);
                j.touched(r.deliveries());
                keep(List.of(r.alert()), r.deliveries(), List.of());
            });
            return result;
        }
    }

    @Override
    public Optional<AlertRecord> alert(String id) {
        return journaled(() -> primary.alert(id), j -> j.memory.alert(id));
    }

    @Override
    public Page<AlertRecord> searchAlerts(AlertQuery query) {
        return journaled(() -> primary.searchAlerts(query), j -> j.memory.searchAlerts(query));
    }

    @Override
    public void upsertAlerts(List<AlertRecord> alerts, List<Delivery> deliveries) {
        run(() -> primary.upsertAlerts(alerts, deliveries));
    }

    @Override
    public void insertDeliveries(List<Delivery> deliveries) {
        journaled(
                () -> {
                    primary.insertDeliveries(deliveries);
                    return null;
                },
                j -> {
                    j.memory.insertDeliveries(deliveries);
                    j.touched(deliveries);
                    keep(List.of(), deliveries, List.of());
                    return null;
                });
    }

    @Override
    public List<Delivery> claimDueDeliveries(Instant now, int limit, String owner, Instant claimUntil) {
        List<Delivery> claimed = journaled(() -> primary.claimDueDeliveries(now, limit, owner, claimUntil), j -> {
            List<Delivery> fromMemory = j.memory.claimDueDeliveries(now, limit, owner, claimUntil);
            j.touched(fromMemory);
            return fromMemory;
        });
        if (journal == null) {
            try {
                refreshSnapshot(now);
            } catch (RuntimeException e) {
                if (transientFailure(e)) {
                    noteFailure(e);
                }
            }
        }
        return claimed;
    }

    @Override
    public boolean recordAttempt(Delivery attempted, String owner) {
        return journaled(
                () -> {
                    boolean written = primary.recordAttempt(attempted, owner);
                    if (written) {
                        knownDeliveries.computeIfPresent(attempted.id(), (id, d) -> attempted);
                    }
                    return written;
                },
                j -> {
                    j.touched(List.of(attempted));
                    keep(List.of(), List.of(attempted), List.of());
                    if (j.memory.recordAttempt(attempted, owner)) {
                        return true;
                    }
                    // claimed from the store before it went away: the outcome is kept and written back
                    j.memory.upsertAlerts(List.of(), List.of(attempted));
                    return true;
                });
    }

    @Override
    public List<Delivery> deliveries(String alertId) {
        return journaled(() -> primary.deliveries(alertId), j -> j.memory.deliveries(alertId));
    }

    @Override
    public Map<DeliveryState, Long> deliveryCounts() {
        return journaled(primary::deliveryCounts, j -> j.memory.deliveryCounts());
    }

    @Override
    public List<Silence> silences(Instant now) {
        return journaled(
                () -> {
                    List<Silence> read = primary.silences(now);
                    silences = List.copyOf(read);
                    return read;
                },
                j -> j.memory.silences(now));
    }

    @Override
    public void saveSilence(Silence silence) {
        run(() -> primary.saveSilence(silence));
    }

    @Override
    public boolean deleteSilence(String id) {
        return call(() -> primary.deleteSilence(id));
    }

    @Override
    public void saveApiKey(ApiKey key) {
        run(() -> primary.saveApiKey(key));
    }

    @Override
    public List<ApiKey> apiKeys() {
        return call(primary::apiKeys);
    }

    @Override
    public AuditEntry appendAudit(AuditEntry entry) {
        return journaled(() -> primary.appendAudit(entry), j -> {
            if (j.audit.size() < MAX_AUDIT) {
                j.audit.add(entry);
                keep(List.of(), List.of(), List.of(entry));
            } else {
                dropped.incrementAndGet();
            }
            return entry;
        });
    }

    @Override
    public void saveComponentState(ComponentState state) {
        states.put(state.component(), state);
        journaled(
                () -> {
                    primary.saveComponentState(state);
                    return null;
                },
                j -> j.states.put(state.component(), state));
    }

    @Override
    public List<ComponentState> componentStates() {
        return journaled(
                () -> {
                    List<ComponentState> read = primary.componentStates();
                    read.forEach(s -> states.put(s.component(), s));
                    return read;
                },
                j -> List.copyOf(states.values()));
    }

    @Override
    public Optional<ComponentState> componentState(String component) {
        return journaled(
                () -> {
                    Optional<ComponentState> read = primary.componentState(component);
                    read.ifPresent(s -> states.put(component, s));
                    return read;
                },
                j -> Optional.ofNullable(states.get(component)));
    }

    /**
     * Runs {@code onStore} while no journal is open; when it fails for an outage, or a journal is
     * open, runs {@code onJournal} under the journal's lock.
     */
    private <T> T journaled(Supplier<T> onStore, java.util.function.Function<Journal, T> onJournal) {
        if (current() == null) {
            try {
                return call(onStore);
            } catch (RuntimeException e) {
                open(e);
            }
        }
        synchronized (lock) {
            Journal j = journal;
            return j == null ? journaled(onStore, onJournal) : onJournal.apply(j);
        }
    }

    // ------------------------------------------------------------------ everything else: the store

    @Override
    public WriteResult write(WriteBatch batch) {
        return call(() -> primary.write(batch));
    }

    @Override
    public Optional<StoredTransaction> transaction(String id) {
        return call(() -> primary.transaction(id));
    }

    @Override
    public Page<StoredTransaction> searchTransactions(TransactionQuery query) {
        return call(() -> primary.searchTransactions(query));
    }

    @Override
    public List<AggregateRow> aggregate(AggregateQuery query) {
        return call(() -> primary.aggregate(query));
    }

    @Override
    public TransactionFigures transactionFigures(FiguresQuery query) {
        return call(() -> primary.transactionFigures(query));
    }

    @Override
    public List<HealthReport> healthSamples(String component, Instant from, Instant to, int limit) {
        return call(() -> primary.healthSamples(component, from, to, limit));
    }

    @Override
    public HealthStats healthStats(String component, Instant from, Instant to) {
        return call(() -> primary.healthStats(component, from, to));
    }

    @Override
    public Page<ErrorGroup> errorGroups(Set<ErrorGroupStatus> statuses, int limit, @Nullable String after) {
        return call(() -> primary.errorGroups(statuses, limit, after));
    }

    @Override
    public Optional<ErrorGroup> errorGroup(String fingerprint) {
        return call(() -> primary.errorGroup(fingerprint));
    }

    @Override
    public boolean setErrorGroupStatus(String fingerprint, ErrorGroupStatus status) {
        return call(() -> primary.setErrorGroupStatus(fingerprint, status));
    }

    @Override
    public Page<StoredLogEntry> searchLogs(LogQuery query) {
        return call(() -> primary.searchLogs(query));
    }

    @Override
    public boolean planReport(StoredReport report, List<Delivery> deliveries) {
        return call(() -> primary.planReport(report, deliveries));
    }

    @Override
    public Optional<StoredReport> report(String id) {
        return call(() -> primary.report(id));
    }

    @Override
    public Page<StoredReport> reports(int limit, @Nullable String after) {
        return call(() -> primary.reports(limit, after));
    }

    @Override
    public Page<AuditEntry> audit(int limit, @Nullable String after) {
        return call(() -> primary.audit(limit, after));
    }

    /** False, rather than a failure, when the store cannot be reached: a lock on it cannot be held. */
    @Override
    public boolean tryLock(String name, String owner, Instant now, Duration lease) {
        if (journal != null) {
            return false;
        }
        try {
            return call(() -> primary.tryLock(name, owner, now, lease));
        } catch (RuntimeException e) {
            if (transientFailure(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void unlock(String name, String owner) {
        run(() -> primary.unlock(name, owner));
    }

    @Override
    public long purge(Instant cutoff, int chunkSize) {
        return call(() -> primary.purge(cutoff, chunkSize));
    }

    @Override
    public long erase(String customerEmail, String replacement) {
        return call(() -> primary.erase(customerEmail, replacement));
    }

    @Override
    public Map<String, Long> counters() {
        return primary.counters();
    }

    /**
     * Tries once more to write an open journal back, warns with what is lost if it cannot, then
     * closes the store.
     */
    @Override
    public void close() {
        closing = true;
        synchronized (lock) {
            Journal j = journal;
            if (j != null) {
                probeNow = true;
                if (!probe()) {
                    log.warn(
                            "Vedette closed while its store was unreachable: {} alerts and {} audit entries kept in"
                                    + " memory since {} were not written to it",
                            j.alerts.size(),
                            j.audit.size(),
                            j.since);
                }
            }
        }
        if (disk != null) {
            disk.close();
        }
        primary.close();
    }
}
