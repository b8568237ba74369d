package dev.vedette.jdbc;

import dev.vedette.store.Store;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One fresh database of a kind for a whole test class (created before its first test, dropped after
 * its last), and an empty {@link JdbcStore} on it for each test: what the contract suites need.
 */
final class DatabaseExtension implements BeforeAllCallback, AfterAllCallback {
    private final TestDatabase.Kind kind;
    private TestDatabase db;

    DatabaseExtension(TestDatabase.Kind kind) {
        this.kind = kind;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        db = TestDatabase.create(kind);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (db != null) {
            db.close();
        }
    }

    /** A store on the class's database, its tables emptied. */
    Store emptyStore() {
        JdbcStore store = JdbcStore.builder().dataSource(db.dataSource()).build();
        db.clear(JdbcStore.DEFAULT_TABLE_PREFIX);
        return store;
    }
}
