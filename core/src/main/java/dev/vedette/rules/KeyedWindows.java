package dev.vedette.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One {@link WindowCounter} per key, at most {@code maxKeys} of them: the least recently used key
 * is evicted when a new one arrives at the limit, and every eviction is counted. Keys whose window
 * has drained are dropped by {@link #prune}. Not thread-safe: the owning rule synchronises.
 */
final class KeyedWindows {
    private final Duration bucket;
    private final int slots;
    private final int width;
    private final int maxKeys;
    private long evictions;
    private final LinkedHashMap<String, WindowCounter> windows;

    KeyedWindows(Duration bucket, int slots, int width, int maxKeys) {
        this.bucket = bucket;
        this.slots = slots;
        this.width = width;
        this.maxKeys = maxKeys;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, WindowCounter> eldest) {
                if (size() > KeyedWindows.this.maxKeys) {
                    evictions++;
                    return true;
                }
                return false;
            }
        };
    }

    /** The window of this key, created if absent (which may evict the least recently used key). */
    WindowCounter window(String key) {
        return windows.computeIfAbsent(key, k -> new WindowCounter(bucket, slots, width));
    }

    /** The window of this key, or null; never creates one. */
    @Nullable
    WindowCounter get(String key) {
        return windows.get(key);
    }

    /** Drops keys whose window holds nothing at {@code now}. */
    void prune(Instant now) {
        windows.values().removeIf(w -> w.isEmpty(now));
    }

    /** The keys held, least recently used first. */
    List<String> keys() {
        return new ArrayList<>(windows.keySet());
    }

    int size() {
        return windows.size();
    }

    long evictions() {
        return evictions;
    }
}
