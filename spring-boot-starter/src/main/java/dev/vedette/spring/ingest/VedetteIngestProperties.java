package dev.vedette.spring.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the HTTP ingest API, bound from {@code vedette.ingest.*}; see {@code docs/ingest.md}.
 *
 * <pre>{@code
 * vedette.ingest.enabled=true
 * vedette.ingest.keys[0].name=checkout-service
 * vedette.ingest.keys[0].scope=ingest
 * vedette.ingest.keys[0].key=${VEDETTE_INGEST_KEY}
 * }</pre>
 */
@ConfigurationProperties("vedette.ingest")
public class VedetteIngestProperties {
    /** Default {@link #getMaxBodyBytes()}: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    /** Whether the ingest API is served. */
    private boolean enabled = false;
    /** Largest request body in bytes; a larger one gets 413. */
    private long maxBodyBytes = 1048576;
    /** How often the keys that other replicas stored are re-read. */
    private Duration keyRefresh = Duration.ofSeconds(30);

    private final Rate rate = new Rate();
    /** Keys from the configuration (in memory, not revocable from the dashboard): name, scope, and key or sha256. */
    private List<Key> keys = new ArrayList<>();

    /** Creates the defaults. */
    public VedetteIngestProperties() {}

    /** Whether the ingest API is served (default false). */
    public boolean isEnabled() {
        return enabled;
    }

    /** Sets {@link #isEnabled()}. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Largest request body in bytes; a larger one gets 413 (default 1048576). */
    public long getMaxBodyBytes() {
        return maxBodyBytes;
    }

    /** Sets {@link #getMaxBodyBytes()}. */
    public void setMaxBodyBytes(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** How often the keys that other replicas stored are re-read (default 30s). */
    public Duration getKeyRefresh() {
        return keyRefresh;
    }

    /** Sets {@link #getKeyRefresh()}. */
    public void setKeyRefresh(Duration keyRefresh) {
        this.keyRefresh = keyRefresh;
    }

    /** The per-key rate bound. */
    public Rate getRate() {
        return rate;
    }

    /** Keys from the configuration (in memory, not revocable from the dashboard). */
    public List<Key> getKeys() {
        return keys;
    }

    /** Sets {@link #getKeys()}. */
    public void setKeys(List<Key> keys) {
        this.keys = keys;
    }

    /** Each key's token bucket. */
    public static class Rate {
        /** Refill rate of each key's token bucket, in requests per second. */
        private double requestsPerSecond = 200;
        /** Size of each key's token bucket. */
        private int burst = 400;

        /** Creates the defaults. */
        public Rate() {}

        /** Refill rate of each key's token bucket, requests per second (default 200). */
        public double getRequestsPerSecond() {
            return requestsPerSecond;
        }

        /** Sets {@link #getRequestsPerSecond()}. */
        public void setRequestsPerSecond(double requestsPerSecond) {
            this.requestsPerSecond = requestsPerSecond;
        }

        /** Size of each key's token bucket (default 400). */
        public int getBurst() {
            return burst;
        }

        /** Sets {@link #getBurst()}. */
        public void setBurst(int burst) {
            this.burst = burst;
        }
    }

    /** One configured key: a name, a scope, and either the plain key or its SHA-256. */
    public static class Key {
        private @Nullable String name;
        private String scope = "ingest";
        private @Nullable String key;
        private @Nullable String sha256;

        /** Creates an empty key. */
        public Key() {}

        /** A name for the key, shown in the dashboard and the audit log. */
        public @Nullable String getName() {
            return name;
        }

        /** Sets {@link #getName()}. */
        public void setName(@Nullable String name) {
            this.name = name;
        }

        /** ingest or admin (default ingest). */
        public String getScope() {
            return scope;
        }

        /** Sets {@link #getScope()}. */
        public void setScope(String scope) {
            this.scope = scope;
        }

        /** The plain key, vk_ followed by 8 and 32 letters or digits (never logged). */
        public @Nullable String getKey() {
            return key;
        }

        /** Sets {@link #getKey()}. */
        public void setKey(@Nullable String key) {
            this.key = key;
        }

        /** Or the hex SHA-256 of the key. */
        public @Nullable String getSha256() {
            return sha256;
        }

        /** Sets {@link #getSha256()}. */
        public void setSha256(@Nullable String sha256) {
            this.sha256 = sha256;
        }

        @Override
        public String toString() {
            return "Key[" + name + " " + scope + "]";
        }
    }
}
