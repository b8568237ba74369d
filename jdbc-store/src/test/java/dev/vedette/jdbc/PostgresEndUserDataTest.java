package dev.vedette.jdbc;

import dev.vedette.store.Store;
import dev.vedette.test.EndUserDataContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresEndUserDataTest extends EndUserDataContractTest {
    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension(TestDatabase.Kind.POSTGRES);

    @Override
    protected Store newStore() {
        return db.emptyStore();
    }
}
