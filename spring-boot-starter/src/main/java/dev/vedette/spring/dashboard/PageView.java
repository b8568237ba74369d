package dev.vedette.spring.dashboard;

import dev.vedette.store.Page;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One keyset page of a dashboard list: {@code {items, nextCursor}}, the cursor null on the last page.
 *
 * @param items the page's items, newest first
 * @param nextCursor the {@code after} value for the next page, or null
 * @param <T> item view
 */
public record PageView<T>(List<T> items, @Nullable String nextCursor) {
    static <S, T> PageView<T> of(Page<S> page, Function<S, T> view) {
        return new PageView<>(page.items().stream().map(view).toList(), page.nextCursor());
    }
}
