package dev.vedette.alerting;

import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.Severity;
import dev.vedette.model.Silence;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.AlertUpsert;
import dev.vedette.store.RaisePlan;
import dev.vedette.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decides where an alert goes and when, once per raise, before anything is stored: the routing
 * table, suppression by silences and inhibition, and the grouping keys and group-wait due times.
 * The store then applies its {@link RaisePlan} with {@link dev.vedette.store.AlertMerge}; the due
 * times of the groups are remembered only after the store has written them.
 *
 * <p>Alerts route around their own cause: of the channels an alert about a component routes to,
 * those that depend on that component ({@link ChannelDependencies}) are dropped while another
 * remains, or replaced by the fallback channel when none does.
 *
 * <p>An occurrence that escalates an active alert is routed with its own component, title and
 * labels at the active alert's severity before and at its own severity after; the channels that
 * adds get a TRIGGER.
 */
final class Router {
    /** The source of meta-alerts about dead deliveries; they go to the fallback channel only. */
    static final String META_SOURCE = "vedette:delivery";

    private final Store store;
    private final Map<String, Notifier> notifiers;
    private final AlertingSettings settings;
    private final List<Route> routes;
    private final Map<String, Set<String>> dependencies;
    private final Map<String, Instant> groupDue = new ConcurrentHashMap<>();

    /**
     * @throws IllegalArgumentException naming routed channels, or a fallback channel, that have no
     *     notifier
     */
    Router(Store store, Map<String, Notifier> notifiers, AlertingSettings settings) {
        this.store = store;
        this.notifiers = notifiers;
        this.settings = settings;
        this.routes = resolveRoutes(settings, notifiers.keySet());
        this.dependencies = dependencies(notifiers, settings);
    }

    /** Each channel's declared and configured dependencies; fails on a configured unknown channel. */
    private static Map<String, Set<String>> dependencies(Map<String, Notifier> notifiers, AlertingSettings settings) {
        Set<String> unknown = new TreeSet<>(settings.channelDependencies().keySet());
        unknown.removeAll(notifiers.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("channelDependsOn names channels that are not configured: " + unknown
                    + " (configured: " + new TreeSet<>(notifiers.keySet()) + ")");
        }
        Map<String, Set<String>> deps = new TreeMap<>();
        notifiers.forEach((name, n) -> {
            Set<String> set = new TreeSet<>(n.dependsOn());
            set.addAll(settings.channelDependencies().getOrDefault(name, Set.of()));
            if (!set.isEmpty()) {
                deps.put(name, Set.copyOf(set));
            }
        });
        return Map.copyOf(deps);
    }

    /** The components each channel depends on (only channels with any). */
    Map<String, Set<String>> dependencies() {
        return dependencies;
    }

    private static List<Route> resolveRoutes(AlertingSettings settings, Set<String> channels) {
        // an unknown fallback channel would lose every notice of a dead delivery, with or without routes
        if (settings.fallbackChannel() != null && !channels.contains(settings.fallbackChannel())) {
            throw new IllegalArgumentException("fallbackChannel '" + settings.fallbackChannel()
                    + "' is not a configured channel (configured: " + new TreeSet<>(channels) + ")");
        }
        if (settings.routesExplicit()) {
            Set<String> unknown = new TreeSet<>();
            settings.routes()
                    .forEach(r -> r.channels().stream()
                            .filter(c -> !channels.contains(c))
                            .forEach(unknown::add));
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("routes name channels that are not configured: " + unknown
                        + " (configured: " + new TreeSet<>(channels) + ")");
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

    /** The routing table in force. */
    List<Route> routes() {
        return routes;
    }

    /**
     * Plans a raise: suppression, the channels the candidate routes to (computed once), its
     * {@code lastNotifiedAt}, its triggers with their group due times, and for each less urgent
     * severity the triggers an escalation from it adds.
     */
    RaisePlan plan(AlertRecord candidate, Instant now) {
        AlertRecord checked = candidate.withSuppressedBy(suppression(candidate, now));
        List<String> channels = channels(checked, DeliveryKind.TRIGGER);
        AlertRecord planned =
                checked.suppressedBy() == null && !channels.isEmpty() ? checked.withLastNotifiedAt(now) : checked;
        String group = groupKey(planned);
        List<Delivery> triggers = channels.stream()
                .map(c -> delivery(planned.id(), c, DeliveryKind.TRIGGER, dueTime(c + "|" + group, now), now))
                .toList();
        Map<Severity, List<Delivery>> escalations = new EnumMap<>(Severity.class);
        for (Severity before : Severity.values()) {
            if (planned.severity().isMoreUrgentThan(before)) {
                List<String> notified = channels(planned, before, DeliveryKind.TRIGGER);
                escalations.put(
                        before,
                        triggers.stream()
                                .filter(d -> !notified.contains(d.channel()))
                                .toList());
            }
        }
        return new RaisePlan(planned, triggers, escalations);
    }

    /** Remembers the group due times of the triggers the store wrote for a plan. */
    void remember(RaisePlan plan, AlertUpsert result, Instant now) {
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

    private Instant dueTime(String groupChannel, Instant now) {
        if (settings.groupWait().isZero()) {
            return now;
        }
        Instant existing = groupDue.get(groupChannel);
        return existing != null && existing.isAfter(now) ? existing : now.plus(settings.groupWait());
    }

    /** The grouping key: the values of the {@code groupBy} labels. */
    String groupKey(AlertRecord alert) {
        Map<String, String> labels = alert.matchLabels();
        return settings.groupBy().stream()
                .map(k -> k + "=" + labels.getOrDefault(k, ""))
                .collect(Collectors.joining(","));
    }

    /** The channels an alert routes to that accept this kind. */
    List<String> channels(AlertRecord alert, DeliveryKind kind) {
        return channels(alert, alert.severity(), kind);
    }

    /** The channels an alert would route to at {@code severity} that accept this kind. */
    private List<String> channels(AlertRecord alert, Severity severity, DeliveryKind kind) {
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
        List<String> accepting = channels.stream().filter(c -> accepts(c, kind)).toList();
        return aroundCause(alert.component(), accepting, kind);
    }

    /** Drops the channels that depend on the alert's component; see the class comment. */
    private List<String> aroundCause(@Nullable String component, List<String> channels, DeliveryKind kind) {
        if (component == null || dependencies.isEmpty()) {
            return channels;
        }
        List<String> usable =
                channels.stream().filter(c -> !dependsOn(c, component)).toList();
        if (!usable.isEmpty() || channels.isEmpty()) {
            return usable;
        }
        String fallback = settings.fallbackChannel();
        if (fallback != null && !dependsOn(fallback, component) && accepts(fallback, kind)) {
            return List.of(fallback);
        }
        return channels;
    }

    private boolean dependsOn(String channel, String component) {
        return dependencies.getOrDefault(channel, Set.of()).contains(component);
    }

    /** New deliveries, due now, of an alert to those of the channels that accept this kind. */
    List<Delivery> deliveries(String alertId, Collection<String> channels, DeliveryKind kind, Instant now) {
        return channels.stream()
                .filter(c -> accepts(c, kind))
                .map(c -> delivery(alertId, c, kind, now, now))
                .toList();
    }

    private boolean accepts(String channel, DeliveryKind kind) {
        Notifier n = notifiers.get(channel);
        return n != null && n.supportedKinds().contains(kind);
    }

    private static Delivery delivery(String alertId, String channel, DeliveryKind kind, Instant due, Instant now) {
        Delivery d = Delivery.pending(UUID.randomUUID().toString(), alertId, channel, kind, now);
        return due.equals(now) ? d : d.deferred(due);
    }

    /** Why the alert is suppressed now ({@code silence:<id>} or {@code inhibited:<id>}), or null. */
    @Nullable
    String suppression(AlertRecord candidate, Instant now) {
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
}
