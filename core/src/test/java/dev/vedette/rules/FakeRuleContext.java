package dev.vedette.rules;

import dev.vedette.internal.runtime.StoreBackedRuleContext;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Transaction;
import dev.vedette.model.WrittenBatch;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.store.WriteBatch;
import dev.vedette.store.WriteResult;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A rule context that collects what rules raise and resolve, over a real in-memory store. */
final class FakeRuleContext extends StoreBackedRuleContext {
    final TestClock clock;
    final Store store;
    final List<Alert> raised = new ArrayList<>();
    final List<String> resolved = new ArrayList<>();
    final Map<String, Alert> active = new LinkedHashMap<>();

    FakeRuleContext(Instant start) {
        this(start, new InMemoryStore());
    }

    FakeRuleContext(Instant start, Store store) {
        this(new TestClock(start), store);
    }

    private FakeRuleContext(TestClock clock, Store store) {
        super(store, clock);
        this.clock = clock;
        this.store = store;
    }

    @Override
    public Optional<AlertRecord> raise(Alert alert) {
        raised.add(alert);
        active.put(alert.dedupKey(), alert);
        Instant now = clock.instant();
        return Optional.of(new AlertRecord(
                "a" + raised.size(),
                alert.dedupKey(),
                alert.severity(),
                alert.title(),
                alert.message(),
                alert.component(),
                new TreeMap<>(alert.labels()),
                alert.source(),
                AlertStatus.OPEN,
                1,
                now,
                now,
                null,
                null,
                null,
                null,
                null,
                null));
    }

    @Override
    public void resolve(String dedupKey) {
        resolved.add(dedupKey);
        active.remove(dedupKey);
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    /** Hands the transactions to the rule as one written batch (and writes them to the store). */
    void feed(Rule rule, Transaction... transactions) {
        WriteBatch batch = WriteBatch.ofTransactions(List.of(transactions));
        WriteResult result = store.write(batch);
        rule.onBatch(WrittenBatch.ofTransactions(result.transactionsOf(batch)), this);
    }
}
