package dev.vedette.store;

import java.util.List;

/**
 * What a batch write changed that the monitor must react to.
 *
 * @param errorGroupChanges error groups created or re-opened by the batch
 */
public record WriteResult(List<ErrorGroupChange> errorGroupChanges) {
    /** Nothing to react to. */
    public static final WriteResult EMPTY = new WriteResult(List.of());

    /** Copies the list. */
    public WriteResult {
        errorGroupChanges = List.copyOf(errorGroupChanges);
    }
}
