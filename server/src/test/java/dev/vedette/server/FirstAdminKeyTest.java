package dev.vedette.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.ApiKey;
import dev.vedette.store.InMemoryStore;
import org.junit.jupiter.api.Test;

class FirstAdminKeyTest {

    @Test
    void anEmptyStoreGetsOneAdminKeyAndALaterStartNone() {
        InMemoryStore store = new InMemoryStore();
        try (Monitor first = Monitor.builder().store(store).build()) {
            String key = FirstAdminKey.createIfNone(first.apiKeys()).orElseThrow();

            assertThat(key).matches("vk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}");
            assertThat(first.apiKeys().authenticate(key))
                    .hasValueSatisfying(k -> assertThat(k.scope()).isEqualTo(ApiKey.Scope.ADMIN));
            assertThat(store.apiKeys())
                    .singleElement()
                    .satisfies(k -> assertThat(k.sha256()).isEqualTo(dev.vedette.ApiKeys.sha256(key)))
                    .satisfies(k -> assertThat(k.toString()).doesNotContain(key.substring(12)));
        }
        try (Monitor again = Monitor.builder().store(store).build()) {
            assertThat(FirstAdminKey.createIfNone(again.apiKeys())).isEmpty();
            assertThat(store.apiKeys()).hasSize(1);
        }
    }

    @Test
    void aConfiguredAdminKeyMeansNoneIsCreated() {
        try (Monitor monitor = Monitor.builder().build()) {
            monitor.apiKeys().configure("ops", ApiKey.Scope.ADMIN, "vk_0psK3y00_" + "a".repeat(32), null);

            assertThat(FirstAdminKey.createIfNone(monitor.apiKeys())).isEmpty();
        }
    }

    @Test
    void ingestKeysAndRevokedAdminKeysDoNotCount() {
        try (Monitor monitor = Monitor.builder().build()) {
            monitor.apiKeys().create("checkout", ApiKey.Scope.INGEST, "test");
            var old = monitor.apiKeys().create("old-admin", ApiKey.Scope.ADMIN, "test");
            monitor.apiKeys().revoke(old.apiKey().id(), "test");

            assertThat(FirstAdminKey.createIfNone(monitor.apiKeys())).isPresent();
            assertThat(FirstAdminKey.createIfNone(monitor.apiKeys())).isEmpty();
        }
    }
}
