package dev.vedette.micrometer;

import dev.vedette.Monitor;
import dev.vedette.internal.Validate;
import dev.vedette.model.ComponentState;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.MonitorEvent;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.StoreStatus;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.WrittenBatch;
import dev.vedette.rules.Rule;
import dev.vedette.rules.RuleContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for a {@link Monitor}: the record pipeline, alerts, deliveries, recorded
 * transactions and component health. Works in any host; the Spring Boot starter registers it for
 * you.
 *
 * <pre>{@code
 * VedetteMetrics metrics = new VedetteMetrics();
 * Monitor monitor = Monitor.builder()
 *     .rule(metrics.transactionCounter())   // counts transactions as they are written
 *     .build();
 * metrics.attach(monitor);                  // pipeline, alert, delivery and health meters
 * metrics.bindTo(registry);
 * }</pre>
 *
 * <p>Meters (counters are cumulative since the monitor was built):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>meaning</th></tr>
 *   <tr><td>{@code vedette.pipeline.accepted}</td><td>counter</td><td></td><td>records accepted into the queue</td></tr>
 *   <tr><td>{@code vedette.pipeline.dropped}</td><td>counter</td><td></td><td>records dropped because the queue was full</td></tr>
 *   <tr><td>{@code vedette.pipeline.rejected}</td><td>counter</td><td></td><td>invalid record calls and calls after close</td></tr>
 *   <tr><td>{@code vedette.pipeline.written}</td><td>counter</td><td></td><td>records written to the store</td></tr>
 *   <tr><td>{@code vedette.pipeline.write.failures}</td><td>counter</td><td></td><td>failed store writes (retried)</td></tr>
 *   <tr><td>{@code vedette.pipeline.quarantined}</td><td>counter</td><td></td><td>records the store refused for good, set aside so the rest of their batch was written</td></tr>
 *   <tr><td>{@code vedette.pipeline.queue.depth}</td><td>gauge</td><td></td><td>records waiting now</td></tr>
 *   <tr><td>{@code vedette.pipeline.queue.capacity}</td><td>gauge</td><td></td><td>the queue's bound</td></tr>
 *   <tr><td>{@code vedette.store.reachable}</td><td>gauge</td><td></td><td>1 while the store works, 0 while alerts are raised and delivered from memory</td></tr>
 *   <tr><td>{@code vedette.store.journaled.alerts}</td><td>counter</td><td></td><td>alerts raised from memory while the store was unreachable</td></tr>
 *   <tr><td>{@code vedette.spool.spooled}</td><td>counter</td><td></td><td>records appended to the disk spool</td></tr>
 *   <tr><td>{@code vedette.spool.replayed}</td><td>counter</td><td></td><td>records read back from the spool and written</td></tr>
 *   <tr><td>{@code vedette.spool.dropped}</td><td>counter</td><td></td><td>records lost because the spool was full or the disk failed</td></tr>
 *   <tr><td>{@code vedette.spool.corrupt}</td><td>counter</td><td></td><td>torn or corrupt spool frames skipped</td></tr>
 *   <tr><td>{@code vedette.spool.bytes}</td><td>gauge</td><td></td><td>bytes the spool's files take on disk (0 without a spool)</td></tr>
 *   <tr><td>{@code vedette.alerts.raised}</td><td>counter</td><td>{@code severity}</td><td>alerts opened</td></tr>
 *   <tr><td>{@code vedette.deliveries}</td><td>counter</td><td>{@code channel}, {@code result} ({@code sent}, {@code failed}, {@code dead})</td><td>notification attempts by outcome</td></tr>
 *   <tr><td>{@code vedette.transactions.recorded}</td><td>counter</td><td>{@code status}, {@code provider}</td><td>transaction observations written, tagged with the observation's status and the merged transaction's provider (needs {@link #transactionCounter()})</td></tr>
 *   <tr><td>{@code vedette.health.status}</td><td>gauge</td><td>{@code component}</td><td>1 UP, 0.5 DEGRADED, 0 DOWN, -1 UNKNOWN (flap-protected state)</td></tr>
 *   <tr><td>{@code vedette.health.response.time}</td><td>time gauge</td><td>{@code component}</td><td>response time of the newest report</td></tr>
 * </table>
 *
 * <p>Tag cardinality is bounded: each tag keeps at most {@link #maxTagValues()} distinct values
 * (default {@value #DEFAULT_MAX_TAG_VALUES}); further values are counted under {@value #OTHER}. For
 * health components the {@value #OTHER} gauges show the worst status and the slowest response of the
 * components past the bound.
 * Absent values are tagged {@value #NONE}. Meters registered before {@link #attach(Monitor)} report
 * NaN (gauges) or zero (counters) until a monitor is attached.
 *
 * <p>Thread-safe. Event listeners and the counting rule are fast and never throw.
 */
public final class VedetteMetrics implements MeterBinder {
    /** Default bound on the distinct values of one tag: {@value}. */
    public static final int DEFAULT_MAX_TAG_VALUES = 50;
    /** The tag value that stands for every value past the bound. */
    public static final String OTHER = "other";
    /** The tag value of an absent status or provider. */
    public static final String NONE = "none";
    /** How long a read of the component states is reused by the health gauges. */
    static final Duration STATE_CACHE = Duration.ofSeconds(1);

    private final int maxTagValues;
    private final Rule counterRule = new TransactionCounter();
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Map<CounterKey, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> tagValues = new ConcurrentHashMap<>();
    private final Set<String> components = ConcurrentHashMap.newKeySet();
    private final Set<String> overflowComponents = ConcurrentHashMap.newKeySet();
    private final Object registration = new Object();
    private volatile @Nullable Monitor monitor;
    private volatile StateSnapshot states = new StateSnapshot(Long.MIN_VALUE, Map.of());

    private record CounterKey(String name, String description, Tags tags) {}

    private record StateSnapshot(long readAtNanos, Map<String, ComponentState> byComponent) {}

    /** Meters with the default tag bound. */
    public VedetteMetrics() {
        this(DEFAULT_MAX_TAG_VALUES);
    }

    /**
     * Meters with a custom bound on the distinct values of each tag.
     *
     * @throws IllegalArgumentException if {@code maxTagValues} is less than 1
     */
    public VedetteMetrics(int maxTagValues) {
        this.maxTagValues = Validate.atLeast("maxTagValues", maxTagValues, 1);
    }

    /** The bound on distinct values per tag. */
    public int maxTagValues() {
        return maxTagValues;
    }

    /**
     * The rule that counts written transactions into {@code vedette.transactions.recorded}; add it to
     * the monitor's builder ({@code Monitor.builder().rule(metrics.transactionCounter())}). Its name
     * is {@code vedette-metrics}; it never raises alerts. Always the same instance.
     */
    public Rule transactionCounter() {
        return counterRule;
    }

    /**
     * Attaches the monitor whose stats, events and component states the meters report. Call once,
     * after the monitor is built; calling again with the same monitor does nothing.
     *
     * @return this
     * @throws IllegalArgumentException if {@code monitor} is null
     * @throws IllegalStateException if a different monitor is already attached
     */
    public VedetteMetrics attach(Monitor monitor) {
        Validate.notNull("monitor", monitor);
        synchronized (registration) {
            Monitor current = this.monitor;
            if (current == monitor) {
                return this;
            }
            if (current != null) {
                throw new IllegalStateException("VedetteMetrics is already attached to " + current);
            }
            this.monitor = monitor;
        }
        monitor.events()
                .on(
                        MonitorEvent.AlertRaised.class,
                        e -> increment(
                                "vedette.alerts.raised",
                                "Alerts opened",
                                Tags.of("severity", e.alert().severity().name())))
                .on(MonitorEvent.DeliverySent.class, e -> delivery(e.delivery().channel(), "sent"))
                .on(
                        MonitorEvent.DeliveryFailed.class,
                        e -> delivery(e.delivery().channel(), "failed"))
                .on(MonitorEvent.DeliveryDead.class, e -> delivery(e.delivery().channel(), "dead"))
                .on(MonitorEvent.HealthChanged.class, e -> {
                    states = new StateSnapshot(Long.MIN_VALUE, states.byComponent());
                    component(e.component());
                });
        readStates(monitor, true).keySet().forEach(this::component);
        return this;
    }

    /** The attached monitor, if any. */
    public @Nullable Monitor monitor() {
        return monitor;
    }

    /**
     * Registers the meters in {@code registry}. May be called for several registries; meters that
     * appear later (a new severity, channel, status or component) are registered in each.
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Validate.notNull("registry", registry);
        synchronized (registration) {
            if (registries.contains(registry)) {
                return;
            }
            registries.add(registry);
            pipelineCounter(
                    registry, "vedette.pipeline.accepted", "Records accepted into the queue", MonitorStats::accepted);
            pipelineCounter(
                    registry,
                    "vedette.pipeline.dropped",
                    "Records dropped because the queue was full",
                    MonitorStats::dropped);
            pipelineCounter(
                    registry,
                    "vedette.pipeline.rejected",
                    "Invalid record calls and record calls after close",
                    s -> s.rejected() + s.droppedAfterClose());
            pipelineCounter(
                    registry,
                    "vedette.pipeline.flagged",
                    "Transactions recorded with end-user values that had to be cleaned",
                    MonitorStats::flagged);
            pipelineCounter(
                    registry, "vedette.pipeline.written", "Records written to the store", MonitorStats::written);
            pipelineCounter(
                    registry, "vedette.pipeline.write.failures", "Failed store writes", MonitorStats::writeFailures);
            pipelineCounter(
                    registry,
                    "vedette.pipeline.quarantined",
                    "Records the store refused for good, set aside so the rest of their batch was written",
                    MonitorStats::quarantined);
            Gauge.builder("vedette.pipeline.queue.depth", this, m -> m.stat(MonitorStats::queueDepth))
                    .description("Records waiting in the queue")
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("vedette.pipeline.queue.capacity", this, m -> m.stat(MonitorStats::queueCapacity))
                    .description("The queue's bound")
                    .strongReference(true)
                    .register(registry);
            Gauge.builder("vedette.store.reachable", this, m -> m.store(s -> s.reachable() ? 1 : 0))
                    .description("1 while the store works, 0 while alerts run from memory")
                    .strongReference(true)
                    .register(registry);
            FunctionCounter.builder("vedette.store.journaled.alerts", this, m -> m.store(StoreStatus::journaledAlerts))
                    .description("Alerts raised from memory while the store was unreachable")
                    .register(registry);
            pipelineCounter(
                    registry, "vedette.spool.spooled", "Records appended to the disk spool", MonitorStats::spooled);
            pipelineCounter(
                    registry,
                    "vedette.spool.replayed",
                    "Records read back from the disk spool and written",
                    MonitorStats::replayed);
            pipelineCounter(
                    registry,
                    "vedette.spool.dropped",
                    "Records lost because the disk spool was full or the disk failed",
                    MonitorStats::spoolDropped);
            pipelineCounter(
                    registry,
                    "vedette.spool.corrupt",
                    "Torn or corrupt spool frames skipped",
                    MonitorStats::spoolCorrupt);
            Gauge.builder("vedette.spool.bytes", this, m -> m.stat(MonitorStats::spoolBytes))
                    .description("Bytes the disk spool's files take")
                    .baseUnit("bytes")
                    .strongReference(true)
                    .register(registry);
            counters.forEach((key, adder) -> registerCounter(registry, key, adder));
            components.forEach(c -> registerComponent(registry, c));
            if (!overflowComponents.isEmpty()) {
                registerOverflowComponents(registry);
            }
        }
    }

    private void pipelineCounter(
            MeterRegistry registry, String name, String description, ToDoubleFunction<MonitorStats> value) {
        FunctionCounter.builder(name, this, m -> m.stat(value))
                .description(description)
                .register(registry);
    }

    private double stat(ToDoubleFunction<MonitorStats> value) {
        Monitor m = monitor;
        return m == null ? Double.NaN : value.applyAsDouble(m.stats());
    }

    private double store(ToDoubleFunction<StoreStatus> value) {
        Monitor m = monitor;
        return m == null ? Double.NaN : value.applyAsDouble(m.storeStatus());
    }

    private void delivery(String channel, String result) {
        increment(
                "vedette.deliveries",
                "Notification attempts by outcome",
                Tags.of("channel", bounded("channel", channel), "result", result));
    }

    private void increment(String name, String description, Tags tags) {
        add(name, description, tags, 1);
    }

    private void add(String name, String description, Tags tags, long amount) {
        CounterKey key = new CounterKey(name, description, tags);
        LongAdder adder = counters.get(key);
        if (adder == null) {
            synchronized (registration) {
                adder = counters.get(key);
                if (adder == null) {
                    adder = new LongAdder();
                    counters.put(key, adder);
                    for (MeterRegistry r : registries) {
                        registerCounter(r, key, adder);
                    }
                }
            }
        }
        adder.add(amount);
    }

    private static void registerCounter(MeterRegistry registry, CounterKey key, LongAdder adder) {
        FunctionCounter.builder(key.name(), adder, LongAdder::doubleValue)
                .description(key.description())
                .tags(key.tags())
                .register(registry);
    }

    /** The value itself while the tag has room, else {@value #OTHER}. */
    private String bounded(String tag, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        Set<String> seen = tagValues.computeIfAbsent(tag, t -> ConcurrentHashMap.newKeySet());
        if (seen.contains(value)) {
            return value;
        }
        synchronized (seen) {
            if (seen.size() < maxTagValues) {
                seen.add(value);
                return value;
            }
        }
        return seen.contains(value) ? value : OTHER;
    }

    /** Registers the component's gauges while the tag has room, else counts it under {@value #OTHER}. */
    private void component(String component) {
        if (components.contains(component) || overflowComponents.contains(component)) {
            return;
        }
        synchronized (registration) {
            if (components.contains(component) || overflowComponents.contains(component)) {
                return;
            }
            if (components.size() < maxTagValues) {
                components.add(component);
                for (MeterRegistry r : registries) {
                    registerComponent(r, component);
                }
            } else if (overflowComponents.add(component) && overflowComponents.size() == 1) {
                for (MeterRegistry r : registries) {
                    registerOverflowComponents(r);
                }
            }
        }
    }

    /** The {@value #OTHER} gauges: the worst status and the slowest response of the components past the bound. */
    private void registerOverflowComponents(MeterRegistry registry) {
        Gauge.builder("vedette.health.status", this, m -> m.overflow(m::statusValue, true))
                .description("Flap-protected component health: 1 UP, 0.5 DEGRADED, 0 DOWN, -1 UNKNOWN")
                .tag("component", OTHER)
                .strongReference(true)
                .register(registry);
        TimeGauge.builder(
                        "vedette.health.response.time",
                        this,
                        TimeUnit.MILLISECONDS,
                        m -> m.overflow(m::responseMillis, false))
                .description("Response time of the component's newest health report")
                .tag("component", OTHER)
                .strongReference(true)
                .register(registry);
    }

    private double overflow(java.util.function.ToDoubleFunction<String> value, boolean lowest) {
        double result = Double.NaN;
        for (String c : overflowComponents) {
            double v = value.applyAsDouble(c);
            if (!Double.isNaN(v) && (Double.isNaN(result) || (lowest ? v < result : v > result))) {
                result = v;
            }
        }
        return result;
    }

    private void registerComponent(MeterRegistry registry, String component) {
        Gauge.builder("vedette.health.status", this, m -> m.statusValue(component))
                .description("Flap-protected component health: 1 UP, 0.5 DEGRADED, 0 DOWN, -1 UNKNOWN")
                .tag("component", component)
                .strongReference(true)
                .register(registry);
        TimeGauge.builder("vedette.health.response.time", this, TimeUnit.MILLISECONDS, m -> m.responseMillis(component))
                .description("Response time of the component's newest health report")
                .tag("component", component)
                .strongReference(true)
                .register(registry);
    }

    private double statusValue(String component) {
        ComponentState s = state(component);
        if (s == null) {
            return Double.NaN;
        }
        HealthStatus status = s.status();
        if (status.equals(HealthStatus.UP)) {
            return 1;
        }
        if (status.equals(HealthStatus.DEGRADED)) {
            return 0.5;
        }
        if (status.equals(HealthStatus.DOWN)) {
            return 0;
        }
        return -1;
    }

    private double responseMillis(String component) {
        ComponentState s = state(component);
        if (s == null || s.lastReport() == null) {
            return Double.NaN;
        }
        Duration d = s.lastReport().responseTime();
        return d == null ? Double.NaN : d.toNanos() / 1e6;
    }

    private @Nullable ComponentState state(String component) {
        Monitor m = monitor;
        return m == null ? null : readStates(m, false).get(component);
    }

    private Map<String, ComponentState> readStates(Monitor m, boolean fresh) {
        StateSnapshot snapshot = states;
        long now = System.nanoTime();
        if (!fresh
                && snapshot.readAtNanos() != Long.MIN_VALUE
                && now - snapshot.readAtNanos() < STATE_CACHE.toNanos()) {
            return snapshot.byComponent();
        }
        try {
            Map<String, ComponentState> byComponent = new HashMap<>();
            for (ComponentState s : m.health().components()) {
                byComponent.put(s.component(), s);
            }
            states = new StateSnapshot(now, Map.copyOf(byComponent));
        } catch (RuntimeException e) {
            // The store is unreachable: keep reporting the last states read rather than failing a scrape.
            states = new StateSnapshot(now, snapshot.byComponent());
        }
        return states.byComponent();
    }

    /** Counts transaction observations by status and provider after each written batch. */
    private final class TransactionCounter implements Rule {
        @Override
        public String name() {
            return "vedette-metrics";
        }

        @Override
        public void onBatch(WrittenBatch batch, RuleContext context) {
            if (batch.transactions().isEmpty()) {
                return;
            }
            Map<Tags, Long> counts = new HashMap<>();
            for (TransactionChange c : batch.transactions()) {
                Transaction t = c.observation();
                String status =
                        t.status() == null ? NONE : bounded("status", t.status().code());
                String provider = bounded("provider", c.after().provider());
                counts.merge(Tags.of("status", status, "provider", provider), 1L, Long::sum);
            }
            counts.forEach(
                    (tags, n) -> add("vedette.transactions.recorded", "Transaction observations written", tags, n));
        }
    }
}
