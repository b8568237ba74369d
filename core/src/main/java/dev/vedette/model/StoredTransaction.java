package dev.vedette.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The current state of a transaction, merged from all its observations by {@link
 * dev.vedette.store.TransactionMerge}, with its timeline when read by id.
 *
 * @param id the host's id
 * @param status the current status
 * @param statusAt the event time of the observation that set {@code status}
 * @param money the amount, if known
 * @param customerEmail personal data
 * @param customerName personal data
 * @param provider payment provider
 * @param providerOrderId provider order id
 * @param providerPaymentId provider payment id
 * @param paymentMethod payment method
 * @param errorCode last error code seen
 * @param errorMessage last error message seen
 * @param attempt highest attempt seen (0 if none given)
 * @param latency latency of the newest observation that measured one
 * @param metadata merged metadata (newer keys win)
 * @param steps named steps seen, sorted
 * @param createdAt event time of the oldest observation
 * @param lastEventAt event time of the newest observation
 * @param completedAt when the status became terminal, or null while pending
 * @param updatedAt when the store last changed this row (arrival time)
 * @param eventCount number of observations on the timeline
 * @param timeline the observations in event-time order; empty in search results
 */
public record StoredTransaction(
        String id,
        TransactionStatus status,
        Instant statusAt,
        @Nullable Money money,
        @Nullable String customerEmail,
        @Nullable String customerName,
        @Nullable String provider,
        @Nullable String providerOrderId,
        @Nullable String providerPaymentId,
        @Nullable String paymentMethod,
        @Nullable String errorCode,
        @Nullable String errorMessage,
        int attempt,
        @Nullable Duration latency,
        Map<String, Object> metadata,
        Set<String> steps,
        Instant createdAt,
        Instant lastEventAt,
        @Nullable Instant completedAt,
        Instant updatedAt,
        int eventCount,
        List<TransactionEvent> timeline) {

    /** Copies the collections. */
    public StoredTransaction {
        metadata = Map.copyOf(metadata);
        steps = Collections.unmodifiableSortedSet(new TreeSet<>(steps));
        timeline = List.copyOf(timeline);
    }

    /**
     * Shows the id, status, amount, provider, times and event count; never the customer's personal
     * data, the error message or the metadata (which may quote it), so a host can log it.
     */
    @Override
    public String toString() {
        return "StoredTransaction[" + id + " " + status + (money == null ? "" : " " + money)
                + (provider == null ? "" : " via " + provider) + " created " + createdAt + " last event "
                + lastEventAt + " events=" + eventCount + "]";
    }

    /** This state without its timeline, as search results carry it. */
    public StoredTransaction withoutTimeline() {
        return timeline.isEmpty() ? this : withTimeline(List.of());
    }

    /** This state with the given timeline. */
    public StoredTransaction withTimeline(List<TransactionEvent> timeline) {
        return new StoredTransaction(
                id,
                status,
                statusAt,
                money,
                customerEmail,
                customerName,
                provider,
                providerOrderId,
                providerPaymentId,
                paymentMethod,
                errorCode,
                errorMessage,
                attempt,
                latency,
                metadata,
                steps,
                createdAt,
                lastEventAt,
                completedAt,
                updatedAt,
                eventCount,
                timeline);
    }
}
