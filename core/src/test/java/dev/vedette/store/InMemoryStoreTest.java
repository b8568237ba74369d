package dev.vedette.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionEvent;
import dev.vedette.model.TransactionStatus;
import dev.vedette.test.StoreContractTest;
import org.junit.jupiter.api.Test;

class InMemoryStoreTest extends StoreContractTest {

    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }

    @Test
    void oldestTransactionsAreEvictedAtTheBoundAndCounted() {
        InMemoryStore small = InMemoryStore.builder().maxTransactions(3).build();
        for (int i = 0; i < 5; i++) {
            small.write(WriteBatch.ofTransactions(
                    java.util.List.of(txn("t" + i, TransactionStatus.PENDING, i).build())));
        }

        assertThat(small.transaction("t0")).isEmpty();
        assertThat(small.transaction("t1")).isEmpty();
        assertThat(small.transaction("t4")).isPresent();
        assertThat(small.counters()).containsEntry("evicted", 2L).containsEntry("transactions", 3L);
    }

    @Test
    void timelineOfOneTransactionIsBounded() {
        InMemoryStore small = InMemoryStore.builder().maxEventsPerTransaction(3).build();
        for (int i = 0; i < 5; i++) {
            small.write(WriteBatch.ofTransactions(
                    java.util.List.of(txn("t", TransactionStatus.PENDING, i).build())));
        }
        StoredTransaction t = small.transaction("t").orElseThrow();
        assertThat(t.eventCount()).isEqualTo(5);
        assertThat(t.timeline()).extracting(TransactionEvent::sequence).containsExactly(3L, 4L, 5L);
        assertThat(small.counters()).containsEntry("evicted", 2L);
    }

    @Test
    void boundsMustBePositive() {
        assertThatThrownBy(() -> InMemoryStore.builder().maxTransactions(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTransactions must be at least 1, was 0");
    }
}
