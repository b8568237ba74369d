package dev.vedette.spring.ingest;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per API key: {@code burst} tokens, refilled at {@code perSecond}; each request
 * takes one. Timed by the monitor's clock, so tests move time by hand.
 */
final class KeyRateLimiter {
    private final Clock clock;
    private final double perSecond;
    private final int burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    KeyRateLimiter(Clock clock, double perSecond, int burst) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(
                    "vedette.ingest.rate.requests-per-second must be positive, was " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("vedette.ingest.rate.burst must be at least 1, was " + burst);
        }
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes a token for {@code keyId}; returns 0 if there was one, else the whole seconds until there is. */
    long take(String keyId) {
        Bucket bucket = buckets.computeIfAbsent(keyId, k -> new Bucket(burst, clock.millis()));
        synchronized (bucket) {
            long now = clock.millis();
            if (now > bucket.at) {
                bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perSecond / 1000.0);
                bucket.at = now;
            }
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            double seconds = (1 - bucket.tokens) / perSecond;
            return Math.max(1, (long) Math.ceil(seconds));
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
