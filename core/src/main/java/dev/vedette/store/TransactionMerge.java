package dev.vedette.store;

import dev.vedette.internal.Metadata;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The upsert rule every store applies when an observation of a known transaction arrives. It is
 * the executable definition of DESIGN §3: ordering is by event time, not arrival.
 *
 * <ul>
 *   <li><b>Status</b>: an observation's status replaces the current one when it is newer than the
 *       observation that set the current status; on equal times it replaces it unless that would
 *       move a terminal status to a pending one; an older observation replaces the status only
 *       when the current one is pending and the older one is terminal (a late "completed" beats a
 *       "pending"). An older observation never moves a terminal status back.
 *   <li><b>Other fields</b>: a non-null field of an observation at least as new as every earlier
 *       one overwrites; an older observation only fills fields that are still empty.
 *   <li><b>Attempt</b>: the highest seen. <b>Steps</b>: the union. <b>Metadata</b>: merged, newer
 *       keys win, at most {@link Metadata#MAX_ENTRIES} keys (extra new keys are ignored). The
 *       {@linkplain Transaction#flags() flags} under {@value Transaction#FLAGS_KEY} are merged by
 *       field (newer notes win) and always kept.
 *   <li><b>Times</b>: {@code createdAt} is the oldest event time, {@code lastEventAt} the newest,
 *       {@code completedAt} the event time at which the current terminal status was set.
 * </ul>
 *
 * <p>A transaction first seen through an observation without a status starts {@code PENDING}.
 */
public final class TransactionMerge {
    private TransactionMerge() {}

    /**
     * Applies one observation.
     *
     * @param current the stored state (its timeline is ignored and not carried), or null if new
     * @param observation the observation; its {@code occurredAt} must be set
     * @param recordedAt the arrival time, becomes {@code updatedAt}
     * @return the new state, without timeline, with {@code eventCount} incremented
     */
    public static StoredTransaction apply(
            @Nullable StoredTransaction current, Transaction observation, Instant recordedAt) {
        Instant at = observation.occurredAt();
        if (at == null) {
            throw new IllegalArgumentException("observation must be stamped with occurredAt: " + observation);
        }
        if (current == null) {
            TransactionStatus status = observation.status() != null ? observation.status() : TransactionStatus.PENDING;
            TreeSet<String> steps = new TreeSet<>();
            if (observation.step() != null) {
                steps.add(observation.step());
            }
            return new StoredTransaction(
                    observation.id(),
                    status,
                    at,
                    observation.money(),
                    observation.customerEmail(),
                    observation.customerName(),
                    observation.provider(),
                    observation.providerOrderId(),
                    observation.providerPaymentId(),
                    observation.paymentMethod(),
                    observation.errorCode(),
                    observation.errorMessage(),
                    observation.attempt(),
                    observation.latency(),
                    observation.metadata(),
                    steps,
                    at,
                    at,
                    status.isTerminal() ? at : null,
                    recordedAt,
                    1,
                    List.of());
        }

        TransactionStatus status = current.status();
        Instant statusAt = current.statusAt();
        Instant completedAt = current.completedAt();
        TransactionStatus incoming = observation.status();
        if (incoming != null && replacesStatus(current.status(), current.statusAt(), incoming, at)) {
            status = incoming;
            statusAt = at;
            completedAt = incoming.isTerminal() ? at : null;
        }

        boolean newest = !at.isBefore(current.lastEventAt());
        TreeSet<String> steps = new TreeSet<>(current.steps());
        if (observation.step() != null) {
            steps.add(observation.step());
        }
        Map<String, Object> metadata = new LinkedHashMap<>(current.metadata());
        observation.metadata().forEach((k, v) -> {
            if (k.equals(Transaction.FLAGS_KEY)) {
                metadata.put(k, mergeFlags(metadata.get(k), observation.flags(), newest));
            } else if (metadata.containsKey(k) ? newest : metadata.size() < Metadata.MAX_ENTRIES) {
                metadata.put(k, v);
            }
        });
        Instant createdAt = at.isBefore(current.createdAt()) ? at : current.createdAt();
        Instant lastEventAt = newest ? at : current.lastEventAt();
        return new StoredTransaction(
                current.id(),
                status,
                statusAt,
                pick(newest, current.money(), observation.money()),
                pick(newest, current.customerEmail(), observation.customerEmail()),
                pick(newest, current.customerName(), observation.customerName()),
                pick(newest, current.provider(), observation.provider()),
                pick(newest, current.providerOrderId(), observation.providerOrderId()),
                pick(newest, current.providerPaymentId(), observation.providerPaymentId()),
                pick(newest, current.paymentMethod(), observation.paymentMethod()),
                pick(newest, current.errorCode(), observation.errorCode()),
                pick(newest, current.errorMessage(), observation.errorMessage()),
                Math.max(current.attempt(), observation.attempt()),
                pick(newest, current.latency(), observation.latency()),
                metadata,
                steps,
                createdAt,
                lastEventAt,
                completedAt,
                recordedAt,
                current.eventCount() + 1,
                List.of());
    }

    /** The status rule alone, for stores that apply it in SQL and want to test their SQL against it. */
    public static boolean replacesStatus(
            TransactionStatus current, Instant currentAt, TransactionStatus incoming, Instant incomingAt) {
        int order = incomingAt.compareTo(currentAt);
        if (order > 0) {
            return true;
        }
        if (order == 0) {
            return !(current.isTerminal() && !incoming.isTerminal());
        }
        return !current.isTerminal() && incoming.isTerminal();
    }

    /** Flags of every observation are kept: per field, the newer observation's note wins. */
    private static Map<String, String> mergeFlags(
            @Nullable Object current, Map<String, String> incoming, boolean newest) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (current instanceof Map<?, ?> m) {
            m.forEach((k, v) -> merged.put(String.valueOf(k), String.valueOf(v)));
        }
        incoming.forEach((k, v) -> {
            if (newest || !merged.containsKey(k)) {
                merged.put(k, v);
            }
        });
        return merged;
    }

    private static <T> @Nullable T pick(boolean newest, @Nullable T current, @Nullable T incoming) {
        if (incoming == null) {
            return current;
        }
        return newest || current == null ? incoming : current;
    }

    /**
     * The change a lone observation of a new id makes. For stores that return no changes: the
     * merged state is then the observation alone.
     */
    public static TransactionChange unmerged(Transaction observation) {
        java.time.Instant at = observation.occurredAt();
        if (at == null) {
            throw new IllegalArgumentException("observation must be stamped with occurredAt: " + observation);
        }
        return new TransactionChange(observation, null, apply(null, observation, at));
    }
}
