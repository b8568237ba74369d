package dev.vedette.store;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a keyset-paged result.
 *
 * @param items the items of this page, in the query's order
 * @param nextCursor pass to the query's {@code after} to read the next page; null on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {
    /** Copies the items. */
    public Page {
        items = List.copyOf(items);
    }

    /** True if there is a next page. */
    public boolean hasNext() {
        return nextCursor != null;
    }
}
