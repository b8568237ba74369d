package dev.vedette.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The text match and keyset paging that the in-memory store's searches share. */
final class InMemoryPages {
    private InMemoryPages() {}

    /** Whether {@code haystack} contains the lower-cased {@code lowerNeedle}, ignoring case. */
    static boolean contains(@Nullable String haystack, String lowerNeedle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(lowerNeedle);
    }

    /** The first page of {@code items} in (time, key) descending order, with the next cursor. */
    static <T> Page<T> page(List<T> items, Function<T, Instant> time, Function<T, String> key, int limit) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(
                Comparator.comparing(time).thenComparing(key, Cursor.KEY_ORDER).reversed());
        if (sorted.size() <= limit) {
            return new Page<>(sorted, null);
        }
        List<T> pageItems = sorted.subList(0, limit);
        T last = pageItems.get(limit - 1);
        return new Page<>(pageItems, new Cursor(time.apply(last), key.apply(last)).encode());
    }
}
