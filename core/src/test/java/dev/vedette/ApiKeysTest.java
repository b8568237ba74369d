package dev.vedette;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.ApiKey;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private static Monitor monitor(InMemoryStore store, TestClock clock) {
        return Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .apiKeyRefresh(Duration.ofSeconds(30))
                .build();
    }

    @Test
    void aCreatedKeyIsStoredOnlyAsItsHashAndAuthenticatesUntilRevoked() {
        InMemoryStore store = new InMemoryStore();
        try (Monitor m = monitor(store, new TestClock(NOW))) {
            ApiKeys.Created created = m.apiKeys().create("checkout", ApiKey.Scope.INGEST, "ada");

            assertThat(created.key()).matches("vk_[A-Za-z0-9]{8}_[A-Za-z0-9]{32}");
            assertThat(created.key()).startsWith(created.apiKey().prefix() + "_");
            assertThat(created.toString()).doesNotContain(created.key().substring(12));
            assertThat(store.apiKeys()).singleElement().satisfies(k -> {
                assertThat(k.sha256()).isEqualTo(ApiKeys.sha256(created.key()));
                assertThat(k.toString()).doesNotContain(created.key().substring(12));
            });
            assertThat(m.apiKeys().authenticate(created.key())).contains(created.apiKey());
            assertThat(m.apiKeys().authenticate(created.key() + "x")).isEmpty();
            assertThat(m.apiKeys().authenticate(null)).isEmpty();

            assertThat(m.apiKeys().revoke(created.apiKey().id(), "bob")).hasValueSatisfying(k -> {
                assertThat(k.revokedBy()).isEqualTo("bob");
                assertThat(k.revokedAt()).isEqualTo(NOW);
            });
            assertThat(m.apiKeys().authenticate(created.key())).isEmpty();
            assertThat(m.audit(10, null).items())
                    .extracting(a -> a.action() + " " + a.target())
                    .contains(
                            "apikey.create " + created.apiKey().prefix(),
                            "apikey.revoke " + created.apiKey().prefix());
            assertThat(m.apiKeys().revoke("Unknown1", "bob")).isEmpty();
        }
    }

    @Test
    void aKeyCreatedOrRevokedByAnotherMonitorOnTheSameStoreCountsAfterTheRefreshInterval() {
        InMemoryStore store = new InMemoryStore();
        TestClock clock = new TestClock(NOW);
        try (Monitor a = monitor(store, clock);
                Monitor b = monitor(store, clock)) {
            ApiKeys.Created created = a.apiKeys().create("worker", ApiKey.Scope.ADMIN, "ada");
            clock.advance(Duration.ofSeconds(2));
            assertThat(b.apiKeys().authenticate(created.key()))
                    .as("an unknown key re-reads at once")
                    .isPresent();

            a.apiKeys().revoke(created.apiKey().id(), "ada");
            assertThat(b.apiKeys().authenticate(created.key()))
                    .as("b's copy is 2 s old")
                    .isPresent();
            clock.advance(Duration.ofSeconds(30));
            assertThat(b.apiKeys().authenticate(created.key())).isEmpty();
        }
    }

    @Test
    void configuredKeysComeFromTheKeyOrItsHashAndCannotBeRevokedHere() {
        try (Monitor m = monitor(new InMemoryStore(), new TestClock(NOW))) {
            String plain = "vk_Conf0001_abcdefghijklmnopqrstuvwxyz012345";
            String other = "vk_Conf0002_abcdefghijklmnopqrstuvwxyz012345";
            ApiKey byKey = m.apiKeys().configure("env", ApiKey.Scope.INGEST, plain, null);
            ApiKey byHash = m.apiKeys()
                    .configure(
                            "hashed",
                            ApiKey.Scope.ADMIN,
                            null,
                            ApiKeys.sha256(other).toUpperCase());

            assertThat(byKey.id()).isEqualTo("Conf0001");
            assertThat(byHash.id()).isEqualTo(ApiKeys.sha256(other).substring(0, 8));
            assertThat(m.apiKeys().authenticate(plain)).contains(byKey);
            assertThat(m.apiKeys().authenticate(other)).contains(byHash);
            assertThat(m.apiKeys().list()).containsExactly(byKey, byHash);
            assertThat(m.apiKeys().isConfigured("Conf0001")).isTrue();
            assertThatThrownBy(() -> m.apiKeys().revoke("Conf0001", "ada"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("configuration");
            assertThatThrownBy(() -> m.apiKeys().configure("short", ApiKey.Scope.INGEST, "secret-but-short", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("secret-but-short");
            assertThatThrownBy(() -> m.apiKeys().configure("both", ApiKey.Scope.INGEST, plain, ApiKeys.sha256(plain)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exactly one");
            assertThatThrownBy(() -> ApiKey.Scope.of("root")).hasMessage("scope must be ingest or admin, was 'root'");
        }
    }
}
