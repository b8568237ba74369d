package dev.vedette.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What this JVM knows of the customer sketches in the database: per (sketch, block of days) a lower bound
 * of every register's rank, so that a write whose rank is not above it skips the upsert. Values
 * enter only from committed rows (read in a write's transaction before it upserts) or after the
 * write that stored them has committed ({@link #remember}), so the cache never claims more than the
 * database holds. Bounded: the least recently used days are dropped.
 */
final class SketchCache {
    /** (block, sketch) entries kept, 2 KB each: a few weeks of blocks of every span and sketch. */
    static final int MAX_ENTRIES = 512;

    private record Key(String sketch, int spanDays, long dayStart) {}

    /** Ranks that a transaction upserted and that become known once it has committed. */
    static final class Pending {
        private final List<FigureDelta.RegisterKey> keys = new ArrayList<>();
        private final List<Integer> ranks = new ArrayList<>();

        void add(FigureDelta.RegisterKey key, int rank) {
            keys.add(key);
            ranks.add(rank);
        }

        /** Forgets what an attempt that was rolled back wrote. */
        void clear() {
            keys.clear();
            ranks.clear();
        }
    }

    private final LinkedHashMap<Key, byte[]> known = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The known ranks of a day's sketch, or null if this JVM has not read it yet. */
    synchronized byte @Nullable [] get(String sketch, int spanDays, long dayStart) {
        byte[] ranks = known.get(new Key(sketch, spanDays, dayStart));
        return ranks == null ? null : ranks.clone();
    }

    /** Records committed ranks read from the database, keeping any higher rank already known. */
    synchronized void load(String sketch, int spanDays, long dayStart, byte[] ranks) {
        byte[] current = known.computeIfAbsent(new Key(sketch, spanDays, dayStart), k -> new byte[ranks.length]);
        for (int i = 0; i < ranks.length; i++) {
            current[i] = (byte) Math.max(current[i], ranks[i]);
        }
    }

    /** Records what a committed write stored, for the days this JVM already knows. */
    synchronized void remember(Pending pending) {
        for (int i = 0; i < pending.keys.size(); i++) {
            FigureDelta.RegisterKey k = pending.keys.get(i);
            byte[] ranks = known.get(new Key(k.sketch(), k.spanDays(), k.dayStart()));
            if (ranks != null) {
                ranks[k.register()] = (byte) Math.max(ranks[k.register()], pending.ranks.get(i));
            }
        }
    }
}
