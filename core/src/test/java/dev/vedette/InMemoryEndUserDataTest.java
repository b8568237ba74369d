package dev.vedette;

import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.test.EndUserDataContractTest;

class InMemoryEndUserDataTest extends EndUserDataContractTest {
    @Override
    protected Store newStore() {
        return new InMemoryStore();
    }
}
