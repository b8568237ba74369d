package dev.vedette.model;

import dev.vedette.internal.Validate;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An API key of the HTTP ingest API, as stored: never the key itself, only the hex SHA-256 of the
 * whole key ({@code vk_<id>_<secret>}) and the {@link #prefix()} {@code vk_<id>} that tells keys
 * apart. Immutable; a revoked key keeps its row with {@link #revokedAt()} set.
 *
 * @param id the 8 characters after {@code vk_}, unique
 * @param name what the key is for (shown in the dashboard and the audit log), 1 to 128 characters
 * @param scope what the key may do
 * @param sha256 the lower-case hex SHA-256 of the whole key, 64 characters
 * @param createdAt when it was created
 * @param createdBy who created it
 * @param revokedAt when it was revoked, or null while it is valid
 * @param revokedBy who revoked it, or null
 */
public record ApiKey(
        String id,
        String name,
        Scope scope,
        String sha256,
        Instant createdAt,
        String createdBy,
        @Nullable Instant revokedAt,
        @Nullable String revokedBy) {

    /** Length of {@link #id()}. */
    public static final int ID_LENGTH = 8;

    /** What a key may do. */
    public enum Scope {
        /** Every route of the ingest API. */
        INGEST,
        /** The ingest API and the dashboard's JSON API. */
        ADMIN;

        /** The scope by its lower-case name, case-insensitively ({@code "ingest"}, {@code "admin"}). */
        public static Scope of(String name) {
            Validate.notNull("scope", name);
            for (Scope s : values()) {
                if (s.name().equalsIgnoreCase(name.strip())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("scope must be ingest or admin, was '" + Validate.quote(name) + "'");
        }

        /** The lower-case name used in JSON and properties. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if a value is null or malformed
     */
    public ApiKey {
        Validate.notNull("id", id);
        if (!id.matches("[A-Za-z0-9]{" + ID_LENGTH + "}")) {
            throw new IllegalArgumentException(
                    "id must be " + ID_LENGTH + " letters or digits, was '" + Validate.quote(id) + "'");
        }
        name = Validate.identifier("name", name, 128);
        Validate.notNull("scope", scope);
        Validate.notNull("sha256", sha256);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException(
                    "sha256 must be 64 lower-case hex digits, was " + sha256.length() + " characters");
        }
        Validate.notNull("createdAt", createdAt);
        createdBy = Validate.identifier("createdBy", createdBy, 128);
    }

    /** What identifies the key without revealing it: {@code vk_<id>}. */
    public String prefix() {
        return "vk_" + id;
    }

    /** True unless revoked. */
    public boolean active() {
        return revokedAt == null;
    }

    /** This key revoked at {@code at} by {@code by}. */
    public ApiKey revoked(Instant at, String by) {
        return new ApiKey(id, name, scope, sha256, createdAt, createdBy, at, by);
    }

    @Override
    public String toString() {
        return "ApiKey[" + prefix() + " " + name + " " + scope.code() + (active() ? "" : " revoked") + "]";
    }
}
