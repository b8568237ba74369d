package dev.vedette.spring;

import dev.vedette.Monitor;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.Store;
import java.time.Duration;
import java.util.UUID;

/** Checks the starter's tests share. */
final class StarterTests {
    private StarterTests() {}

    /** True if a transaction recorded through the monitor lands in this store. */
    static boolean writesTo(Monitor monitor, Store store) {
        String id = "probe-" + UUID.randomUUID();
        monitor.recordTransaction(
                Transaction.builder(id).status(TransactionStatus.PENDING).build());
        return monitor.flush(Duration.ofSeconds(10)) && store.transaction(id).isPresent();
    }
}
