package dev.vedette.jdbc;

import dev.vedette.store.Store;
import dev.vedette.test.StoreContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2StoreContractTest extends StoreContractTest {
    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension(TestDatabase.Kind.H2);

    @Override
    protected Store newStore() {
        return db.emptyStore();
    }
}
