package dev.vedette.jdbc;

import dev.vedette.store.Store;
import dev.vedette.test.EndUserDataContractTest;
import org.junit.jupiter.api.extension.RegisterExtension;

class MariaDbEndUserDataTest extends EndUserDataContractTest {
    @RegisterExtension
    static final DatabaseExtension db = new DatabaseExtension(TestDatabase.Kind.MARIADB);

    @Override
    protected Store newStore() {
        return db.emptyStore();
    }
}
