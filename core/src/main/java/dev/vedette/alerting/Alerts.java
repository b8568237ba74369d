package dev.vedette.alerting;

import dev.vedette.errors.Scrubber;
import dev.vedette.internal.Validate;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.MonitorEvent;
import dev.vedette.model.Severity;
import dev.vedette.model.Silence;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.AlertUpsert;
import dev.vedette.store.Page;
import dev.vedette.store.RaisePlan;
import dev.vedette.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting engine's admin API ({@code monitor.alerts()}) and its raise path: every alert,
 * whether raised by the host, a rule or a health transition, goes through here.
 *
 * <ol>
 *   <li><b>Dedup</b>: an active alert with the same dedup key absorbs the occurrence; no new message
 *       (unless the severity escalates to channels not yet notified).
 *   <li><b>Suppress</b>: an alert matching an active silence, or inhibited by an active alert, is
 *       stored but not delivered; it is delivered if still open when the silence ends.
 *   <li><b>Route</b>: the routing table picks the channels once per raise, before the store is
 *       called; the store applies that plan ({@link dev.vedette.store.AlertMerge}).
 *   <li><b>Persist, then deliver</b>: the alert and one delivery per channel are stored together;
 *       the monitor's {@link Dispatcher} claims due deliveries, groups and throttles them, sends
 *       them, and records sent / retry with backoff / dead.
 *   <li><b>Lifecycle</b>: acknowledge stops reminders (and tells channels that support it); resolve
 *       tells every channel that was notified; {@link AlertJobs} repeat unacknowledged alerts.
 * </ol>
 *
 * Every admin action writes an audit entry. This API does not drive the outbox: the monitor's
 * background threads do, or {@code monitor.runScheduledJobs()}; a test that needs exactly one
 * dispatch cycle uses {@link AlertingTestHooks}.
 */
public final class Alerts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final Store store;
    private final Map<String, Notifier> notifiers;
    private final AlertingSettings settings;
    private final Router router;
    private final Clock clock;
    private final Consumer<? super MonitorEvent> events;
    private final Scrubber scrubber;
    private volatile @Nullable Dispatcher dispatcher;

    /**
     * Creates the engine. Routes default to {@link AlertingSettings#defaultRoutes()} restricted to
     * the configured channels; explicit routes must name configured channels only. Every raised
     * alert's title, message, labels and dedup key go through the scrubber before they are stored
     * or sent, and e-mail addresses in the title and message are masked ({@code a***@example.com}).
     * Nothing is sent until a {@link Dispatcher} is created for it.
     *
     * @throws IllegalArgumentException naming routed channels, or a fallback channel, that have no
     *     notifier
     */
    public Alerts(
            Store store,
            List<Notifier> notifiers,
            AlertingSettings settings,
            Clock clock,
            Consumer<? super MonitorEvent> events,
            Scrubber scrubber) {
        this.scrubber = Validate.notNull("scrubber", scrubber);
        this.store = store;
        Map<String, Notifier> byName = new LinkedHashMap<>();
        for (Notifier n : notifiers) {
            if (byName.put(n.name(), n) != null) {
                throw new IllegalArgumentException("two notifiers are named '" + n.name() + "'");
            }
        }
        this.notifiers = Map.copyOf(byName);
        this.settings = settings;
        this.clock = clock;
        this.events = events;
        this.router = new Router(store, this.notifiers, settings);
    }

    /**
     * Raises an alert: dedup, suppression, routing, and the deliveries stored with it. Returns the
     * alert as stored (the active alert that absorbed it, if any).
     *
     * @throws dev.vedette.store.StoreException if the store cannot persist it
     */
    public AlertRecord raise(Alert alert) {
        Validate.notNull("alert", alert);
        Instant now = clock.instant();
        Instant at = alert.occurredAt() != null ? alert.occurredAt() : now;
        String title = Validate.text(
                Scrubber.maskEmails(Objects.requireNonNull(scrubber.scrub(alert.title()))), Alert.MAX_TITLE_LENGTH);
        // a key derived from the title is derived again from the scrubbed title; an explicit key (a
        // rule's, which it resolves by) only loses card numbers and secrets, so each key stays distinct
        String dedupKey = alert.dedupKey().equals(Alert.deriveKey(alert.component(), alert.title()))
                ? Alert.deriveKey(alert.component(), title)
                : scrubKey(alert.dedupKey());
        AlertRecord candidate = new AlertRecord(
                UUID.randomUUID().toString(),
                dedupKey,
                alert.severity(),
                title,
                Validate.text(Scrubber.maskEmails(scrubber.scrub(alert.message())), Alert.MAX_MESSAGE_LENGTH),
                alert.component(),
                scrubLabels(alert.labels()),
                alert.source(),
                AlertStatus.OPEN,
                1,
                at,
                at,
                null,
                null,
                null,
                null,
                null,
                null);
        RaisePlan plan = router.plan(candidate, now);
        AlertUpsert result = store.raiseAlert(plan);
        router.remember(plan, result, now);
        events.accept(
                result.isNew()
                        ? new MonitorEvent.AlertRaised(result.alert(), now)
                        : new MonitorEvent.AlertUpdated(result.alert(), now));
        return result.alert();
    }

    /**
     * Card numbers and secrets in a dedup key are masked like everywhere else; a key the mask made
     * too long is hashed. The same key always scrubs to the same value, so dedup still holds.
     */
    private String scrubKey(String key) {
        String scrubbed = Objects.requireNonNull(scrubber.scrub(key));
        if (scrubbed.equals(key) || scrubbed.length() <= Alert.MAX_DEDUP_KEY_LENGTH) {
            return scrubbed;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(scrubbed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "scrubbed/" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** Label values are scrubbed (a label under a secret's name is redacted); addresses stay, as rule keys. */
    private TreeMap<String, String> scrubLabels(Map<String, String> labels) {
        TreeMap<String, String> out = new TreeMap<>();
        scrubber.scrub(labels).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    /**
     * Acknowledges an open alert: reminders stop, channels that support it (PagerDuty) are told.
     *
     * @return the updated alert, or empty if there is no such open alert
     */
    public Optional<AlertRecord> acknowledge(String alertId, String by) {
        Validate.identifier("by", by, 128);
        Instant now = clock.instant();
        Set<String> notified = notifiedChannels(alertId);
        Optional<AlertUpsert> result = store.updateAlert(
                alertId,
                a -> a.status() == AlertStatus.OPEN
                        ? a.withLifecycle(AlertStatus.ACKNOWLEDGED, by, now, null, null)
                        : a,
                router.deliveries(alertId, notified, DeliveryKind.ACKNOWLEDGE, now));
        result.ifPresent(r -> {
            audit(by, "alert.acknowledge", alertId, Map.of("title", r.alert().title()));
            events.accept(new MonitorEvent.AlertUpdated(r.alert(), now));
        });
        return result.map(AlertUpsert::alert);
    }

    /**
     * Resolves an active alert: every channel that was notified and supports it gets a RESOLVED
     * message.
     *
     * @return the resolved alert, or empty if there is no such active alert
     */
    public Optional<AlertRecord> resolve(String alertId, String by) {
        Validate.identifier("by", by, 128);
        Instant now = clock.instant();
        Set<String> notified = notifiedChannels(alertId);
        Optional<AlertUpsert> result = store.updateAlert(
                alertId,
                a -> a.status().isActive()
                        ? a.withLifecycle(AlertStatus.RESOLVED, a.acknowledgedBy(), a.acknowledgedAt(), by, now)
                        : a,
                router.deliveries(alertId, notified, DeliveryKind.RESOLVE, now));
        result.ifPresent(r -> {
            audit(by, "alert.resolve", alertId, Map.of("title", r.alert().title()));
            events.accept(new MonitorEvent.AlertResolved(r.alert(), now));
        });
        return result.map(AlertUpsert::alert);
    }

    /**
     * Resolves the active alert with this dedup key, as a rule or check does when it recovers.
     *
     * @return the resolved alert, or empty if none was active
     */
    public Optional<AlertRecord> resolveByKey(String dedupKey, String by) {
        Optional<AlertRecord> active = store.searchAlerts(AlertQuery.active()).items().stream()
                .filter(a -> a.dedupKey().equals(scrubKey(dedupKey)))
                .findFirst();
        return active.flatMap(a -> resolve(a.id(), by));
    }

    private Set<String> notifiedChannels(String alertId) {
        return store.deliveries(alertId).stream()
                .filter(d -> (d.kind() == DeliveryKind.TRIGGER || d.kind() == DeliveryKind.REMINDER)
                        && d.state() != DeliveryState.DEAD)
                .map(Delivery::channel)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** One alert. */
    public Optional<AlertRecord> get(String alertId) {
        return store.alert(alertId);
    }

    /** Open and acknowledged alerts, newest first. */
    public List<AlertRecord> active() {
        return store.searchAlerts(AlertQuery.active()).items();
    }

    /** Alerts matching a query. */
    public Page<AlertRecord> search(AlertQuery query) {
        return store.searchAlerts(query);
    }

    /** The deliveries of an alert: per channel, their state and attempts. */
    public List<Delivery> deliveries(String alertId) {
        return store.deliveries(alertId);
    }

    /** The configured channel names. */
    public Set<String> channels() {
        return new TreeSet<>(notifiers.keySet());
    }

    /** The routing table in force (explicit, or the defaults restricted to configured channels). */
    public List<Route> routes() {
        return router.routes();
    }

    /**
     * Silences alerts matching every matcher from now for {@code duration}.
     *
     * @throws IllegalArgumentException if the duration is not positive or a value is missing
     */
    public Silence silence(Map<String, String> matchers, Duration duration, String by, @Nullable String reason) {
        Instant now = clock.instant();
        return silence(matchers, now, now.plus(Validate.positive("duration", duration)), by, reason);
    }

    /** Silences (or plans a maintenance window for) alerts matching every matcher in [start, end). */
    public Silence silence(
            Map<String, String> matchers, Instant start, Instant end, String by, @Nullable String reason) {
        Validate.notNull("matchers", matchers);
        Validate.identifier("by", by, 128);
        Silence s = new Silence(
                UUID.randomUUID().toString(), matchers, start, end, by, Validate.text(reason, 500), clock.instant());
        store.saveSilence(s);
        audit(
                by,
                "silence.create",
                s.id(),
                Map.of(
                        "matchers",
                        Map.copyOf(matchers),
                        "endsAt",
                        end.toString(),
                        "reason",
                        reason == null ? "" : s.reason()));
        return s;
    }

    /** Ends a silence early; false if there was none. */
    public boolean unsilence(String silenceId, String by) {
        boolean deleted = store.deleteSilence(silenceId);
        if (deleted) {
            audit(by, "silence.delete", silenceId, Map.of());
        }
        return deleted;
    }

    /** Silences that have not ended. */
    public List<Silence> silences() {
        return store.silences(clock.instant());
    }

    /**
     * Sends a test notification to one channel now, outside the outbox, and returns what the
     * channel answered. Audited.
     *
     * @throws IllegalArgumentException if the channel is not configured
     */
    public SendResult sendTest(String channel, String by) {
        Notifier n = notifiers.get(channel);
        if (n == null) {
            throw new IllegalArgumentException("channel must be one of " + channels() + ", was '" + channel + "'");
        }
        Instant now = clock.instant();
        AlertRecord test = new AlertRecord(
                "test-" + UUID.randomUUID(),
                "vedette/test",
                Severity.LOW,
                "Test notification from Vedette",
                "If you can read this, the " + channel + " channel works.",
                "vedette",
                new TreeMap<>(),
                "vedette:test",
                AlertStatus.OPEN,
                1,
                now,
                now,
                null,
                null,
                null,
                null,
                null,
                null);
        SendResult result = Dispatcher.safeSend(
                n, new Notification(test.id(), DeliveryKind.TEST, List.of(test), 0, settings.dashboardUrl(), 1, now));
        audit(
                by,
                "notification.test",
                channel,
                Map.of("result", result.getClass().getSimpleName()));
        return result;
    }

    private void audit(String actor, String action, @Nullable String target, Map<String, Object> details) {
        store.appendAudit(new AuditEntry(0, clock.instant(), actor, action, target, details));
    }

    /** Deliveries in the outbox per state (PENDING, SENT, FAILED, DEAD), for health and metrics. */
    public Map<DeliveryState, Long> deliveryCounts() {
        return store.deliveryCounts();
    }

    /** Open alerts per severity, for metrics. */
    public Map<Severity, Long> activeBySeverity() {
        Map<Severity, Long> counts = new HashMap<>();
        active().forEach(a -> counts.merge(a.severity(), 1L, Long::sum));
        return counts;
    }

    /** The LOW alerts first seen on {@code day} in the business zone, oldest first: a digest's content. */
    List<AlertRecord> lowAlerts(LocalDate day) {
        Instant from = day.atStartOfDay(settings.zone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(settings.zone()).toInstant();
        return store
                .searchAlerts(new AlertQuery(Set.of(), Set.of(Severity.LOW), null, null, null, 1_000, null))
                .items()
                .stream()
                .filter(a -> !a.firstSeen().isBefore(from) && a.firstSeen().isBefore(to))
                .sorted(Comparator.comparing(AlertRecord::firstSeen))
                .toList();
    }

    void attach(Dispatcher d) {
        synchronized (this) {
            if (dispatcher != null) {
                throw new IllegalStateException("these alerts already have a dispatcher");
            }
            dispatcher = d;
        }
    }

    /** The dispatcher created for these alerts. */
    Dispatcher dispatcher() {
        Dispatcher d = dispatcher;
        if (d == null) {
            throw new IllegalStateException("these alerts have no dispatcher");
        }
        return d;
    }

    Store store() {
        return store;
    }

    Map<String, Notifier> notifiers() {
        return notifiers;
    }

    AlertingSettings settings() {
        return settings;
    }

    Router router() {
        return router;
    }

    Clock clock() {
        return clock;
    }

    Consumer<? super MonitorEvent> events() {
        return events;
    }

    /** Closes the notifiers; the dispatcher is closed on its own, first. */
    @Override
    public void close() {
        for (Notifier n : notifiers.values()) {
            try {
                n.close();
            } catch (RuntimeException e) {
                log.warn("Vedette notifier '{}' failed to close", n.name(), e);
            }
        }
    }
}
