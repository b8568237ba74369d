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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting engine and its admin API ({@code monitor.alerts()}): every alert, whether raised by
 * the host, a rule or a health transition, goes through here.
 *
 * <ol>
 *   <li><b>Dedup</b>: an active alert with the same dedup key absorbs the occurrence; no new message
 *       (unless the severity escalates to channels not yet notified).
 *   <li><b>Suppress</b>: an alert matching an active silence, or inhibited by an active alert, is
 *       stored but not delivered; it is delivered if still open when the silence ends.
 *   <li><b>Route</b>: the routing table picks the channels.
 *   <li><b>Persist, then deliver</b>: the alert and one delivery per channel are stored together;
 *       the dispatcher claims due deliveries, groups and throttles them, sends them, and records
 *       sent / retry with backoff / dead.
 *   <li><b>Lifecycle</b>: acknowledge stops reminders (and tells channels that support it); resolve
 *       tells every channel that was notified; reminders repeat unacknowledged alerts.
 * </ol>
 *
 * Every admin action writes an audit entry.
 */
public final class Alerts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    private static final String META_SOURCE = "vedette:delivery";
    private static final int CLAIM_BATCH = 500;
    /** One cycle claims up to this many, so a storm is summarised in one message instead of trickling out. */
    private static final int MAX_CLAIM_PER_CYCLE = 20_000;

    private static final int SUMMARY_ALERTS = 20;

    private final Store store;
    private final Map<String, Notifier> notifiers;
    private final AlertingSettings settings;
    private final List<Route> routes;
    private final Clock clock;
    private final Consumer<? super MonitorEvent> events;
    private final String instanceId;
    private final DoubleSupplier random;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Semaphore> channelPermits = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextSendAllowed = new ConcurrentHashMap<>();
    private final Map<String, long[]> stormWindows = new ConcurrentHashMap<>();
    private final Map<String, Instant> groupDue = new ConcurrentHashMap<>();
    private final Object dispatchLock = new Object();
    private final Scrubber scrubber;

    /**
     * Creates the engine with {@link Scrubber#defaults()}; see {@link #Alerts(Store, List,
     * AlertingSettings, Clock, Consumer, String, DoubleSupplier, Scrubber)}.
     */
    public Alerts(
            Store store,
            List<Notifier> notifiers,
            AlertingSettings settings,
            Clock clock,
            Consumer<? super MonitorEvent> events,
            String instanceId,
            DoubleSupplier random) {
        this(store, notifiers, settings, clock, events, instanceId, random, Scrubber.defaults());
    }

    /**
     * Creates the engine. Routes default to {@link AlertingSettings#defaultRoutes()} restricted to
     * the configured channels; explicit routes must name configured channels only. Every raised
     * alert's title, message, labels and dedup key go through the scrubber before they are stored
     * or sent, and e-mail addresses in the title and message are masked ({@code a***@example.com}).
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
            String instanceId,
            DoubleSupplier random,
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
        this.instanceId = instanceId;
        this.random = random;
        this.routes = resolveRoutes(settings, byName.keySet());
    }

    private static List<Route> resolveRoutes(AlertingSettings settings, Set<String> channels) {
        // an unknown fallback channel would lose every notice of a dead delivery, with or without routes
        if (settings.fallbackChannel() != null && !channels.contains(settings.fallbackChannel())) {
            throw new IllegalArgumentException("fallbackChannel '" + settings.fallbackChannel()
                    + "' is not a configured channel (configured: " + new java.util.TreeSet<>(channels) + ")");
        }
        if (settings.routesExplicit()) {
            Set<String> unknown = new java.util.TreeSet<>();
            settings.routes()
                    .forEach(r -> r.channels().stream()
                            .filter(c -> !channels.contains(c))
                            .forEach(unknown::add));
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("routes name channels that are not configured: " + unknown
                        + " (configured: " + new java.util.TreeSet<>(channels) + ")");
            }
            return settings.routes();
        }
        List<Route> defaults = new ArrayList<>();
        boolean anyDefaultChannel = false;
        for (Route r : AlertingSettings.defaultRoutes()) {
            List<String> kept = r.channels().stream().filter(channels::contains).toList();
            anyDefaultChannel |= !kept.isEmpty();
            defaults.add(new Route(r.severities(), r.matchers(), kept, r.continueMatching()));
        }
        if (!anyDefaultChannel) {
            // none of slack/email/pagerduty/sms is configured: every non-LOW alert goes to every channel
            return List.of(
                    Route.builder()
                            .severity(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM)
                            .channels(channels.toArray(String[]::new))
                            .build(),
                    Route.of(Severity.LOW));
        }
        return List.copyOf(defaults);
    }

    // ------------------------------------------------------------------ raise

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
        RaisePlan plan = planRaise(candidate.withSuppressedBy(suppression(candidate, now)), now);
        AlertUpsert result = store.raiseAlert(plan);
        rememberGroups(plan, result, now);
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
     * Routes the candidate once and plans its triggers, and for each less urgent severity the
     * triggers an escalation from it adds. Group due times are read here and remembered only after
     * the store has written the result.
     */
    private RaisePlan planRaise(AlertRecord candidate, Instant now) {
        List<String> channels = routedChannels(candidate, DeliveryKind.TRIGGER);
        AlertRecord planned =
                candidate.suppressedBy() == null && !channels.isEmpty() ? candidate.withLastNotifiedAt(now) : candidate;
        String group = groupKey(planned);
        List<Delivery> triggers = channels.stream()
                .map(c -> deliveryFor(planned, c, DeliveryKind.TRIGGER, dueTime(c + "|" + group, now), now))
                .toList();
        Map<Severity, List<Delivery>> escalations = new EnumMap<>(Severity.class);
        for (Severity before : Severity.values()) {
            if (planned.severity().isMoreUrgentThan(before)) {
                List<String> notified = routedChannels(planned, before, DeliveryKind.TRIGGER);
                escalations.put(
                        before,
                        triggers.stream()
                                .filter(d -> !notified.contains(d.channel()))
                                .toList());
            }
        }
        return new RaisePlan(planned, triggers, escalations);
    }

    private Instant dueTime(String groupChannel, Instant now) {
        if (settings.groupWait().isZero()) {
            return now;
        }
        Instant existing = groupDue.get(groupChannel);
        return existing != null && existing.isAfter(now) ? existing : now.plus(settings.groupWait());
    }

    private void rememberGroups(RaisePlan plan, AlertUpsert result, Instant now) {
        if (settings.groupWait().isZero() || result.deliveries().isEmpty()) {
            return;
        }
        String group = groupKey(plan.candidate());
        groupDue.values().removeIf(t -> t.isBefore(now.minus(settings.groupWait())));
        for (Delivery d : result.deliveries()) {
            groupDue.compute(
                    d.channel() + "|" + group,
                    (k, existing) -> existing != null && existing.isAfter(now) ? existing : d.nextAttemptAt());
        }
    }

    private String groupKey(AlertRecord alert) {
        Map<String, String> labels = alert.matchLabels();
        return settings.groupBy().stream()
                .map(k -> k + "=" + labels.getOrDefault(k, ""))
                .collect(Collectors.joining(","));
    }

    private static Delivery deliveryFor(
            AlertRecord alert, String channel, DeliveryKind kind, Instant due, Instant now) {
        Delivery d = Delivery.pending(UUID.randomUUID().toString(), alert.id(), channel, kind, now);
        return due.equals(now) ? d : d.deferred(due);
    }

    /** The channels an alert routes to that accept this kind. */
    List<String> routedChannels(AlertRecord alert, DeliveryKind kind) {
        return routedChannels(alert, alert.severity(), kind);
    }

    /** The channels an alert would route to at another severity that accept this kind. */
    private List<String> routedChannels(AlertRecord alert, Severity severity, DeliveryKind kind) {
        Set<String> channels = new LinkedHashSet<>();
        if (META_SOURCE.equals(alert.source())) {
            if (settings.fallbackChannel() != null) {
                channels.add(settings.fallbackChannel());
            }
        } else {
            Map<String, String> labels = new TreeMap<>(alert.matchLabels());
            labels.put("severity", severity.name());
            for (Route r : routes) {
                if (r.matches(severity, labels)) {
                    channels.addAll(r.channels());
                    if (!r.continueMatching()) {
                        break;
                    }
                }
            }
        }
        return channels.stream()
                .filter(c -> notifiers.containsKey(c)
                        && notifiers.get(c).supportedKinds().contains(kind))
                .toList();
    }

    private @Nullable String suppression(AlertRecord candidate, Instant now) {
        for (Silence s : store.silences(now)) {
            if (s.isActiveAt(now) && s.matches(candidate)) {
                return "silence:" + s.id();
            }
        }
        if (!settings.inhibitRules().isEmpty()) {
            for (AlertRecord active : store.searchAlerts(AlertQuery.active()).items()) {
                if (active.dedupKey().equals(candidate.dedupKey())) {
                    continue;
                }
                for (InhibitRule rule : settings.inhibitRules()) {
                    if (rule.inhibits(active, candidate)) {
                        return "inhibited:" + active.id();
                    }
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ lifecycle

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
                planTo(alertId, notified, DeliveryKind.ACKNOWLEDGE, now));
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
                planTo(alertId, notified, DeliveryKind.RESOLVE, now));
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

    private List<Delivery> planTo(String alertId, Set<String> channels, DeliveryKind kind, Instant now) {
        return channels.stream()
                .filter(c -> notifiers.containsKey(c)
                        && notifiers.get(c).supportedKinds().contains(kind))
                .map(c -> Delivery.pending(UUID.randomUUID().toString(), alertId, c, kind, now))
                .toList();
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
        return new java.util.TreeSet<>(notifiers.keySet());
    }

    /** The routing table in force (explicit, or the defaults restricted to configured channels). */
    public List<Route> routes() {
        return routes;
    }

    // ------------------------------------------------------------------ silences

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

    // ------------------------------------------------------------------ test notifications

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
        SendResult result = safeSend(
                n, new Notification(test.id(), DeliveryKind.TEST, List.of(test), 0, settings.dashboardUrl(), 1, now));
        audit(
                by,
                "notification.test",
                channel,
                Map.of("result", result.getClass().getSimpleName()));
        return result;
    }

    // ------------------------------------------------------------------ scheduled work

    /**
     * Plans reminders for unacknowledged alerts of the reminded severities whose last notification
     * is at least one interval old.
     *
     * @return the number of alerts reminded
     */
    public int remind() {
        Instant now = clock.instant();
        int reminded = 0;
        for (AlertRecord a : active()) {
            if (a.status() != AlertStatus.OPEN
                    || a.suppressedBy() != null
                    || !settings.reminderSeverities().contains(a.severity())
                    || a.lastNotifiedAt() == null
                    || a.lastNotifiedAt().plus(settings.reminderInterval()).isAfter(now)) {
                continue;
            }
            List<String> channels = routedChannels(a, DeliveryKind.REMINDER);
            Optional<AlertUpsert> r = store.updateAlert(
                    a.id(),
                    cur -> cur.status() == AlertStatus.OPEN
                                    && cur.lastNotifiedAt() != null
                                    && !cur.lastNotifiedAt()
                                            .plus(settings.reminderInterval())
                                            .isAfter(now)
                            ? cur.withLastNotifiedAt(now)
                            : cur,
                    planTo(a.id(), new LinkedHashSet<>(channels), DeliveryKind.REMINDER, now));
            if (r.isPresent()) {
                reminded++;
            }
        }
        return reminded;
    }

    /**
     * Delivers open alerts whose silence has ended or whose inhibiting alert is no longer active.
     *
     * @return the number of alerts released
     */
    public int releaseSuppressed() {
        Instant now = clock.instant();
        Set<String> activeSilences = store.silences(now).stream()
                .filter(s -> s.isActiveAt(now))
                .map(s -> "silence:" + s.id())
                .collect(Collectors.toSet());
        List<AlertRecord> active = active();
        Set<String> activeIds = active.stream().map(a -> "inhibited:" + a.id()).collect(Collectors.toSet());
        int released = 0;
        for (AlertRecord a : active) {
            String reason = a.suppressedBy();
            if (reason == null || activeSilences.contains(reason) || activeIds.contains(reason)) {
                continue;
            }
            String still = suppression(a, now);
            if (still != null) {
                continue;
            }
            // routed as read: a concurrent escalation leaves it suppressed until the next run routes it anew
            Optional<AlertUpsert> r = store.updateAlert(
                    a.id(),
                    cur -> reason.equals(cur.suppressedBy())
                                    && cur.matchLabels().equals(a.matchLabels())
                            ? cur.withSuppressedBy(null).withLastNotifiedAt(now)
                            : cur,
                    a.status() == AlertStatus.OPEN
                            ? planTo(
                                    a.id(),
                                    new LinkedHashSet<>(routedChannels(a, DeliveryKind.TRIGGER)),
                                    DeliveryKind.TRIGGER,
                                    now)
                            : List.of());
            if (r.isPresent()) {
                released++;
            }
        }
        return released;
    }

    /**
     * Plans the digest of LOW alerts first seen on {@code day} (in the business zone) to the digest
     * channel, once: a digest already planned for that day is not planned again.
     *
     * @return true if a digest was planned
     */
    public boolean planDigest(LocalDate day) {
        String channel = settings.digestChannel();
        if (channel == null || !notifiers.containsKey(channel)) {
            return false;
        }
        Instant from = day.atStartOfDay(settings.zone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(settings.zone()).toInstant();
        String digestId = "digest:" + day;
        if (!store.deliveries(digestId).isEmpty()) {
            return false;
        }
        if (lowAlerts(from, to).isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        store.insertDeliveries(List.of(
                Delivery.pending("digest-" + day + "-" + channel, digestId, channel, DeliveryKind.DIGEST, now)));
        return true;
    }

    /** Plans yesterday's digest once the digest time has passed today. */
    public boolean planDigestIfDue() {
        ZonedDateTime now = clock.instant().atZone(settings.zone());
        if (now.toLocalTime().isBefore(settings.digestTime())) {
            return false;
        }
        return planDigest(now.toLocalDate().minusDays(1));
    }

    private List<AlertRecord> lowAlerts(Instant from, Instant to) {
        return store
                .searchAlerts(new AlertQuery(Set.of(), Set.of(Severity.LOW), null, null, null, 1_000, null))
                .items()
                .stream()
                .filter(a -> !a.firstSeen().isBefore(from) && a.firstSeen().isBefore(to))
                .sorted(Comparator.comparing(AlertRecord::firstSeen))
                .toList();
    }

    // ------------------------------------------------------------------ dispatch

    /** A set of deliveries sent as one notification. */
    private record Unit(
            String channel, DeliveryKind kind, List<Delivery> deliveries, List<AlertRecord> alerts, int omitted) {}

    /**
     * Runs one dispatch cycle in the calling thread: claims due deliveries, groups and throttles
     * them, sends them (channels in parallel, on virtual threads), and records each result.
     *
     * @return the number of notifications sent or attempted
     */
    public int dispatch() {
        synchronized (dispatchLock) {
            Instant now = clock.instant();
            List<Delivery> claimed = new ArrayList<>();
            while (claimed.size() < MAX_CLAIM_PER_CYCLE) {
                List<Delivery> batch =
                        store.claimDueDeliveries(now, CLAIM_BATCH, instanceId, now.plus(settings.claimLease()));
                claimed.addAll(batch);
                if (batch.size() < CLAIM_BATCH) {
                    break;
                }
            }
            if (claimed.isEmpty()) {
                return 0;
            }
            Map<String, List<Delivery>> byChannel = new LinkedHashMap<>();
            claimed.forEach(d -> byChannel
                    .computeIfAbsent(d.channel(), k -> new ArrayList<>())
                    .add(d));
            List<Future<?>> inFlight = new ArrayList<>();
            int attempted = 0;
            for (Map.Entry<String, List<Delivery>> e : byChannel.entrySet()) {
                List<Unit> units = plan(e.getKey(), e.getValue(), now);
                for (Unit u : units) {
                    attempted++;
                    Semaphore permits = channelPermits.computeIfAbsent(
                            u.channel(), k -> new Semaphore(settings.channelConcurrency()));
                    inFlight.add(senders.submit(() -> {
                        permits.acquireUninterruptibly();
                        try {
                            send(u, now);
                        } finally {
                            permits.release();
                        }
                    }));
                }
            }
            for (Future<?> f : inFlight) {
                try {
                    f.get();
                } catch (InterruptedException ex) {
                    // closing: the sends finish or their claims expire and another cycle retries them
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception ex) {
                    log.error("Vedette dispatch task failed", ex);
                }
            }
            return attempted;
        }
    }

    private List<Unit> plan(String channel, List<Delivery> deliveries, Instant now) {
        Notifier notifier = notifiers.get(channel);
        if (notifier == null) {
            for (Delivery d : deliveries) {
                finish(
                        d,
                        d.attempted(DeliveryState.DEAD, now, "channel '" + channel + "' is not configured", null),
                        now);
            }
            return List.of();
        }
        // resolve alerts, and fold grouped triggers into one unit per group
        Map<String, Unit> units = new LinkedHashMap<>();
        for (Delivery d : deliveries) {
            List<AlertRecord> alerts = alertsOf(d);
            if (alerts.isEmpty()) {
                finish(
                        d,
                        d.attempted(DeliveryState.DEAD, now, "alert " + d.alertId() + " no longer exists", null),
                        now);
                continue;
            }
            String key =
                    d.kind() == DeliveryKind.TRIGGER && !settings.groupWait().isZero()
                            ? "group|" + groupKey(alerts.get(0))
                            : "single|" + d.id();
            Unit u = units.get(key);
            if (u == null) {
                units.put(key, new Unit(channel, d.kind(), new ArrayList<>(List.of(d)), new ArrayList<>(alerts), 0));
            } else {
                u.deliveries().add(d);
                u.alerts().addAll(alerts);
            }
        }
        List<Unit> ordered = new ArrayList<>(units.values());
        ordered.sort(Comparator.comparing((Unit u) -> u.alerts().get(0).severity()));

        // storm cap: per channel per minute; the last free slot carries a summary of the rest
        long window = now.truncatedTo(ChronoUnit.MINUTES).toEpochMilli();
        long[] counter =
                stormWindows.compute(channel, (k, c) -> c == null || c[0] != window ? new long[] {window, 0} : c);
        int cap = settings.stormCap(channel);
        Duration interval = settings.channelInterval(channel);
        Instant allowed = nextSendAllowed.getOrDefault(channel, Instant.MIN);
        List<Unit> send = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Unit u = ordered.get(i);
            long free = cap - counter[1];
            if (free <= 0) {
                deferAll(
                        ordered.subList(i, ordered.size()),
                        Instant.ofEpochMilli(window).plus(Duration.ofMinutes(1)));
                break;
            }
            if (allowed.isAfter(now)) {
                deferAll(ordered.subList(i, ordered.size()), allowed);
                break;
            }
            if (free == 1 && i < ordered.size() - 1) {
                u = summarise(ordered.subList(i, ordered.size()));
                i = ordered.size();
            }
            counter[1]++;
            send.add(u);
            if (!interval.isZero()) {
                allowed = now.plus(interval);
                nextSendAllowed.put(channel, allowed);
            }
        }
        return send;
    }

    private static Unit summarise(List<Unit> rest) {
        List<Delivery> ds = new ArrayList<>();
        List<AlertRecord> alerts = new ArrayList<>();
        for (Unit u : rest) {
            ds.addAll(u.deliveries());
            alerts.addAll(u.alerts());
        }
        alerts.sort(Comparator.comparing(AlertRecord::severity));
        int shown = Math.min(SUMMARY_ALERTS, alerts.size());
        return new Unit(
                rest.get(0).channel(),
                rest.get(0).kind(),
                ds,
                new ArrayList<>(alerts.subList(0, shown)),
                alerts.size() - shown);
    }

    private void deferAll(List<Unit> units, Instant until) {
        for (Unit u : units) {
            for (Delivery d : u.deliveries()) {
                store.recordAttempt(d.deferred(until), instanceId);
            }
        }
    }

    private List<AlertRecord> alertsOf(Delivery d) {
        if (d.kind() == DeliveryKind.DIGEST && d.alertId().startsWith("digest:")) {
            LocalDate day = LocalDate.parse(d.alertId().substring("digest:".length()));
            return lowAlerts(
                    day.atStartOfDay(settings.zone()).toInstant(),
                    day.plusDays(1).atStartOfDay(settings.zone()).toInstant());
        }
        return store.alert(d.alertId()).map(List::of).orElse(List.of());
    }

    private void send(Unit u, Instant plannedAt) {
        Notifier notifier = notifiers.get(u.channel());
        Delivery first = u.deliveries().get(0);
        URI link = settings.dashboardUrl() == null
                ? null
                : URI.create(settings.dashboardUrl().toString().replaceAll("/+$", "") + "/alerts/"
                        + u.alerts().get(0).id());
        Notification n = new Notification(
                first.id(), u.kind(), u.alerts(), u.omitted(), link, first.attempts() + 1, first.createdAt());
        SendResult result = safeSend(notifier, n);
        Instant now = clock.instant();
        for (Delivery d : u.deliveries()) {
            Delivery next = switch (result) {
                case SendResult.Sent s -> d.attempted(DeliveryState.SENT, now, null, now);
                case SendResult.Failed f -> d.attempted(DeliveryState.DEAD, now, f.reason(), null);
                case SendResult.RetryLater r ->
                    d.attempts() + 1 >= settings.maxAttempts()
                            ? d.attempted(
                                    DeliveryState.DEAD,
                                    now,
                                    "gave up after " + (d.attempts() + 1) + " attempts: " + r.reason(),
                                    null)
                            : d.attempted(
                                    DeliveryState.FAILED,
                                    now.plus(r.delay() != null ? r.delay() : backoff(d.attempts() + 1)),
                                    r.reason(),
                                    null);
            };
            finish(d, next, now);
        }
    }

    /** The delay before retry number {@code failures} (1 after the first failure), with jitter. */
    Duration backoff(int failures) {
        long base = settings.initialBackoff().toMillis();
        long max = settings.maxBackoff().toMillis();
        long delay = base;
        for (int i = 1; i < failures && delay < max; i++) {
            delay = Math.min(max, delay * 2);
        }
        double factor = 1 + settings.jitter() * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.round(delay * factor));
    }

    private SendResult safeSend(Notifier notifier, Notification n) {
        try {
            SendResult r = notifier.send(n);
            return r == null ? SendResult.retryLater(notifier.name() + " returned no result") : r;
        } catch (RuntimeException e) {
            log.warn(
                    "Vedette notifier '{}' threw {}; will retry",
                    notifier.name(),
                    e.getClass().getName());
            return SendResult.retryLater(
                    notifier.name() + " threw " + e.getClass().getName());
        }
    }

    private void finish(Delivery claimed, Delivery next, Instant now) {
        if (!store.recordAttempt(next, instanceId)) {
            log.warn("Vedette lost its claim on delivery {} before recording the result", claimed.id());
            return;
        }
        switch (next.state()) {
            case SENT -> events.accept(new MonitorEvent.DeliverySent(next, now));
            case FAILED -> events.accept(new MonitorEvent.DeliveryFailed(next, now));
            case DEAD -> {
                log.warn(
                        "Vedette delivery {} to '{}' failed for good: {}", next.id(), next.channel(), next.lastError());
                events.accept(new MonitorEvent.DeliveryDead(next, now));
                raiseMetaAlert(next);
            }
            default -> {}
        }
    }

    private void raiseMetaAlert(Delivery dead) {
        String fallback = settings.fallbackChannel();
        if (fallback == null || fallback.equals(dead.channel()) || !notifiers.containsKey(fallback)) {
            return;
        }
        try {
            raise(Alert.high("Notifications to " + dead.channel() + " are failing")
                    .component("vedette")
                    .source(META_SOURCE)
                    .dedupKey("vedette/delivery-dead/" + dead.channel())
                    .message("Delivery " + dead.id() + " (" + dead.kind() + ") is dead: " + dead.lastError())
                    .label("channel", dead.channel())
                    .build());
        } catch (RuntimeException e) {
            log.error("Vedette could not raise the meta-alert for a dead delivery", e);
        }
    }

    private void audit(String actor, String action, @Nullable String target, Map<String, Object> details) {
        store.appendAudit(new AuditEntry(0, clock.instant(), actor, action, target, details));
    }

    /** Stops the sender threads and closes the notifiers. */
    @Override
    public void close() {
        senders.shutdown();
        for (Notifier n : notifiers.values()) {
            try {
                n.close();
            } catch (RuntimeException e) {
                log.warn("Vedette notifier '{}' failed to close", n.name(), e);
            }
        }
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
}
