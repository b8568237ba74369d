package dev.vedette.benchmarks;

import dev.vedette.internal.runtime.StoreBackedRuleContext;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WrittenBatch;
import dev.vedette.rules.FailureCountRule;
import dev.vedette.rules.RuleContext;
import dev.vedette.rules.Rules;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.store.TransactionMerge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Retained heap of a per-key rule: a {@link FailureCountRule} (per customer e-mail, 1-hour window)
 * fed one failed payment for each of N distinct customers, then 10× N more customers to show the
 * bound holds. Run with {@code -XX:+UseSerialGC}; args: keys (default 100000).
 */
public final class RuleMemoryHarness {

    /** A context that raises nothing (no key crosses the threshold with one failure). */
    private static final class QuietContext extends StoreBackedRuleContext {
        QuietContext(Clock clock, Store store) {
            super(store, clock);
        }

        @Override
        public Optional<AlertRecord> raise(Alert alert) {
            return Optional.empty();
        }

        @Override
        public void resolve(String dedupKey) {}
    }

    /** The batch as a store would hand it on: each observation merged as a new id. */
    private static WrittenBatch written(List<Transaction> batch) {
        return WrittenBatch.ofTransactions(
                batch.stream().map(TransactionMerge::unmerged).toList());
    }

    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        RuleContext ctx = new QuietContext(Clock.fixed(t0, ZoneOffset.UTC), new InMemoryStore());

        FailureCountRule rule =
                Rules.failureCount().moreThan(3).over(Duration.ofHours(1)).maxKeys(keys);
        long before = BenchSupport.usedHeapAfterGc();
        feed(rule, ctx, t0, 0, keys);
        long after = BenchSupport.usedHeapAfterGc();
        System.out.printf(
                "RULE-MEMORY keys=%d tracked=%d retained=%d bytes perKey=%.0f bytes%n",
                keys, rule.trackedKeys(), after - before, (double) (after - before) / keys);

        feed(rule, ctx, t0, keys, 10L * keys);
        long overload = BenchSupport.usedHeapAfterGc();
        System.out.printf(
                "RULE-MEMORY overload: offered=%d more keys tracked=%d evictions=%d retained=%d bytes%n",
                10L * keys, rule.trackedKeys(), rule.evictions(), overload - before);
    }

    private static void feed(FailureCountRule rule, RuleContext ctx, Instant t0, long from, long count) {
        List<Transaction> batch = new ArrayList<>(500);
        for (long i = from; i < from + count; i++) {
            batch.add(Transaction.builder("t" + i)
                    .status(TransactionStatus.FAILED)
                    .customer("customer" + i + "@example.com", null)
                    .occurredAt(t0)
                    .build());
            if (batch.size() == 500) {
                rule.onBatch(written(batch), ctx);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            rule.onBatch(written(batch), ctx);
        }
    }
}
