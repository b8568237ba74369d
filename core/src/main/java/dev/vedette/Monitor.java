package dev.vedette;

import dev.vedette.alerting.AlertJobs;
import dev.vedette.alerting.AlertingSettings;
import dev.vedette.alerting.Alerts;
import dev.vedette.alerting.ChannelDependencies;
import dev.vedette.alerting.Dispatcher;
import dev.vedette.alerting.LogNotifier;
import dev.vedette.alerting.Notifier;
import dev.vedette.analytics.Analytics;
import dev.vedette.analytics.Reports;
import dev.vedette.health.Heartbeats;
import dev.vedette.internal.Validate;
import dev.vedette.internal.pipeline.BatchListener;
import dev.vedette.internal.pipeline.Fingerprints;
import dev.vedette.internal.pipeline.Pipeline;
import dev.vedette.internal.pipeline.Quarantine;
import dev.vedette.internal.runtime.BackgroundJobs;
import dev.vedette.internal.runtime.CheckSchedule;
import dev.vedette.internal.runtime.CustomerErasure;
import dev.vedette.internal.runtime.HealthTracker;
import dev.vedette.internal.runtime.JournalingStore;
import dev.vedette.internal.runtime.ReportSender;
import dev.vedette.internal.runtime.RetentionPurge;
import dev.vedette.internal.runtime.RuleRunner;
import dev.vedette.internal.runtime.StoreWatch;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthSummary;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.StoreStatus;
import dev.vedette.model.Transaction;
import dev.vedette.model.WebhookEvent;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Page;
import dev.vedette.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vedette's facade: record what your payment flow does, and be told when it goes wrong.
 *
 * <pre>{@code
 * Monitor monitor = Monitor.builder()
 *     .store(new InMemoryStore())                       // the default
 *     .notifier(slack).notifier(email)
 *     .route(Route.of(Severity.CRITICAL, "slack", "email"))
 *     .build();
 *
 * monitor.recordTransaction(Transaction.builder("txn-42")
 *     .status(TransactionStatus.FAILED).amount("19.99", "USD")
 *     .error("INSTRUMENT_DECLINED", "Card declined").build());
 * monitor.raiseAlert(Alert.critical("PayPal API failing").component("paypal").build());
 * monitor.close();
 * }</pre>
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>The record methods ({@code recordTransaction}, {@code recordHealth}, {@code recordError},
 *       {@code log}) never throw and never block beyond the configured bound: they put the record
 *       in a bounded queue and return. A full queue drops the record and counts it ({@link
 *       #stats()}); a null argument or a call after {@link #close()} is a counted no-op. Values from
 *       end users are recorded and flagged by the value builders ({@link Transaction#flags()},
 *       counted in {@code stats().flagged()}); only programming errors throw there.
 *   <li>One daemon writer thread writes the queue to the {@link Store} in batches, retrying failed
 *       writes with backoff while it holds them.
 *   <li>{@link #raiseAlert} persists the alert and its deliveries before it returns; a dispatcher
 *       thread delivers them. While the store is unreachable, alerts, health transitions and their
 *       deliveries go on from a bounded in-memory journal that is written to the store once it is
 *       back; after {@link MonitorBuilder#storeDownAfter} the monitor raises "Vedette store
 *       unreachable" itself (see {@code docs/reliability.md}).
 *   <li>Every time comes from the builder's {@link Clock}. No thread Vedette starts keeps the JVM
 *       alive.
 * </ul>
 */
public final class Monitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Monitor.class);

    /** How often a journal kept while the store is unreachable tries to write itself back. */
    static final Duration JOURNAL_PROBE_INTERVAL = Duration.ofSeconds(2);

    /** Most alerts kept in memory while the store is unreachable. */
    static final int JOURNAL_MAX_ALERTS = 1_000;

    private final Store store;
    private final JournalingStore journal;
    private final java.util.function.Consumer<HealthReport> checkReports;
    private final Clock clock;
    private final Pipeline pipeline;
    private final Alerts alerts;
    private final Events events;
    private final Transactions transactions;
    private final ErrorTracking errors;
    private final Duration closeTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Dispatcher dispatcher;
    private final String instanceId;
    private final CheckSchedule checks;
    private final Health health;
    private final Analytics analytics;
    private final String productName;
    private final ReportSender reportSender;
    private final CustomerErasure erasure;
    private final BackgroundJobs jobs;
    private final ApiKeys apiKeys;

    Monitor(MonitorBuilder b) {
        this.journal = new JournalingStore(
                b.store != null ? b.store : new InMemoryStore(),
                b.clock,
                JOURNAL_PROBE_INTERVAL,
                JOURNAL_MAX_ALERTS,
                b.spool == null ? null : b.spool.directory());
        this.store = journal;
        this.clock = b.clock;
        this.closeTimeout = b.closeTimeout;
        this.instanceId = b.instanceId != null ? b.instanceId : "vedette-" + UUID.randomUUID();
        this.events = new Events();
        List<Notifier> notifiers = new ArrayList<>(b.notifiers);
        if (notifiers.isEmpty()) {
            notifiers.add(new LogNotifier());
        }
        AlertingSettings.Builder settings = b.zoneSet ? b.alerting.zone(b.zone) : b.alerting;
        ChannelDependencies.infer(notifiers, b.checkTargets())
                .forEach(
                        (channel, components) -> settings.channelDependsOn(channel, components.toArray(String[]::new)));
        this.alerts = new Alerts(store, notifiers, settings.build(), clock, events::publish, b.scrubber);
        this.transactions = new Transactions(store);
        Quarantine quarantine = new Quarantine(Quarantine.DEFAULT_CAPACITY);
        this.errors = new ErrorTracking(store, clock, quarantine);
        Heartbeats heartbeats = new Heartbeats(clock);
        b.heartbeatList.forEach(heartbeats::register);
        this.checks = new CheckSchedule(b.checks, heartbeats, clock, b.flapPolicy, store::componentState);
        this.apiKeys = new ApiKeys(store, clock, b.apiKeyRefresh);
        this.analytics = b.analyticsOptions
                .apply(Analytics.builder(store).clock(clock).zone(b.zone))
                .build();
        this.productName = b.productName;
        this.reportSender = new ReportSender(reports(), notifiers, store, clock, b.zone, b.reportTime);
        this.dispatcher = new Dispatcher(
                alerts,
                instanceId,
                () -> ThreadLocalRandom.current().nextDouble(),
                b.backgroundJobs,
                Map.of(DeliveryKind.REPORT, reportSender));
        this.erasure = new CustomerErasure(store, clock);
        RuleRunner rules = new RuleRunner(b.rules, store, alerts, clock);
        HealthTracker healthTracker =
                new HealthTracker(store, b.flapPolicy, rules.context(), events::publish, clock, checks::schedules);
        BatchListener wakeDispatcher = batch -> {
            if (rules.hasRules() || !batch.healthReports().isEmpty()) {
                dispatcher.wake();
            }
        };
        this.pipeline = new Pipeline(
                store,
                clock,
                b.pipelineSettings(),
                new Fingerprints(b.frameworkPackages),
                b.scrubber,
                quarantine,
                List.of(healthTracker, rules, wakeDispatcher));
        Pipeline recorded = this.pipeline;
        this.checkReports = report -> {
            recorded.offer(report);
            healthTracker.observe(report);
        };
        this.health = new Health(store, clock, heartbeats, checkReports);
        RetentionPurge retention = b.retentionPurge(store, instanceId);
        this.jobs = new BackgroundJobs(
                store,
                clock,
                instanceId,
                checkReports,
                new StoreWatch(journal, alerts, b.storeDownAfter, clock),
                checks,
                rules,
                new AlertJobs(alerts),
                reportSender,
                retention);
        if (b.backgroundJobs) {
            jobs.start(closed::get, dispatcher::wake);
        }
    }

    /** Starts a monitor. */
    public static MonitorBuilder builder() {
        return new MonitorBuilder();
    }

    /**
     * Records an observation of a transaction (an upsert by id that appends to its timeline).
     * Never throws; see the class contract.
     */
    public void recordTransaction(@Nullable Transaction transaction) {
        pipeline.offer(transaction);
    }

    /** Records a health report measured elsewhere. Never throws. */
    public void recordHealth(@Nullable HealthReport report) {
        pipeline.offer(report);
    }

    /** Records an error for grouping by fingerprint. Never throws. */
    public void recordError(@Nullable Throwable error) {
        if (error == null) {
            pipeline.reject();
            return;
        }
        try {
            pipeline.offer(ErrorEvent.of(error));
        } catch (RuntimeException e) {
            pipeline.reject();
        }
    }

    /** Records an error event with its context. Never throws. */
    public void recordError(@Nullable ErrorEvent error) {
        pipeline.offer(error);
    }

    /**
     * Records an inbound provider webhook and how it was handled (kept in the system log under
     * {@code webhook:<provider>}; read by the webhook rules). Never throws.
     */
    public void recordWebhook(@Nullable WebhookEvent event) {
        pipeline.offer(event);
    }

    /** Writes an entry to the system log. Never throws. */
    public void log(@Nullable LogEntry entry) {
        pipeline.offer(entry);
    }

    /** Writes an entry to the system log. Never throws; an invalid component is counted as rejected. */
    public void log(LogLevel level, @Nullable String component, String message) {
        try {
            pipeline.offer(LogEntry.of(level, component, message));
        } catch (RuntimeException e) {
            pipeline.reject();
        }
    }

    /**
     * Records several records at once, all or none: each must be a {@link Transaction}, {@link
     * HealthReport}, {@link ErrorEvent}, {@link LogEntry} or {@link WebhookEvent}. Unlike the single
     * record methods, a full queue does not drop: when the queue has no room for every record, none
     * is taken and this returns 0, so the caller can answer "try again later" (the HTTP ingest API
     * answers 429). Never blocks. Only when another thread records at the very same moment can the
     * room run out half-way; then the records from the first one that did not fit on are not taken,
     * and the count says how many, from the first, were.
     *
     * @return how many records, from the first, were taken: all of them, or 0 (also when closed)
     * @throws IllegalArgumentException if the list or an element is null, or an element is of another type
     */
    public int recordAll(List<?> records) {
        Validate.notNull("records", records);
        for (int i = 0; i < records.size(); i++) {
            Object r = records.get(i);
            if (!(r instanceof Transaction
                    || r instanceof HealthReport
                    || r instanceof ErrorEvent
                    || r instanceof LogEntry
                    || r instanceof WebhookEvent)) {
                throw new IllegalArgumentException("records[" + i + "] must be a Transaction, HealthReport,"
                        + " ErrorEvent, LogEntry or WebhookEvent, was "
                        + (r == null ? "null" : r.getClass().getName()));
            }
        }
        return closed.get() ? 0 : pipeline.offerAll(records);
    }

    /** The API keys of the HTTP ingest API: create, list, revoke, authenticate. */
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /**
     * Records that a user is active (seed 000's "active users online"): cheap, thread-safe, never
     * throws; counted in a bounded cardinality sketch ({@code analytics().activeUsers()}).
     */
    public void recordActivity(@Nullable String userKey) {
        if (!closed.get()) {
            analytics.recordActivity(userKey);
        }
    }

    /** KPIs, time series, funnel, cohorts, MRR, operational figures and CSV export. */
    public Analytics analytics() {
        return analytics;
    }

    /** The daily and weekly reports. */
    public Reports reports() {
        return analytics.reports(productName);
    }

    /**
     * Renders the report of {@code day} (and, if it is a Sunday, of the week it ends), keeps it in the
     * store, and plans one delivery per notifier that can deliver reports (the e-mail notifier) into
     * the outbox, once per cluster per period; then runs a dispatch cycle in the calling thread. A
     * send that fails is retried by the dispatcher with backoff, like any notification; {@code
     * reports().history(...)} lists the planned reports and {@code reports().deliveries(id)} their
     * delivery state.
     *
     * @return the number of reports planned now (0 if this period's reports were already planned)
     */
    public int sendReportsFor(LocalDate day) {
        int planned = reportSender.planFor(day);
        if (planned > 0) {
            dispatcher.runOnce();
        }
        return planned;
    }

    /**
     * Runs every registered check now, in parallel on virtual threads, each bounded by its own
     * timeout (a hung check is reported DOWN "timed out after 5s"), and heartbeats. The reports are
     * recorded like {@link #recordHealth} (samples, flap protection, alerts on transitions) and
     * returned with their aggregate status.
     */
    public HealthSummary runChecks() {
        Instant started = clock.instant();
        List<HealthReport> reports = checks.runAll();
        reports.forEach(checkReports);
        return HealthSummary.of(reports, started);
    }

    /** Component states, uptime, samples and heartbeats. */
    public Health health() {
        return health;
    }

    /**
     * Erases a customer's personal data everywhere the store keeps it (see {@link Store#erase}):
     * records still queued are written first, then the e-mail is replaced by a pseudonym derived
     * from it ({@code erased-<hash>@erased.invalid}, the same for the same address, so erased
     * customers still count as one) and the name removed. Audited without the address itself.
     *
     * @return the number of rows changed
     * @throws IllegalArgumentException if the address is blank
     */
    public long erase(String customerEmail, String by) {
        Validate.identifier("customerEmail", customerEmail, 254);
        Validate.identifier("by", by, 128);
        flush(closeTimeout);
        return erasure.erase(customerEmail, by);
    }

    /**
     * Raises an alert through the alerting engine (dedup, silences, routing) and persists it with
     * its deliveries before returning. Returns the alert as stored: the active alert that absorbed
     * it, if one had the same dedup key. While the store is unreachable the alert is kept, routed
     * and delivered from the monitor's in-memory journal, and written to the store when it is back.
     *
     * @throws IllegalStateException if the monitor is closed
     * @throws dev.vedette.store.StoreException if the store refuses the alert for good (not when it
     *     cannot be reached)
     */
    public AlertRecord raiseAlert(Alert alert) {
        if (closed.get()) {
            throw new IllegalStateException("monitor is closed");
        }
        AlertRecord stored = alerts.raise(alert);
        dispatcher.wake();
        return stored;
    }

    /** Alerts: list, acknowledge, resolve, silence and test channels. */
    public Alerts alerts() {
        return alerts;
    }

    /**
     * The audit log of admin actions (acknowledge, resolve, silence, erase, test notifications),
     * newest first.
     *
     * @param limit page size, 1 to 1,000
     * @param after the cursor of the previous page, or null for the first page
     */
    public Page<AuditEntry> audit(int limit, @Nullable String after) {
        return store.audit(limit, after);
    }

    /** The transaction audit trail. */
    public Transactions transactions() {
        return transactions;
    }

    /** Error groups and logs. */
    public ErrorTracking errors() {
        return errors;
    }

    /** Subscriptions to alert, delivery and health events. */
    public Events events() {
        return events;
    }

    /** The clock every time comes from. */
    public Clock clock() {
        return clock;
    }

    /**
     * Whether the store can be reached, and what the monitor did from memory while it could not
     * (see {@link MonitorBuilder#storeDownAfter}).
     */
    public StoreStatus storeStatus() {
        return new StoreStatus(
                journal.failingSince(),
                journal.lastError(),
                journal.journaling(),
                journal.outages(),
                journal.journaledAlerts(),
                journal.journalDropped());
    }

    /** Counters of the record pipeline. */
    public MonitorStats stats() {
        return pipeline.stats();
    }

    /**
     * Waits until every record accepted before this call is written to the store.
     *
     * @return false if the timeout passed first
     */
    public boolean flush(Duration timeout) {
        return pipeline.flush(Validate.notNull("timeout", timeout));
    }

    /**
     * Runs the periodic work once in the calling thread: due health checks and heartbeats; then, on
     * the instance holding the cluster's job lock, due rule evaluations, reminders, deliveries of
     * alerts whose silence ended, the daily digest and the reports when due; the retention purge
     * when its interval has passed (see {@link MonitorBuilder#retention}); and finally due deliveries.
     * Background threads do this on their own; tests that build the monitor with {@code
     * backgroundJobs(false)} call it to drive time.
     */
    public void runScheduledJobs() {
        jobs.runOnce();
        dispatcher.runOnce();
    }

    /** Closes with the builder's close timeout; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(closeTimeout);
    }

    /**
     * Stops accepting records, writes what is queued within the timeout, stops the background
     * threads, and closes notifiers and the store. Idempotent. Logs one INFO line at the end: records
     * written, dropped because the queue was full, and left unwritten.
     *
     * @return the number of accepted records that could not be written (logged at WARN)
     */
    public long close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return 0;
        }
        long unwritten = pipeline.close(timeout);
        jobs.close();
        dispatcher.close();
        alerts.close();
        checks.close();
        try {
            store.close();
        } catch (RuntimeException e) {
            log.warn("Vedette store failed to close", e);
        }
        MonitorStats s = pipeline.stats();
        log.info("Vedette closed: {} records written, {} dropped, {} unwritten", s.written(), s.dropped(), unwritten);
        return unwritten;
    }

    @Override
    public String toString() {
        return "Monitor[" + instanceId + ", store="
                + journal.primary().getClass().getSimpleName() + ", "
                + Map.of("accepted", stats().accepted(), "dropped", stats().dropped()) + "]";
    }
}
