package dev.vedette.store;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.ApiKey;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ComponentState;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.HealthStats;
import dev.vedette.model.Silence;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredReport;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Where Vedette keeps what it records: the storage SPI.
 *
 * <p>Implementations: {@link InMemoryStore} (bounded, for tests and the embedded default) and
 * {@code JdbcStore} in {@code vedette-jdbc-store}. Both pass the same contract test suites ({@code
 * dev.vedette.test.StoreContractTest} and {@code EndUserDataContractTest} in the {@code
 * vedette-test} artifact), which are the executable definition of this interface; a custom store
 * should run them too.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Every method is thread-safe. Several monitors (several instances of one application) may
 *       share one store; the operations that must be atomic across them say so.
 *   <li>Transaction upserts follow {@link TransactionMerge}.
 *   <li>Searches return pages in a documented order with keyset cursors; a cursor stays valid while
 *       rows are inserted (no item is repeated or skipped because of newer inserts).
 *   <li>Methods throw {@link StoreException} (or another runtime exception) when the storage fails;
 *       the monitor retries writes and never lets such an exception reach host code.
 * </ul>
 *
 * <p>Compatibility: methods may be added to this interface in minor releases, with default
 * implementations where they can be derived.
 */
public interface Store extends AutoCloseable {

    // ---------------------------------------------------------------- writes from the pipeline

    /**
     * Writes a batch: upserts each transaction observation (in list order) and appends it to the
     * timeline, stores health samples and log entries, counts errors into their groups.
     *
     * <p>The store applies the merge and hands the result back; it calls nothing of the monitor's
     * while it writes. The monitor's rules then judge the merged transactions.
     *
     * @return the error groups created or re-opened, and one {@link TransactionChange} per transaction
     *     observation in list order, whose {@code after} states are what the batch stored
     */
    WriteResult write(WriteBatch batch);

    // ---------------------------------------------------------------- transactions

    /** The transaction with its whole timeline in event-time order (ties in arrival order). */
    Optional<StoredTransaction> transaction(String id);

    /** Transactions matching the query, without timelines, in the query's order. */
    Page<StoredTransaction> searchTransactions(TransactionQuery query);

    /** Counts, sums and latency histograms per group; see {@link AggregateQuery}. Row order is unspecified. */
    List<AggregateRow> aggregate(AggregateQuery query);

    /**
     * Distinct customers, paid transactions, funnel steps and failures by error code over every
     * transaction created in the query's range; see {@link FiguresQuery} and {@link
     * TransactionFigures}. Every figure is exact, except that a store may estimate the two customer
     * counts and then must say so in {@link TransactionFigures#customerEstimate()}. This is what the
     * analytics pages ask instead of reading rows, so a store should answer it from aggregates or
     * rollups (a {@code JdbcStore} reads figure rollups it keeps with every write, and per-day
     * HyperLogLog sketches for customers).
     *
     * <p>The default pages through {@link #searchTransactions} over the whole range, which is exact
     * but reads every row: a store holding many transactions should override it.
     */
    default TransactionFigures transactionFigures(FiguresQuery query) {
        FiguresTally tally = new FiguresTally(query);
        @Nullable String after = null;
        while (true) {
            Page<StoredTransaction> page = searchTransactions(TransactionQuery.builder()
                    .createdBetween(query.from(), query.to())
                    .limit(TransactionQuery.MAX_LIMIT)
                    .after(after)
                    .build());
            page.items().forEach(tally::add);
            if (!page.hasNext()) {
                return tally.figures();
            }
            after = page.nextCursor();
        }
    }

    // ---------------------------------------------------------------- health

    /** Samples of a component with {@code checkedAt} in [from, to), newest first, at most {@code limit}. */
    List<dev.vedette.model.HealthReport> healthSamples(String component, Instant from, Instant to, int limit);

    /** Samples of a component with {@code checkedAt} in [from, to), counted by status. */
    HealthStats healthStats(String component, Instant from, Instant to);

    /**
     * The samples of a component with {@code checkedAt} in [from, to) whose status differs from the
     * sample before them in the range (by {@code checkedAt}, then insertion order; the range's first
     * sample always counts), newest first, at most {@code limit}: the newest changes when there are
     * more. What incidents ({@code Health#incidents}) are built from, without reading every sample.
     */
    List<dev.vedette.model.HealthReport> healthChanges(String component, Instant from, Instant to, int limit);

    /** Saves (inserts or replaces) a component's current state. */
    void saveComponentState(ComponentState state);

    /** All component states, by component name. */
    List<ComponentState> componentStates();

    /** One component's state. */
    default Optional<ComponentState> componentState(String component) {
        return componentStates().stream()
                .filter(s -> s.component().equals(component))
                .findFirst();
    }

    // ---------------------------------------------------------------- errors and logs

    /** Error groups with one of these statuses (all when empty), newest {@code lastSeen} first. */
    Page<ErrorGroup> errorGroups(Set<ErrorGroupStatus> statuses, int limit, @Nullable String after);

    /** One error group. */
    Optional<ErrorGroup> errorGroup(String fingerprint);

    /** Sets a group's status; false if there is no such group. */
    boolean setErrorGroupStatus(String fingerprint, ErrorGroupStatus status);

    /** Log entries matching the query. */
    Page<StoredLogEntry> searchLogs(LogQuery query);

    // ---------------------------------------------------------------- alerts and the outbox

    /**
     * Opens an alert or absorbs it, atomically across every monitor on this store: reads the active
     * alert with the candidate's dedup key, applies {@link AlertMerge#raise} to it and the plan, and
     * stores the resulting alert and deliveries in the same atomic step.
     *
     * @param plan the engine's plan: a new OPEN candidate with one occurrence and its deliveries
     */
    AlertUpsert raiseAlert(RaisePlan plan);

    /**
     * Changes an alert atomically: reads it, applies {@link AlertMerge#update} with {@code change}
     * and stores the result with {@code deliveries}. A change that returns its argument unchanged
     * writes nothing, deliveries included.
     *
     * @param change a pure function of the stored alert
     * @param deliveries the deliveries to store if the alert changes
     * @return the outcome ({@code previous} is the alert before the change), or empty if there is
     *     no such alert or nothing changed
     */
    Optional<AlertUpsert> updateAlert(String id, UnaryOperator<AlertRecord> change, List<Delivery> deliveries);

    /** One alert. */
    Optional<AlertRecord> alert(String id);

    /** Alerts matching the query. */
    Page<AlertRecord> searchAlerts(AlertQuery query);

    /**
     * Writes alerts and deliveries as they are, each replacing any stored row with the same id, in
     * one atomic step: how the alert journal that the monitor kept while this store was unreachable
     * is reconciled into it (alerts raised and notified during the outage, and the outcome of
     * deliveries sent meanwhile). A delivery written here keeps its state, attempts and claim, so a
     * SENT delivery is never claimed again. Nothing is merged: the caller makes sure that no other
     * active alert has the dedup key of an active alert it writes.
     *
     * @throws StoreException if the store cannot write them (nothing is written then)
     */
    void upsertAlerts(List<AlertRecord> alerts, List<Delivery> deliveries);

    /** Stores deliveries that belong to no alert change (digests). */
    void insertDeliveries(List<Delivery> deliveries);

    /**
     * Claims up to {@code limit} deliveries that are due at {@code now} and not claimed by anyone
     * else (or whose claim expired), oldest due first, atomically: two dispatchers never receive the
     * same delivery while a claim holds.
     */
    List<Delivery> claimDueDeliveries(Instant now, int limit, String owner, Instant claimUntil);

    /**
     * Records an attempt's outcome ({@link Delivery#attempted}); ignored unless the stored delivery
     * is still claimed by {@code owner}.
     *
     * @return true if written
     */
    boolean recordAttempt(Delivery attempted, String owner);

    /** The deliveries of an alert, oldest first. */
    List<Delivery> deliveries(String alertId);

    /** Number of deliveries per state. */
    Map<DeliveryState, Long> deliveryCounts();

    /** Saves (inserts or replaces) a silence. */
    void saveSilence(Silence silence);

    /** Silences that end after {@code now}, by start time. */
    List<Silence> silences(Instant now);

    /** Deletes a silence; false if there was none. */
    boolean deleteSilence(String id);

    // ---------------------------------------------------------------- reports

    /**
     * Stores a rendered report together with its deliveries in one atomic step, unless a report with
     * the same {@link StoredReport#id()} is already stored, in which case nothing is written. Atomic
     * across every monitor on this store: of several instances planning the same period's report,
     * exactly one stores it and its deliveries.
     *
     * @param deliveries the report's outbox rows, one per channel
     * @return true if the report and its deliveries were stored
     */
    boolean planReport(StoredReport report, List<Delivery> deliveries);

    /** One stored report by its {@link StoredReport#id()}. */
    Optional<StoredReport> report(String id);

    /** Stored reports, newest {@code createdAt} first (ties by id, descending), with keyset cursors. */
    Page<StoredReport> reports(int limit, @Nullable String after);

    // ---------------------------------------------------------------- audit, locks, retention

    /** Appends an audit entry; returns it with its id. */
    AuditEntry appendAudit(AuditEntry entry);

    /** Audit entries, newest first. */
    Page<AuditEntry> audit(int limit, @Nullable String after);

    /**
     * Takes or renews the named lock for {@code owner} until {@code now + lease}, if it is free, held
     * by the same owner, or expired. Atomic across every monitor on this store.
     */
    boolean tryLock(String name, String owner, Instant now, Duration lease);

    /** Releases the named lock if {@code owner} holds it. */
    void unlock(String name, String owner);

    /**
     * Deletes raw data older than {@code cutoff}: transactions whose last event is older, their
     * timelines, health samples, logs, resolved alerts and their final deliveries, reports created
     * before the cutoff whose deliveries are all final, with those deliveries. Works in chunks
     * of at most {@code chunkSize} rows per statement.
     *
     * @return number of rows deleted
     */
    long purge(Instant cutoff, int chunkSize);

    /**
     * Erases a customer's personal data, for the right to erasure. Transactions and timeline events
     * whose customer e-mail equals {@code customerEmail} (ignoring case) get {@code replacement} as
     * their e-mail and lose the customer name. Every occurrence of the e-mail — as given and in
     * lower case — in transaction and event error messages and metadata, log messages, details and
     * customers, error groups' last message and stack trace, and alert titles, messages and labels is
     * replaced by {@code replacement}. Aggregates are unaffected.
     *
     * @param customerEmail the address to erase
     * @param replacement what to write instead (a pseudonym such as {@code erased-3f2a@erased.invalid})
     * @return the number of rows changed
     * @throws IllegalArgumentException if the replacement is not an e-mail address
     */
    long erase(String customerEmail, String replacement);

    // ---------------------------------------------------------------- API keys

    /**
     * Saves (inserts or replaces, by {@link ApiKey#id()}) an API key of the HTTP ingest API: only
     * its hash, never the key.
     */
    void saveApiKey(ApiKey key);

    /**
     * Every API key saved, revoked ones included, oldest {@code createdAt} first (ties by id).
     */
    List<ApiKey> apiKeys();

    /**
     * Store-specific counters for monitoring the store itself, e.g. {@code evicted} for a bounded
     * store. Empty by default.
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /** Releases resources (pools the store created). Idempotent. */
    @Override
    void close();
}
