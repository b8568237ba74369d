package dev.vedette.server;

import dev.vedette.ApiKeys;
import dev.vedette.model.ApiKey;
import java.util.Optional;

/**
 * Makes sure an empty server can be administered: when neither the store nor the configuration
 * ({@code vedette.ingest.keys}) holds an active {@code admin} key, it creates one, whose plain
 * value is returned once to be printed and is not kept anywhere (the store keeps its SHA-256).
 * On every later start an admin key exists, so nothing is created or shown.
 */
final class FirstAdminKey {
    static final String NAME = "first-admin";
    static final String BY = "vedette-server";

    private FirstAdminKey() {}

    /**
     * The key just created, or empty when an active admin key already exists.
     *
     * @throws RuntimeException if the store cannot be read or written
     */
    static Optional<String> createIfNone(ApiKeys keys) {
        boolean hasAdmin = keys.list().stream().anyMatch(k -> k.active() && k.scope() == ApiKey.Scope.ADMIN);
        if (hasAdmin) {
            return Optional.empty();
        }
        return Optional.of(keys.create(NAME, ApiKey.Scope.ADMIN, BY).key());
    }
}
