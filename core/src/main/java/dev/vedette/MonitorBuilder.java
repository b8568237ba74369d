package dev.vedette;

import dev.vedette.alerting.AlertingSettings;
import dev.vedette.alerting.LogNotifier;
import dev.vedette.alerting.Notifier;
import dev.vedette.alerting.Route;
import dev.vedette.analytics.Analytics;
import dev.vedette.health.FlapPolicy;
import dev.vedette.health.HealthCheck;
import dev.vedette.health.Heartbeat;
import dev.vedette.internal.Validate;
import dev.vedette.internal.pipeline.Fingerprints;
import dev.vedette.internal.pipeline.Pipeline;
import dev.vedette.internal.runtime.RetentionPurge;
import dev.vedette.model.OverflowPolicy;
import dev.vedette.model.Severity;
import dev.vedette.rules.Rule;
import dev.vedette.spool.SpoolSettings;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Monitor}: where records are stored, where alerts go, which checks and rules run,
 * how the record queue behaves, and the background jobs. Every setter validates its argument at
 * once and throws {@link IllegalArgumentException} naming it; {@link #build()} checks the
 * configuration as a whole. Get one from {@link Monitor#builder()}; a builder builds one monitor.
 */
public final class MonitorBuilder {
    /** Default queue bound. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** Default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** Default time the writer waits to fill a batch. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(50);
    /** Default bound a host thread waits under {@link OverflowPolicy#BLOCK}. */
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofMillis(5);
    /** Default time {@link Monitor#close()} waits to write what is queued. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);
    /** Default time calls to the store must fail before "Vedette store unreachable" is raised. */
    public static final Duration DEFAULT_STORE_DOWN_AFTER = Duration.ofSeconds(30);
    /** Default time between two retention purges. */
    public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofHours(1);

    @Nullable
    Store store;

    final List<Notifier> notifiers = new ArrayList<>();
    final AlertingSettings.Builder alerting = AlertingSettings.builder();
    Clock clock = Clock.systemUTC();
    int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    OverflowPolicy overflowPolicy = OverflowPolicy.DROP_NEWEST;
    Duration maxBlock = DEFAULT_MAX_BLOCK;
    int batchSize = DEFAULT_BATCH_SIZE;
    Duration maxDelay = DEFAULT_MAX_DELAY;
    Duration writeRetryBackoff = Duration.ofMillis(100);
    Duration writeRetryMaxBackoff = Duration.ofSeconds(30);
    Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
    Duration storeDownAfter = DEFAULT_STORE_DOWN_AFTER;
    Duration apiKeyRefresh = ApiKeys.DEFAULT_REFRESH;
    List<String> frameworkPackages = Fingerprints.DEFAULT_FRAMEWORK_PREFIXES;
    boolean backgroundJobs = true;

    @Nullable
    SpoolSettings spool;

    @Nullable
    String instanceId;

    final List<HealthCheck> checks = new ArrayList<>();
    final List<Heartbeat> heartbeatList = new ArrayList<>();
    FlapPolicy flapPolicy = FlapPolicy.defaults();
    final List<Rule> rules = new ArrayList<>();
    ZoneId zone = ZoneOffset.UTC;
    boolean zoneSet;
    dev.vedette.errors.Scrubber scrubber = dev.vedette.errors.Scrubber.defaults();
    UnaryOperator<Analytics.Builder> analyticsOptions = a -> a;
    String productName = "Vedette";

    @Nullable
    LocalTime reportTime = LocalTime.of(7, 0);

    @Nullable
    Duration retentionRaw;

    Duration retentionInterval = DEFAULT_RETENTION_INTERVAL;
    private boolean built;

    MonitorBuilder() {}

    /** The store (default: a new {@link InMemoryStore}). The monitor closes it on close. */
    public MonitorBuilder store(Store store) {
        this.store = Validate.notNull("store", store);
        return this;
    }

    /** Adds a notification channel; names must be unique. Without any, a {@link LogNotifier} is used. */
    public MonitorBuilder notifier(Notifier notifier) {
        notifiers.add(Validate.notNull("notifier", notifier));
        return this;
    }

    /** Adds a route; once any is added the default routes no longer apply. */
    public MonitorBuilder route(Route route) {
        alerting.route(route);
        return this;
    }

    /** Adds a route from a severity to channels. */
    public MonitorBuilder route(Severity severity, String... channels) {
        return route(Route.of(severity, channels));
    }

    /** Everything else about alerting: grouping, reminders, retries, storm caps, silences, digest. */
    public MonitorBuilder alerting(java.util.function.Consumer<AlertingSettings.Builder> configure) {
        Validate.notNull("configure", configure).accept(alerting);
        return this;
    }

    /** Adds a health check, run by {@link Monitor#runChecks()} and on its own interval. Names must be unique. */
    public MonitorBuilder check(HealthCheck check) {
        Validate.notNull("check", check);
        if (checks.stream().anyMatch(c -> c.name().equals(check.name()))) {
            throw new IllegalArgumentException("two checks are named '" + check.name() + "'");
        }
        checks.add(check);
        return this;
    }

    /**
     * How often {@link ApiKeys#authenticate} re-reads the keys other monitors saved in the shared
     * store; default {@link ApiKeys#DEFAULT_REFRESH}.
     *
     * @throws IllegalArgumentException if not positive
     */
    public MonitorBuilder apiKeyRefresh(Duration refresh) {
        this.apiKeyRefresh = Validate.positive("apiKeyRefresh", refresh);
        return this;
    }

    /** Adds a heartbeat (dead-man's switch); signal it with {@code monitor.health().beat(name)}. */
    public MonitorBuilder heartbeat(Heartbeat heartbeat) {
        heartbeatList.add(Validate.notNull("heartbeat", heartbeat));
        return this;
    }

    /** Flap protection and alert severities for components (default {@link FlapPolicy#defaults()}). */
    public MonitorBuilder flapPolicy(FlapPolicy policy) {
        this.flapPolicy = Validate.notNull("flapPolicy", policy);
        return this;
    }

    /** Adds a detection rule. Names must be unique. */
    public MonitorBuilder rule(Rule rule) {
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
    public MonitorBuilder businessZone(ZoneId zone) {
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
    public MonitorBuilder scrubber(dev.vedette.errors.Scrubber scrubber) {
        this.scrubber = Validate.notNull("scrubber", scrubber);
        return this;
    }

    /** Further analytics options (refund accounting, scan limits). */
    public MonitorBuilder analytics(UnaryOperator<Analytics.Builder> options) {
        this.analyticsOptions = Validate.notNull("options", options);
        return this;
    }

    /**
     * When the daily report (and on Mondays the weekly one) goes out, in the business zone, to
     * every notifier that can send reports (default 07:00; null: never). Each report is kept in the
     * store and sent through the delivery outbox, once per period per channel, with retries.
     */
    public MonitorBuilder reports(String productName, @Nullable LocalTime at) {
        this.productName = Validate.identifier("productName", productName, 64);
        this.reportTime = at;
        return this;
    }

    /**
     * Deletes raw data older than {@code raw} every hour; see
     * {@link #retention(Duration, Duration)}.
     */
    public MonitorBuilder retention(Duration raw) {
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
    public MonitorBuilder retention(Duration raw, Duration interval) {
        this.retentionRaw = Validate.positive("raw", raw);
        this.retentionInterval = Validate.positive("interval", interval);
        return this;
    }

    /** The clock every time comes from (default: UTC system clock). */
    public MonitorBuilder clock(Clock clock) {
        this.clock = Validate.notNull("clock", clock);
        return this;
    }

    /** Bound of the record queue (default {@value #DEFAULT_QUEUE_CAPACITY}). */
    public MonitorBuilder queueCapacity(int capacity) {
        this.queueCapacity = Validate.atLeast("queueCapacity", capacity, 1);
        return this;
    }

    /** What a record call does when the queue is full, and how long BLOCK waits at most. */
    public MonitorBuilder overflowPolicy(OverflowPolicy policy, Duration maxBlock) {
        this.overflowPolicy = Validate.notNull("overflowPolicy", policy);
        this.maxBlock = Validate.notNegative("maxBlock", maxBlock);
        if (maxBlock.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("maxBlock must be at most 1s, was " + maxBlock);
        }
        return this;
    }

    /** Most records per store write (default {@value #DEFAULT_BATCH_SIZE}). */
    public MonitorBuilder batchSize(int size) {
        this.batchSize = Validate.atLeast("batchSize", size, 1);
        return this;
    }

    /** How long the writer waits to fill a batch (default 50 ms). */
    public MonitorBuilder maxBatchDelay(Duration delay) {
        this.maxDelay = Validate.notNegative("maxBatchDelay", delay);
        return this;
    }

    /** First and longest delay between retries of a failed store write (default 100 ms, 30 s). */
    public MonitorBuilder writeRetryBackoff(Duration initial, Duration max) {
        this.writeRetryBackoff = Validate.positive("writeRetryBackoff", initial);
        this.writeRetryMaxBackoff = Validate.positive("writeRetryMaxBackoff", max);
        return this;
    }

    /** How long {@link Monitor#close()} waits to write what is queued (default 10 s). */
    public MonitorBuilder closeTimeout(Duration timeout) {
        this.closeTimeout = Validate.notNegative("closeTimeout", timeout);
        return this;
    }

    /**
     * How long calls to the store must fail, with no success in between, before the monitor raises
     * its own CRITICAL alert "Vedette store unreachable" (default 30 s). The alert, like every alert
     * raised while the store is down, is routed and delivered from memory, and resolves itself once
     * the store works again.
     */
    public MonitorBuilder storeDownAfter(Duration after) {
        this.storeDownAfter = Validate.positive("storeDownAfter", after);
        return this;
    }

    /**
     * Keeps records in a spool on disk through store outages and restarts (default: none). See
     * {@link SpoolSettings} for the two modes, the byte bound and what is counted: {@code
     * stats().spooled()}, {@code replayed()}, {@code spoolDropped()}, {@code spoolCorrupt()} and
     * {@code spoolBytes()}. A spool left by an earlier process on the same directory is written to
     * the store first. {@link #build()} throws {@link IllegalStateException} if the directory cannot
     * be created or another monitor uses it.
     */
    public MonitorBuilder spool(SpoolSettings settings) {
        this.spool = Validate.notNull("spool", settings);
        return this;
    }

    /** Package prefixes that error fingerprints skip as framework code. */
    public MonitorBuilder frameworkPackages(List<String> prefixes) {
        this.frameworkPackages = List.copyOf(Validate.notNull("frameworkPackages", prefixes));
        return this;
    }

    /**
     * Whether the dispatcher and scheduler threads run (default true). Tests that drive time with
     * a fixed clock turn them off and call {@link Monitor#runScheduledJobs()} themselves, or
     * {@link dev.vedette.alerting.AlertingTestHooks#dispatch} for one dispatch cycle; without them a
     * dispatch cycle sends each channel's notifications one at a time, in planned order.
     */
    public MonitorBuilder backgroundJobs(boolean enabled) {
        this.backgroundJobs = enabled;
        return this;
    }

    /** This instance's name in delivery claims and locks (default: random). */
    public MonitorBuilder instanceId(String id) {
        this.instanceId = Validate.identifier("instanceId", id, 128);
        return this;
    }

    /** Each check's name and {@link HealthCheck#target()}, for the channel dependencies the monitor infers. */
    Map<String, URI> checkTargets() {
        Map<String, URI> targets = new LinkedHashMap<>();
        for (HealthCheck c : checks) {
            c.target().ifPresent(t -> targets.put(c.name(), t));
        }
        return targets;
    }

    Pipeline.Settings pipelineSettings() {
        return new Pipeline.Settings(
                queueCapacity,
                overflowPolicy,
                maxBlock,
                batchSize,
                maxDelay,
                writeRetryBackoff,
                writeRetryMaxBackoff,
                spool);
    }

    @Nullable
    RetentionPurge retentionPurge(Store store, String owner) {
        return retentionRaw == null ? null : new RetentionPurge(store, clock, retentionRaw, retentionInterval, owner);
    }

    /**
     * Builds and starts the monitor.
     *
     * @throws IllegalArgumentException if the configuration is inconsistent (a route names a
     *     channel with no notifier, two notifiers share a name)
     * @throws IllegalStateException if this builder already built a monitor, or the {@linkplain
     *     #spool(SpoolSettings) spool} directory cannot be created or is in use
     */
    public Monitor build() {
        if (built) {
            throw new IllegalStateException("this builder already built a monitor");
        }
        built = true;
        return new Monitor(this);
    }
}
