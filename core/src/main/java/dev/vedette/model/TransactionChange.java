package dev.vedette.model;

import org.jspecify.annotations.Nullable;

/**
 * What one transaction observation of a batch did to the stored transaction: the state it was
 * merged into and the state {@link dev.vedette.store.TransactionMerge} made of it. A store hands these back from
 * {@link dev.vedette.store.Store#write} so that rules judge the merged transaction (with its provider, customer and
 * method from earlier steps), never the raw, possibly partial observation.
 *
 * <p>The states carry no timeline. When a batch holds several observations of one id, each change's
 * {@code before} is the previous change's {@code after}; the last {@code after} of an id equals what
 * {@link dev.vedette.store.Store#transaction} reads back once the write has returned (timeline aside).
 *
 * @param observation the observation, as written (stamped with its time, scrubbed)
 * @param before the stored state before this observation, or null if the id was new
 * @param after the stored state after this observation
 */
public record TransactionChange(
        Transaction observation, @Nullable StoredTransaction before, StoredTransaction after) {}
