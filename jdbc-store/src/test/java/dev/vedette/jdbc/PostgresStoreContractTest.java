package dev.vedette.jdbc;

import dev.vedette.store.Store;
import dev.vedette.test.StoreContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresStoreContractTest extends StoreContractTest {
    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create(TestDatabase.Kind.POSTGRES);
    }

    @AfterAll
    static void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @Override
    protected Store newStore() {
        JdbcStore store = JdbcStore.builder().dataSource(db.dataSource()).build();
        db.clear(JdbcStore.DEFAULT_TABLE_PREFIX);
        return store;
    }
}
