package dev.vedette;

import dev.vedette.internal.RateLimitedLog;
import dev.vedette.internal.Validate;
import dev.vedette.model.ApiKey;
import dev.vedette.model.AuditEntry;
import dev.vedette.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys of the HTTP ingest API ({@code monitor.apiKeys()}): created, listed and revoked here,
 * kept in the {@link Store} as a SHA-256 hash (never the key), and checked on every request.
 *
 * <pre>{@code
 * ApiKeys.Created created = monitor.apiKeys().create("checkout-service", ApiKey.Scope.INGEST, "admin");
 * String key = created.key();                  // vk_Ab3dE6gH_...; shown once, never stored
 * Optional<ApiKey> who = monitor.apiKeys().authenticate(key);
 * monitor.apiKeys().revoke(created.apiKey().id(), "admin");
 * }</pre>
 *
 * <p>Keys look like {@code vk_<8 characters>_<32 characters>} (base62, 190 random bits). Keys may
 * also be {@link #configure configured} (from properties): those live in memory only, are listed
 * with the stored ones and cannot be revoked here. {@link #authenticate} reads from a copy of the
 * stored keys that it refreshes every {@code refresh} interval (so a key created or revoked by
 * another monitor on the same store counts within that interval; this monitor's own changes count
 * at once), and keeps using the last copy while the store is unreachable. Creating and revoking
 * are written to the audit log. No method logs or echoes a key.
 */
public final class ApiKeys {
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final Pattern KEY = Pattern.compile("vk_([A-Za-z0-9]{8})_[A-Za-z0-9]{32}");
    private static final Duration MISS_REFRESH = Duration.ofSeconds(1);

    /** Length of the secret part of a key. */
    public static final int SECRET_LENGTH = 32;

    /** Default interval at which keys saved by other monitors are re-read: 30 seconds. */
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);

    /** A key just created: the stored record and the key itself, which is not kept anywhere. */
    public record Created(ApiKey apiKey, String key) {
        @Override
        public String toString() {
            return "Created[" + apiKey + "]";
        }
    }

    private final Store store;
    private final Clock clock;
    private final Duration refresh;
    private final SecureRandom random = new SecureRandom();
    private final RateLimitedLog failLog = new RateLimitedLog(Duration.ofMinutes(1));
    private final Map<String, ApiKey> configured = new LinkedHashMap<>(); // id → key
    private volatile Map<String, ApiKey> byHash = Map.of(); // stored and configured
    private volatile List<ApiKey> stored = List.of();
    private volatile @Nullable Instant loadedAt;

    ApiKeys(Store store, Clock clock, Duration refresh) {
        this.store = store;
        this.clock = clock;
        this.refresh = refresh;
    }

    /** True if {@code key} has the shape of a Vedette API key ({@code vk_<8>_<32>}). Null-safe. */
    public static boolean wellFormed(@Nullable String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /** The lower-case hex SHA-256 of {@code key}'s UTF-8 bytes. */
    public static String sha256(String key) {
        Validate.notNull("key", key);
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * Creates a key and saves its hash in the store.
     *
     * @throws IllegalArgumentException if name or by is not a valid identifier, or scope is null
     * @throws RuntimeException if the store cannot be written
     */
    public Created create(String name, ApiKey.Scope scope, String by) {
        Validate.notNull("scope", scope);
        String key = "vk_" + randomBase62(ApiKey.ID_LENGTH) + "_" + randomBase62(SECRET_LENGTH);
        String id = key.substring(3, 3 + ApiKey.ID_LENGTH);
        ApiKey apiKey = new ApiKey(id, name, scope, sha256(key), clock.instant(), by, null, null);
        store.saveApiKey(apiKey);
        audit(by, "apikey.create", apiKey);
        synchronized (this) {
            List<ApiKey> next = new ArrayList<>(stored);
            next.add(apiKey);
            install(next);
        }
        return new Created(apiKey, key);
    }

    /**
     * Adds a key from configuration (in memory only, not revocable here): either the plain key
     * ({@code vk_<8>_<32>}) or the hex SHA-256 of one. The id is the key's own, or for a hash the
     * first 8 hex digits of the hash.
     *
     * @throws IllegalArgumentException if neither or both of key and sha256 are given, the key does
     *     not have the shape of a key, the hash is not 64 hex digits, or the name is invalid; the
     *     message never holds the key
     */
    public synchronized ApiKey configure(
            String name, ApiKey.Scope scope, @Nullable String key, @Nullable String sha256) {
        boolean hasKey = key != null && !key.isBlank();
        boolean hasHash = sha256 != null && !sha256.isBlank();
        if (hasKey == hasHash) {
            throw new IllegalArgumentException(
                    "API key '" + Validate.quote(String.valueOf(name)) + "' needs exactly one of key and sha256");
        }
        String hash;
        String id;
        if (hasKey) {
            String plain = key.strip();
            if (!wellFormed(plain)) {
                throw new IllegalArgumentException("API key '" + Validate.quote(String.valueOf(name))
                        + "' must look like vk_ followed by 8 and 32 letters or digits joined by _ (was "
                        + plain.length() + " characters)");
            }
            hash = sha256(plain);
            id = plain.substring(3, 3 + ApiKey.ID_LENGTH);
        } else {
            hash = sha256.strip().toLowerCase(java.util.Locale.ROOT);
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 of API key '" + Validate.quote(String.valueOf(name))
                        + "' must be 64 hex digits, was " + hash.length() + " characters");
            }
            id = hash.substring(0, ApiKey.ID_LENGTH);
        }
        ApiKey apiKey = new ApiKey(id, name, scope, hash, clock.instant(), "configuration", null, null);
        configured.put(id, apiKey);
        install(stored);
        return apiKey;
    }

    /** True if the key with this id comes from configuration. */
    public synchronized boolean isConfigured(@Nullable String id) {
        return id != null && configured.containsKey(id);
    }

    /**
     * Every key: configured ones first, then the stored ones oldest first, revoked ones included.
     * Reads the store.
     */
    public List<ApiKey> list() {
        List<ApiKey> fresh = store.apiKeys();
        synchronized (this) {
            install(fresh);
            List<ApiKey> all = new ArrayList<>(configured.values());
            all.addAll(fresh);
            return List.copyOf(all);
        }
    }

    /**
     * Revokes a stored key: from now on it authenticates nothing. Revoking a revoked key returns it
     * unchanged.
     *
     * @return the revoked key, or empty if no stored key has this id
     * @throws IllegalStateException if the key comes from configuration
     */
    public Optional<ApiKey> revoke(String id, String by) {
        Validate.notNull("id", id);
        Validate.identifier("by", by, 128);
        if (isConfigured(id)) {
            throw new IllegalStateException(
                    "API key vk_" + id + " comes from the configuration: remove it there to revoke it");
        }
        Optional<ApiKey> current =
                store.apiKeys().stream().filter(k -> k.id().equals(id)).findFirst();
        if (current.isEmpty() || !current.get().active()) {
            return current;
        }
        ApiKey revoked = current.get().revoked(clock.instant(), by);
        store.saveApiKey(revoked);
        audit(by, "apikey.revoke", revoked);
        synchronized (this) {
            List<ApiKey> next = new ArrayList<>(stored);
            next.replaceAll(k -> k.id().equals(id) ? revoked : k);
            install(next);
        }
        return Optional.of(revoked);
    }

    /**
     * The active key {@code presented} is, or empty. Never throws and never logs the key; reads the
     * store at most once per refresh interval (and at most once a second for a key it does not know).
     */
    public Optional<ApiKey> authenticate(@Nullable String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 256) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Instant loaded = loadedAt;
        if (loaded == null || !now.isBefore(loaded.plus(refresh))) {
            reload(now);
        }
        String hash = sha256(presented);
        ApiKey key = byHash.get(hash);
        if (key == null && loadedAt != null && !now.isBefore(loadedAt.plus(MISS_REFRESH))) {
            reload(now);
            key = byHash.get(hash);
        }
        return key != null && key.active() ? Optional.of(key) : Optional.empty();
    }

    private void reload(Instant now) {
        try {
            List<ApiKey> fresh = store.apiKeys();
            synchronized (this) {
                install(fresh);
            }
        } catch (RuntimeException e) {
            failLog.warn(
                    log, "Vedette could not read the API keys from the store, using the last copy: {}", e.toString());
        }
        loadedAt = now;
    }

    private void install(List<ApiKey> fresh) {
        Map<String, ApiKey> next = new java.util.HashMap<>();
        fresh.forEach(k -> next.put(k.sha256(), k));
        configured.values().forEach(k -> next.put(k.sha256(), k));
        this.stored = List.copyOf(fresh);
        this.byHash = Map.copyOf(next);
    }

    private void audit(String by, String action, ApiKey key) {
        try {
            store.appendAudit(new AuditEntry(
                    0,
                    clock.instant(),
                    by,
                    action,
                    key.prefix(),
                    Map.of("name", key.name(), "scope", key.scope().code())));
        } catch (RuntimeException e) {
            failLog.warn(
                    log, "Vedette could not write the audit entry of {} {}: {}", action, key.prefix(), e.toString());
        }
    }

    private String randomBase62(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62[random.nextInt(BASE62.length)];
        }
        return new String(out);
    }
}
