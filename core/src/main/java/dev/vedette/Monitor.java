package dev.vedette;

import dev.vedette.alerting.AlertingSettings;
import dev.vedette.alerting.Alerts;
import dev.vedette.alerting.LogNotifier;
import dev.vedette.alerting.Notifier;
import dev.vedette.alerting.Route;
import dev.vedette.analytics.Analytics;
import dev.vedette.analytics.ReportChannel;
import dev.vedette.analytics.Reports;
import dev.vedette.health.FlapPolicy;
import dev.vedette.health.HealthCheck;
import dev.vedette.health.Heartbeat;
import dev.vedette.health.Heartbeats;
import dev.vedette.internal.Validate;
import dev.vedette.internal.pipeline.BatchListener;
import dev.vedette.internal.pipeline.Fingerprints;
import dev.vedette.internal.pipeline.Pipeline;
import dev.vedette.internal.runtime.BackgroundJobs;
import dev.vedette.internal.runtime.CheckSchedule;
import dev.vedette.internal.runtime.CustomerErasure;
import dev.vedette.internal.runtime.HealthTracker;
import dev.vedette.internal.runtime.ReportSender;
import dev.vedette.internal.runtime.RetentionPurge;
import dev.vedette.internal.runtime.RuleRunner;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthSummary;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.OverflowPolicy;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.WebhookEvent;
import dev.vedette.rules.Rule;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Page;
import dev.vedette.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
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
 *       thread delivers them.
 *   <li>Every time comes from the builder's {@link Clock}. No thread Vedette starts keeps the JVM
 *       alive.
 * </ul>
 */
public final class Monitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Monitor.class);

    private final Store store;
    private final Clock clock;
    private final Pipeline pipeline;
    private final Alerts alerts;
    private final Events events;
    private final Transactions transactions;
    private final ErrorTracking errors;
    private final Duration closeTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Semaphore dispatchSignal = new Semaphore(0);
    private final @Nullable Thread dispatcher;
    private final String instanceId;
    private final CheckSchedule checks;
    private final Health health;
    private final Analytics analytics;
    private final String productName;
    private final ReportSender reportSender;
    private final CustomerErasure erasure;
    private final BackgroundJobs jobs;

    private Monitor(Builder b) {
        this.store = b.store != null ? b.store : new InMemoryStore();
        this.clock = b.clock;
        this.closeTimeout = b.closeTimeout;
        this.instanceId = b.instanceId != null ? b.instanceId : "vedette-" + UUID.randomUUID();
        this.events = new Events();
        List<Notifier> notifiers = new ArrayList<>(b.notifiers);
        if (notifiers.isEmpty()) {
            notifiers.add(new LogNotifier());
        }
        AlertingSettings.Builder settings = b.zoneSet ? b.alerting.zone(b.zone) : b.alerting;
        this.alerts = new Alerts(
                store,
                notifiers,
                settings.build(),
                clock,
                events::publish,
                instanceId,
                () -> ThreadLocalRandom.current().nextDouble(),
                b.scrubber);
        this.transactions = new Transactions(store);
        this.errors = new ErrorTracking(store, clock);
        Heartbeats heartbeats = new Heartbeats(clock);
        b.heartbeatList.forEach(heartbeats::register);
        this.checks = new CheckSchedule(b.checks, heartbeats, clock);
        this.health = new Health(store, clock, heartbeats);
        this.analytics = b.analyticsOptions
                .apply(Analytics.builder(store).clock(clock).zone(b.zone))
                .build();
        this.productName = b.productName;
        this.reportSender = new ReportSender(
                reports(),
                notifiers.stream()
                        .filter(ReportChannel.class::isInstance)
                        .map(ReportChannel.class::cast)
                        .toList(),
                store,
                clock,
                b.zone,
                b.reportTime,
                instanceId);
        this.erasure = new CustomerErasure(store, clock);
        RuleRunner rules = new RuleRunner(b.rules, store, alerts, clock);
        HealthTracker healthTracker = new HealthTracker(store, b.flapPolicy, rules.context(), events::publish, clock);
        BatchListener wakeDispatcher = batch -> {
            if (rules.hasRules() || !batch.healthReports().isEmpty()) {
                dispatchSignal.release();
            }
        };
        this.pipeline = new Pipeline(
                store,
                clock,
                new Pipeline.Settings(
                        b.queueCapacity,
                        b.overflowPolicy,
                        b.maxBlock,
                        b.batchSize,
                        b.maxDelay,
                        b.writeRetryBackoff,
                        b.writeRetryMaxBackoff),
                new Fingerprints(b.frameworkPackages),
                b.scrubber,
                List.of(healthTracker, rules, wakeDispatcher));
        RetentionPurge retention = b.retentionRaw == null
                ? null
                : new RetentionPurge(store, clock, b.retentionRaw, b.retentionInterval, instanceId);
        this.jobs =
                new BackgroundJobs(store, clock, instanceId, pipeline, checks, rules, alerts, reportSender, retention);
        if (b.backgroundJobs) {
            this.dispatcher =
                    Thread.ofPlatform().name("vedette-dispatcher").daemon(true).start(this::dispatchLoop);
            jobs.start(closed::get, dispatchSignal::release);
        } else {
            this.dispatcher = null;
        }
    }

    /** Starts a monitor. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ record path

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
     * Records that a user is active (seed 000's "active users online"): cheap, thread-safe, never
     * throws; counted in a bounded cardinality sketch ({@code analytics().activeUsers()}).
     */
    public void recordActivity(@Nullable String userKey) {
        if (!closed.get()) {
            analytics.recordActivity(userKey);
        }
    }

    // ------------------------------------------------------------------ analytics and reports

    /** KPIs, time series, funnel, cohorts, MRR, operational figures and CSV export. */
    public Analytics analytics() {
        return analytics;
    }

    /** The daily and weekly reports. */
    public Reports reports() {
        return analytics.reports(productName);
    }

    /**
     * Renders the report of {@code day} (and, on Mondays, of the week before) and sends it to every
     * notifier that can deliver reports (the e-mail notifier), once per cluster per day.
     *
     * @return the number of reports sent
     */
    public int sendReportsFor(LocalDate day) {
        return reportSender.sendFor(day);
    }

    // ------------------------------------------------------------------ health

    /**
     * Runs every registered check now, in parallel on virtual threads, each bounded by its own
     * timeout (a hung check is reported DOWN "timed out after 5s"), and heartbeats. The reports are
     * recorded like {@link #recordHealth} (samples, flap protection, alerts on transitions) and
     * returned with their aggregate status.
     */
    public HealthSummary runChecks() {
        Instant started = clock.instant();
        List<HealthReport> reports = checks.runAll();
        reports.forEach(pipeline::offer);
        return HealthSummary.of(reports, started);
    }

    /** Component states, uptime, samples and heartbeats. */
    public Health health() {
        return health;
    }

    // ------------------------------------------------------------------ privacy

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

    // ------------------------------------------------------------------ alerts

    /**
     * Raises an alert through the alerting engine (dedup, silences, routing) and persists it with
     * its deliveries before returning. Returns the alert as stored: the active alert that absorbed
     * it, if one had the same dedup key.
     *
     * @throws IllegalStateException if the monitor is closed
     * @throws dev.vedette.store.StoreException if the store cannot persist the alert
     */
    public AlertRecord raiseAlert(Alert alert) {
        if (closed.get()) {
            throw new IllegalStateException("monitor is closed");
        }
        AlertRecord stored = alerts.raise(alert);
        dispatchSignal.release();
        return stored;
    }

    /** Alerts: list, acknowledge, resolve, silence, test channels, and drive the outbox. */
    public Alerts alerts() {
        return alerts;
    }

    // ------------------------------------------------------------------ reads and admin

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
     * when its interval has passed (see {@link Builder#retention}); and finally due deliveries.
     * Background threads do this on their own; tests that build the monitor with {@code
     * backgroundJobs(false)} call it to drive time.
     */
    public void runScheduledJobs() {
        jobs.runOnce();
        alerts.dispatch();
    }

    private void dispatchLoop() {
        while (!closed.get()) {
            try {
                dispatchSignal.tryAcquire(500, TimeUnit.MILLISECONDS);
                dispatchSignal.drainPermits();
                while (alerts.dispatch() > 0 && !closed.get()) {
                    // keep going while there is work
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Vedette dispatcher cycle failed: {}", e.toString());
            }
        }
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
        if (dispatcher != null) {
            dispatcher.interrupt();
        }
        jobs.close();
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

    /** Builds a {@link Monitor}; every setter validates at once. */
    public static final class Builder {
        /** Default queue bound. */
        public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
        /** Default batch size. */
        public static final int DEFAULT_BATCH_SIZE = 500;
        /** Default time the writer waits to fill a batch. */
        public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(50);
        /** Default bound a host thread waits under {@link OverflowPolicy#BLOCK}. */
        public static final Duration DEFAULT_MAX_BLOCK = Duration.ofMillis(5);
        /** Default time {@link #close()} waits to write what is queued. */
        public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
        /** Default time between two retention purges. */
        public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofHours(1);

        private @Nullable Store store;
        private final List<Notifier> notifiers = new ArrayList<>();
        private final AlertingSettings.Builder alerting = AlertingSettings.builder();
        private Clock clock = Clock.systemUTC();
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_NEWEST;
        private Duration maxBlock = DEFAULT_MAX_BLOCK;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private Duration writeRetryBackoff = Duration.ofMillis(100);
        private Duration writeRetryMaxBackoff = Duration.ofSeconds(30);
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private List<String> frameworkPackages = Fingerprints.DEFAULT_FRAMEWORK_PREFIXES;
        private boolean backgroundJobs = true;
        private @Nullable String instanceId;
        private final List<HealthCheck> checks = new ArrayList<>();
        private final List<Heartbeat> heartbeatList = new ArrayList<>();
        private FlapPolicy flapPolicy = FlapPolicy.defaults();
        private final List<Rule> rules = new ArrayList<>();
        private ZoneId zone = ZoneOffset.UTC;
        private boolean zoneSet;
        private dev.vedette.errors.Scrubber scrubber = dev.vedette.errors.Scrubber.defaults();
        private UnaryOperator<Analytics.Builder> analyticsOptions = a -> a;
        private String productName = "Vedette";
        private @Nullable LocalTime reportTime = LocalTime.of(7, 0);
        private @Nullable Duration retentionRaw;
        private Duration retentionInterval = DEFAULT_RETENTION_INTERVAL;
        private boolean built;

        private Builder() {}

        /** The store (default: a new {@link InMemoryStore}). The monitor closes it on close. */
        public Builder store(Store store) {
            this.store = Validate.notNull("store", store);
            return this;
        }

        /** Adds a notification channel; names must be unique. Without any, a {@link LogNotifier} is used. */
        public Builder notifier(Notifier notifier) {
            notifiers.add(Validate.notNull("notifier", notifier));
            return this;
        }

        /** Adds a route; once any is added the default routes no longer apply. */
        public Builder route(Route route) {
            alerting.route(route);
            return this;
        }

        /** Adds a route from a severity to channels. */
        public Builder route(Severity severity, String... channels) {
            return route(Route.of(severity, channels));
        }

        /** Everything else about alerting: grouping, reminders, retries, storm caps, silences, digest. */
        public Builder alerting(java.util.function.Consumer<AlertingSettings.Builder> configure) {
            Validate.notNull("configure", configure).accept(alerting);
            return this;
        }

        /** Adds a health check, run by {@link Monitor#runChecks()} and on its own interval. Names must be unique. */
        public Builder check(HealthCheck check) {
            Validate.notNull("check", check);
            if (checks.stream().anyMatch(c -> c.name().equals(check.name()))) {
                throw new IllegalArgumentException("two checks are named '" + check.name() + "'");
            }
            checks.add(check);
            return this;
        }

        /** Adds a heartbeat (dead-man's switch); signal it with {@code monitor.health().beat(name)}. */
        public Builder heartbeat(Heartbeat heartbeat) {
            heartbeatList.add(Validate.notNull("heartbeat", heartbeat));
            return this;
        }

        /** Flap protection and alert severities for components (default {@link FlapPolicy#defaults()}). */
        public Builder flapPolicy(FlapPolicy policy) {
            this.flapPolicy = Validate.notNull("flapPolicy", policy);
            return this;
        }

        /** Adds a detection rule. Names must be unique. */
        public Builder rule(Rule rule) {
            Validate.notNull("rule", rule);
            if (rules.stream().anyMatch(r -> r.name().equals(rule.name()))) {
                throw new IllegalArgumentException("two rules are named '" + rule.name() + "'");
            }
            rules.add(rule);
            return this;
        }

        /**
         * The business time zone: what a "day" means for analytics, reports and the digest
         * (default UTC). Also sets the alerting zone.
         */
        public Builder businessZone(ZoneId zone) {
            this.zone = Validate.notNull("zone", zone);
            this.zoneSet = true;
            return this;
        }

        /**
         * What masks card numbers, CVVs and secrets in error messages, metadata, logs, stack traces
         * and raised alerts (title, message, labels, dedup key; every path: {@link Monitor#raiseAlert},
         * rules, health checks) before they are stored or sent (default {@code
         * Scrubber.defaults()}). E-mail addresses in alert titles and messages are masked too.
         */
        public Builder scrubber(dev.vedette.errors.Scrubber scrubber) {
            this.scrubber = Validate.notNull("scrubber", scrubber);
            return this;
        }

        /** Further analytics options (refund accounting, scan limits). */
        public Builder analytics(UnaryOperator<Analytics.Builder> options) {
            this.analyticsOptions = Validate.notNull("options", options);
            return this;
        }

        /**
         * When the daily report (and on Mondays the weekly one) goes out, in the business zone, to
         * every notifier that can send reports (default 07:00; null: never).
         */
        public Builder reports(String productName, @Nullable LocalTime at) {
            this.productName = Validate.identifier("productName", productName, 64);
            this.reportTime = at;
            return this;
        }

        /**
         * Deletes raw data older than {@code raw} every hour; see
         * {@link #retention(Duration, Duration)}.
         */
        public Builder retention(Duration raw) {
            return retention(raw, DEFAULT_RETENTION_INTERVAL);
        }

        /**
         * Deletes raw data older than {@code raw} ({@link Store#purge}: transactions and their
         * timelines, health samples, logs, resolved alerts; rollups, error groups and the audit trail
         * are kept) every {@code interval}, the first time one interval after start, on one instance
         * of a cluster at a time (store lock {@code vedette-retention}). By default nothing is
         * purged.
         *
         * @throws IllegalArgumentException if a duration is not positive
         */
        public Builder retention(Duration raw, Duration interval) {
            this.retentionRaw = Validate.positive("raw", raw);
            this.retentionInterval = Validate.positive("interval", interval);
            return this;
        }

        /** The clock every time comes from (default: UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Validate.notNull("clock", clock);
            return this;
        }

        /** Bound of the record queue (default {@value #DEFAULT_QUEUE_CAPACITY}). */
        public Builder queueCapacity(int capacity) {
            this.queueCapacity = Validate.atLeast("queueCapacity", capacity, 1);
            return this;
        }

        /** What a record call does when the queue is full, and how long BLOCK waits at most. */
        public Builder overflowPolicy(OverflowPolicy policy, Duration maxBlock) {
            this.overflowPolicy = Validate.notNull("overflowPolicy", policy);
            this.maxBlock = Validate.notNegative("maxBlock", maxBlock);
            if (maxBlock.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("maxBlock must be at most 1s, was " + maxBlock);
            }
            return this;
        }

        /** Most records per store write (default {@value #DEFAULT_BATCH_SIZE}). */
        public Builder batchSize(int size) {
            this.batchSize = Validate.atLeast("batchSize", size, 1);
            return this;
        }

        /** How long the writer waits to fill a batch (default 50 ms). */
        public Builder maxBatchDelay(Duration delay) {
            this.maxDelay = Validate.notNegative("maxBatchDelay", delay);
            return this;
        }

        /** First and longest delay between retries of a failed store write (default 100 ms, 30 s). */
        public Builder writeRetryBackoff(Duration initial, Duration max) {
            this.writeRetryBackoff = Validate.positive("writeRetryBackoff", initial);
            this.writeRetryMaxBackoff = Validate.positive("writeRetryMaxBackoff", max);
            return this;
        }

        /** How long {@link Monitor#close()} waits to write what is queued (default 10 s). */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = Validate.notNegative("closeTimeout", timeout);
            return this;
        }

        /** Package prefixes that error fingerprints skip as framework code. */
        public Builder frameworkPackages(List<String> prefixes) {
            this.frameworkPackages = List.copyOf(Validate.notNull("frameworkPackages", prefixes));
            return this;
        }

        /**
         * Whether the dispatcher and scheduler threads run (default true). Tests that drive time with
         * a fixed clock turn them off and call {@link Monitor#runScheduledJobs()} and {@code
         * alerts().dispatch()} themselves.
         */
        public Builder backgroundJobs(boolean enabled) {
            this.backgroundJobs = enabled;
            return this;
        }

        /** This instance's name in delivery claims and locks (default: random). */
        public Builder instanceId(String id) {
            this.instanceId = Validate.identifier("instanceId", id, 128);
            return this;
        }

        /**
         * Builds and starts the monitor.
         *
         * @throws IllegalArgumentException if the configuration is inconsistent (a route names a
         *     channel with no notifier, two notifiers share a name)
         * @throws IllegalStateException if this builder already built a monitor
         */
        public Monitor build() {
            if (built) {
                throw new IllegalStateException("this builder already built a monitor");
            }
            built = true;
            return new Monitor(this);
        }
    }

    @Override
    public String toString() {
        return "Monitor[" + instanceId + ", store=" + store.getClass().getSimpleName() + ", "
                + Map.of("accepted", stats().accepted(), "dropped", stats().dropped()) + "]";
    }
}
