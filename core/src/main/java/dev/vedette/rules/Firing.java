package dev.vedette.rules;

import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.Page;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dedup keys a rule currently has an alert open for. A rule raises once when its condition
 * starts to hold and resolves once when it clears, so a condition that holds for an hour is one
 * alert, not one occurrence per batch. Not thread-safe: the owning rule synchronises.
 */
final class Firing {
    private final String source;
    /** Dedup key to the subject (group key) the rule raised it for; "" for adopted alerts. */
    private final Map<String, String> keys = new LinkedHashMap<>();

    private boolean seeded;

    Firing(String source) {
        this.source = source;
    }

    /** Raises the alert unless its key is already firing; true if it was raised now. */
    boolean raise(RuleContext ctx, Alert alert, String subject) {
        if (keys.containsKey(alert.dedupKey())) {
            return false;
        }
        Optional<AlertRecord> stored = ctx.raise(alert);
        if (stored.isPresent()) {
            keys.put(alert.dedupKey(), subject);
            return true;
        }
        return false;
    }

    /** Resolves the alert of this key if it is firing; true if it was. */
    boolean resolve(RuleContext ctx, String dedupKey) {
        if (keys.remove(dedupKey) != null) {
            ctx.resolve(dedupKey);
            return true;
        }
        return false;
    }

    boolean isFiring(String dedupKey) {
        return keys.containsKey(dedupKey);
    }

    List<String> keys() {
        return List.copyOf(keys.keySet());
    }

    /** Dedup key to subject, in raise order (a copy). */
    Map<String, String> subjects() {
        return new LinkedHashMap<>(keys);
    }

    /**
     * Once per rule instance, adopts the active alerts this rule's source raised earlier (another
     * instance of the cluster, or this one before a restart), so that a store-backed rule resolves
     * them when the condition is found clear.
     */
    void adoptActive(RuleContext ctx) {
        if (seeded) {
            return;
        }
        seeded = true;
        try {
            Page<AlertRecord> page = ctx.alerts(AlertQuery.active());
            for (int pages = 0; pages < 20; pages++) {
                for (AlertRecord a : page.items()) {
                    if (source.equals(a.source())) {
                        keys.putIfAbsent(a.dedupKey(), "");
                    }
                }
                if (page.nextCursor() == null) {
                    break;
                }
                AlertQuery next = AlertQuery.active();
                page = ctx.alerts(new AlertQuery(
                        next.statuses(), next.severities(), null, null, null, next.limit(), page.nextCursor()));
            }
        } catch (RuntimeException e) {
            seeded = false;
            throw e;
        }
    }
}
