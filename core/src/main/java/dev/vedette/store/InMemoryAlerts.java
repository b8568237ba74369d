package dev.vedette.store;

import static dev.vedette.store.InMemoryPages.page;

import dev.vedette.internal.Validate;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.Silence;
import dev.vedette.model.StoredReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The alerts, deliveries, silences and reports of an {@link InMemoryStore}: raises and updates apply
 * the pure {@link AlertMerge} under the store's lock, deliveries are claimed and recorded by owner, a
 * report is planned with its deliveries at most once, and alerts and reports take their part in
 * purge (alerts in erasure too).
 */
final class InMemoryAlerts {
    private final Object lock;
    private final LinkedHashMap<String, AlertRecord> alerts = new LinkedHashMap<>();
    private final LinkedHashMap<String, Delivery> deliveries = new LinkedHashMap<>();
    private final LinkedHashMap<String, Silence> silences = new LinkedHashMap<>();
    private final LinkedHashMap<String, StoredReport> reports = new LinkedHashMap<>();

    InMemoryAlerts(Object lock) {
        this.lock = lock;
    }

    AlertUpsert raiseAlert(RaisePlan plan) {
        synchronized (lock) {
            AlertRecord active = alerts.values().stream()
                    .filter(a -> a.status().isActive()
                            && a.dedupKey().equals(plan.candidate().dedupKey()))
                    .findFirst()
                    .orElse(null);
            AlertUpsert result = AlertMerge.raise(active, plan);
            alerts.put(result.alert().id(), result.alert());
            result.deliveries().forEach(d -> deliveries.put(d.id(), d));
            return result;
        }
    }

    Optional<AlertUpsert> updateAlert(String id, UnaryOperator<AlertRecord> change, List<Delivery> planned) {
        synchronized (lock) {
            AlertRecord current = alerts.get(id);
            Optional<AlertUpsert> result =
                    current == null ? Optional.empty() : AlertMerge.update(current, change, planned);
            result.ifPresent(r -> {
                alerts.put(id, r.alert());
                r.deliveries().forEach(d -> deliveries.put(d.id(), d));
            });
            return result;
        }
    }

    void upsert(List<AlertRecord> list, List<Delivery> planned) {
        synchronized (lock) {
            list.forEach(a -> alerts.put(a.id(), a));
            planned.forEach(d -> deliveries.put(d.id(), d));
        }
    }

    Optional<AlertRecord> alert(String id) {
        synchronized (lock) {
            return Optional.ofNullable(alerts.get(id));
        }
    }

    Page<AlertRecord> searchAlerts(AlertQuery q) {
        Cursor cursor = q.after() == null ? null : Cursor.decode(q.after());
        List<AlertRecord> matches;
        synchronized (lock) {
            matches = alerts.values().stream()
                    .filter(a -> (q.statuses().isEmpty() || q.statuses().contains(a.status()))
                            && (q.severities().isEmpty() || q.severities().contains(a.severity()))
                            && (q.component() == null || q.component().equals(a.component()))
                            && (q.from() == null || !a.lastSeen().isBefore(q.from()))
                            && (q.to() == null || a.lastSeen().isBefore(q.to()))
                            && (cursor == null || cursor.precedes(a.lastSeen(), a.id())))
                    .toList();
        }
        return page(matches, AlertRecord::lastSeen, AlertRecord::id, q.limit());
    }

    void insertDeliveries(List<Delivery> list) {
        synchronized (lock) {
            list.forEach(d -> deliveries.put(d.id(), d));
        }
    }

    List<Delivery> claimDueDeliveries(Instant now, int limit, String owner, Instant claimUntil) {
        Validate.atLeast("limit", limit, 1);
        synchronized (lock) {
            List<Delivery> due = deliveries.values().stream()
                    .filter(d -> d.isClaimable(now))
                    .sorted(Comparator.comparing(Delivery::nextAttemptAt).thenComparing(Delivery::createdAt))
                    .limit(limit)
                    .toList();
            List<Delivery> claimed = new ArrayList<>(due.size());
            for (Delivery d : due) {
                Delivery c = d.claimed(owner, claimUntil);
                deliveries.put(c.id(), c);
                claimed.add(c);
            }
            return claimed;
        }
    }

    boolean recordAttempt(Delivery attempted, String owner) {
        synchronized (lock) {
            Delivery current = deliveries.get(attempted.id());
            if (current == null || !owner.equals(current.claimedBy())) {
                return false;
            }
            deliveries.put(attempted.id(), attempted);
            return true;
        }
    }

    List<Delivery> deliveries(String alertId) {
        synchronized (lock) {
            return deliveries.values().stream()
                    .filter(d -> d.alertId().equals(alertId))
                    .sorted(Comparator.comparing(Delivery::createdAt))
                    .toList();
        }
    }

    Map<DeliveryState, Long> deliveryCounts() {
        EnumMap<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
        synchronized (lock) {
            for (Delivery d : deliveries.values()) {
                counts.merge(d.state(), 1L, Long::sum);
            }
        }
        return counts;
    }

    void saveSilence(Silence silence) {
        synchronized (lock) {
            silences.put(silence.id(), silence);
        }
    }

    List<Silence> silences(Instant now) {
        synchronized (lock) {
            return silences.values().stream()
                    .filter(s -> s.endsAt().isAfter(now))
                    .sorted(Comparator.comparing(Silence::startsAt).thenComparing(Silence::id))
                    .toList();
        }
    }

    boolean deleteSilence(String id) {
        synchronized (lock) {
            return silences.remove(id) != null;
        }
    }

    boolean planReport(StoredReport report, List<Delivery> planned) {
        Validate.notNull("report", report);
        Validate.notNull("deliveries", planned);
        synchronized (lock) {
            if (reports.putIfAbsent(report.id(), report) != null) {
                return false;
            }
            planned.forEach(d -> deliveries.put(d.id(), d));
            return true;
        }
    }

    Optional<StoredReport> report(String id) {
        synchronized (lock) {
            return Optional.ofNullable(reports.get(id));
        }
    }

    Page<StoredReport> reports(int limit, @Nullable String after) {
        Validate.atLeast("limit", limit, 1);
        Cursor cursor = after == null ? null : Cursor.decode(after);
        List<StoredReport> matches;
        synchronized (lock) {
            matches = reports.values().stream()
                    .filter(r -> cursor == null || cursor.precedes(r.createdAt(), r.id()))
                    .toList();
        }
        return page(matches, StoredReport::createdAt, StoredReport::id, limit);
    }

    /**
     * Removes the alerts resolved before {@code cutoff}, and the reports created before it, whose
     * deliveries are all final, with those deliveries; the caller holds the lock.
     */
    long purge(Instant cutoff) {
        long deleted = 0;
        Iterator<StoredReport> reportIt = reports.values().iterator();
        while (reportIt.hasNext()) {
            StoredReport r = reportIt.next();
            long removed = r.createdAt().isBefore(cutoff) ? removeFinalDeliveries(r.id()) : -1;
            if (removed >= 0) {
                reportIt.remove();
                deleted += 1 + removed;
            }
        }
        Iterator<AlertRecord> alertIt = alerts.values().iterator();
        while (alertIt.hasNext()) {
            AlertRecord a = alertIt.next();
            long removed = a.status() == AlertStatus.RESOLVED
                            && a.resolvedAt() != null
                            && a.resolvedAt().isBefore(cutoff)
                    ? removeFinalDeliveries(a.id())
                    : -1;
            if (removed >= 0) {
                alertIt.remove();
                deleted += 1 + removed;
            }
        }
        return deleted;
    }

    /** Removes the deliveries of {@code ownerId} if all are final: how many, or -1 if some are not final. */
    private long removeFinalDeliveries(String ownerId) {
        if (!deliveries.values().stream()
                .filter(d -> d.alertId().equals(ownerId))
                .allMatch(d -> d.state().isFinal())) {
            return -1;
        }
        int n = deliveries.size();
        deliveries.values().removeIf(d -> d.alertId().equals(ownerId));
        return n - deliveries.size();
    }

    /** Erases a customer from the alerts; the caller holds the lock. */
    long erase(Erasure e) {
        long changed = 0;
        for (Map.Entry<String, AlertRecord> entry : alerts.entrySet()) {
            AlertRecord a = entry.getValue();
            AlertRecord erased = e.alert(a);
            if (!erased.equals(a)) {
                entry.setValue(erased);
                changed++;
            }
        }
        return changed;
    }
}
