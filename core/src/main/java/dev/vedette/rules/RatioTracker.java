package dev.vedette.rules;

import dev.vedette.model.Alert;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The state of a ratio rule (failures of attempts, refunds of orders): per group key, a window of
 * two counters (hits and volume), and the keys it has alerts open for. Fires when volume reaches
 * the minimum and hits/volume is above the threshold; clears otherwise. Not thread-safe: the owning
 * rule synchronises.
 */
final class RatioTracker {
    static final int HITS = 0;
    static final int VOLUME = 1;

    /** Builds the alert for a key whose ratio crossed the threshold. */
    interface AlertFactory {
        Alert alert(String key, String dedupKey, long hits, long volume);
    }

    private final String name;
    private final double threshold;
    private final long minVolume;
    private final KeyedWindows windows;
    private final Firing firing;
    private final Set<String> touched = new LinkedHashSet<>();

    /** Counters per bucket in the windows a tracker is given. */
    static final int WIDTH = 2;

    RatioTracker(String name, double threshold, long minVolume, KeyedWindows windows) {
        this.name = name;
        this.threshold = threshold;
        this.minVolume = minVolume;
        this.windows = windows;
        this.firing = new Firing("rule:" + name);
    }

    void add(String key, Instant at, Instant now, boolean hit, boolean volume) {
        WindowCounter w = windows.window(key);
        if (w.add(at, now, VOLUME, volume ? 1 : 0)) {
            if (hit) {
                w.add(at, now, HITS, 1);
            }
            touched.add(key);
        }
    }

    /** Takes back what {@link #add} counted for this key at this time, if its bucket is still in the window. */
    void remove(String key, Instant at, Instant now, boolean hit, boolean volume) {
        WindowCounter w = windows.get(key);
        if (w == null) {
            return;
        }
        boolean changed = volume && w.subtract(at, now, VOLUME, 1);
        if (hit) {
            changed |= w.subtract(at, now, HITS, 1);
        }
        if (changed) {
            touched.add(key);
        }
    }

    String dedupKey(String key) {
        return key.isEmpty() ? "rule:" + name : "rule:" + name + ":" + RuleSupport.keyPart(key);
    }

    /** Evaluates the keys touched since the last call and every firing key. */
    void evaluate(RuleContext ctx, AlertFactory factory) {
        Instant now = ctx.now();
        Set<String> keys = new LinkedHashSet<>(touched);
        touched.clear();
        Map<String, String> open = firing.subjects();
        keys.addAll(open.values());
        for (String key : keys) {
            check(ctx, key, now, factory);
        }
    }

    /** Evaluates the firing keys (time may have drained them) and drops drained windows. */
    void evaluateFiring(RuleContext ctx, AlertFactory factory) {
        Instant now = ctx.now();
        Collection<String> keys = firing.subjects().values();
        for (String key : keys) {
            check(ctx, key, now, factory);
        }
        windows.prune(now);
    }

    private void check(RuleContext ctx, String key, Instant now, AlertFactory factory) {
        WindowCounter w = windows.get(key);
        long hits = w == null ? 0 : w.sum(now, HITS);
        long volume = w == null ? 0 : w.sum(now, VOLUME);
        String dedupKey = dedupKey(key);
        if (volume >= minVolume && volume > 0 && (double) hits / volume > threshold) {
            firing.raise(ctx, factory.alert(key, dedupKey, hits, volume), key);
        } else {
            firing.resolve(ctx, dedupKey);
        }
    }

    long[] counts(String key, Instant now) {
        WindowCounter w = windows.get(key);
        return w == null ? new long[2] : w.sums(now, 0, 2);
    }
}
