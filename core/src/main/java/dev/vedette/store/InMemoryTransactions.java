package dev.vedette.store;

import static dev.vedette.store.InMemoryPages.contains;
import static dev.vedette.store.InMemoryPages.page;

import dev.vedette.model.LatencyHistogram;
import dev.vedette.model.Money;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionEvent;
import dev.vedette.model.TransactionStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The transactions of an {@link InMemoryStore} and their timelines: the merged upsert with its
 * bounds, reads, searches and aggregates, and their part of purge and erasure. It guards its state
 * with the store's lock, which the store also holds around a whole write.
 */
final class InMemoryTransactions {
    private final Object lock;
    private final int maxTransactions;
    private final int maxEventsPerTransaction;
    private final Clock clock;
    private final LinkedHashMap<String, StoredTransaction> transactions = new LinkedHashMap<>();
    private final HashMap<String, List<TransactionEvent>> timelines = new HashMap<>();
    private long evicted;

    InMemoryTransactions(Object lock, int maxTransactions, int maxEventsPerTransaction, Clock clock) {
        this.lock = lock;
        this.maxTransactions = maxTransactions;
        this.maxEventsPerTransaction = maxEventsPerTransaction;
        this.clock = clock;
    }

    /** Applies one observation; the caller holds the lock. */
    TransactionChange upsert(Transaction t) {
        Instant at = Objects.requireNonNull(t.occurredAt(), "occurredAt");
        StoredTransaction current = transactions.get(t.id());
        StoredTransaction next = TransactionMerge.apply(current, t, clock.instant());
        List<TransactionEvent> timeline = timelines.computeIfAbsent(t.id(), k -> new ArrayList<>());
        timeline.add(new TransactionEvent(next.eventCount(), t, next.updatedAt()));
        if (timeline.size() > maxEventsPerTransaction) {
            timeline.remove(0);
            evicted++;
        }
        transactions.put(t.id(), next);
        while (transactions.size() > maxTransactions) {
            Iterator<String> oldest = transactions.keySet().iterator();
            String id = oldest.next();
            oldest.remove();
            timelines.remove(id);
            evicted++;
        }
        return new TransactionChange(t, current, next);
    }

    Optional<StoredTransaction> transaction(String id) {
        synchronized (lock) {
            StoredTransaction t = transactions.get(id);
            if (t == null) {
                return Optional.empty();
            }
            List<TransactionEvent> timeline = new ArrayList<>(timelines.getOrDefault(id, List.of()));
            timeline.sort(
                    Comparator.comparing((TransactionEvent e) -> e.observation().occurredAt())
                            .thenComparingLong(TransactionEvent::sequence));
            return Optional.of(t.withTimeline(timeline));
        }
    }

    Page<StoredTransaction> searchTransactions(TransactionQuery q) {
        Cursor after = q.afterCursor();
        String text = q.text() == null ? null : q.text().toLowerCase(Locale.ROOT);
        Predicate<StoredTransaction> filter = t -> (q.statuses().isEmpty()
                        || q.statuses().contains(t.status()))
                && (q.customerEmail() == null || q.customerEmail().equalsIgnoreCase(t.customerEmail()))
                && (q.provider() == null || q.provider().equals(t.provider()))
                && (q.providerId() == null
                        || q.providerId().equals(t.providerOrderId())
                        || q.providerId().equals(t.providerPaymentId()))
                && (q.paymentMethod() == null || q.paymentMethod().equals(t.paymentMethod()))
                && (q.currency() == null
                        || (t.money() != null && q.currency().equals(t.money().currency())))
                && (q.minAmount() == null
                        || (t.money() != null && t.money().amount().compareTo(q.minAmount()) >= 0))
                && (q.maxAmount() == null
                        || (t.money() != null && t.money().amount().compareTo(q.maxAmount()) <= 0))
                && (q.from() == null || !t.createdAt().isBefore(q.from()))
                && (q.to() == null || t.createdAt().isBefore(q.to()))
                && (text == null || contains(t.errorCode(), text) || contains(t.errorMessage(), text))
                && (after == null || after.precedes(t.createdAt(), t.id()));
        List<StoredTransaction> matches;
        synchronized (lock) {
            matches = transactions.values().stream().filter(filter).toList();
        }
        return page(matches, StoredTransaction::createdAt, StoredTransaction::id, q.limit());
    }

    private record GroupKey(
            @Nullable Instant bucket,
            @Nullable Currency currency,
            @Nullable TransactionStatus status,
            @Nullable String provider,
            @Nullable String method) {}

    List<AggregateRow> aggregate(AggregateQuery q) {
        Map<GroupKey, long[]> counts = new LinkedHashMap<>();
        Map<GroupKey, BigDecimal> sums = new HashMap<>();
        Map<GroupKey, LatencyHistogram> latencies = new HashMap<>();
        synchronized (lock) {
            for (StoredTransaction t : transactions.values()) {
                if (t.createdAt().isBefore(q.from()) || !t.createdAt().isBefore(q.to())) {
                    continue;
                }
                Money money = t.money();
                GroupKey key = new GroupKey(
                        q.bucket() == null ? null : q.bucket().start(t.createdAt(), q.zone()),
                        money == null ? null : money.currency(),
                        q.groupBy().contains(Dimension.STATUS) ? t.status() : null,
                        q.groupBy().contains(Dimension.PROVIDER) ? t.provider() : null,
                        q.groupBy().contains(Dimension.PAYMENT_METHOD) ? t.paymentMethod() : null);
                counts.computeIfAbsent(key, k -> new long[1])[0]++;
                sums.merge(key, money == null ? BigDecimal.ZERO : money.amount(), BigDecimal::add);
                LatencyHistogram h = latencies.getOrDefault(key, LatencyHistogram.empty());
                latencies.put(key, t.latency() == null || !q.latency() ? h : h.with(t.latency()));
            }
        }
        List<AggregateRow> rows = new ArrayList<>();
        counts.forEach((k, n) -> rows.add(new AggregateRow(
                k.bucket(), k.currency(), k.status(), k.provider(), k.method(), n[0], sums.get(k), latencies.get(k))));
        return rows;
    }

    TransactionFigures figures(FiguresQuery q) {
        FiguresTally tally = new FiguresTally(q);
        synchronized (lock) {
            transactions.values().forEach(tally::add);
        }
        return tally.figures();
    }

    /** Removes the transactions last seen before {@code cutoff}; the caller holds the lock. */
    long purge(Instant cutoff) {
        long deleted = 0;
        Iterator<StoredTransaction> it = transactions.values().iterator();
        while (it.hasNext()) {
            StoredTransaction t = it.next();
            if (t.lastEventAt().isBefore(cutoff)) {
                it.remove();
                List<TransactionEvent> timeline = timelines.remove(t.id());
                deleted += 1 + (timeline == null ? 0 : timeline.size());
            }
        }
        return deleted;
    }

    /** Erases a customer from the transactions and timelines; the caller holds the lock. */
    long erase(Erasure e) {
        long changed = 0;
        for (Map.Entry<String, StoredTransaction> entry : transactions.entrySet()) {
            StoredTransaction t = entry.getValue();
            StoredTransaction erased = e.transaction(t);
            if (!erased.equals(t)) {
                entry.setValue(erased);
                changed++;
            }
            List<TransactionEvent> timeline = timelines.get(entry.getKey());
            if (timeline != null) {
                for (int i = 0; i < timeline.size(); i++) {
                    TransactionEvent ev = timeline.get(i);
                    Transaction obs = e.observation(ev.observation());
                    if (obs != ev.observation()) {
                        timeline.set(i, new TransactionEvent(ev.sequence(), obs, ev.recordedAt()));
                        changed++;
                    }
                }
            }
        }
        return changed;
    }

    /** Entries evicted by a bound; the caller holds the lock. */
    long evicted() {
        return evicted;
    }

    /** Transactions stored now; the caller holds the lock. */
    int size() {
        return transactions.size();
    }
}
