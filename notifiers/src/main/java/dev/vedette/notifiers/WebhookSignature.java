package dev.vedette.notifiers;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies {@link WebhookNotifier} requests.
 *
 * <p>The sender puts the current epoch seconds in {@value #TIMESTAMP_HEADER} and {@code v1=<hex>} in
 * {@value #SIGNATURE_HEADER}, where {@code <hex>} is the lower-case hex HMAC-SHA256, keyed with the
 * shared secret (UTF-8), of {@code "<timestamp>.<raw request body>"}. A receiver verifies with the
 * raw body bytes exactly as received, before parsing them:
 *
 * <pre>{@code
 * boolean ok = WebhookSignature.verify(secret,
 *         request.getHeader(WebhookSignature.TIMESTAMP_HEADER),
 *         rawBody,
 *         request.getHeader(WebhookSignature.SIGNATURE_HEADER),
 *         WebhookSignature.DEFAULT_TOLERANCE,
 *         Clock.systemUTC());
 * }</pre>
 *
 * <p>The signature header may hold several comma-separated values ({@code v1=abc,v1=def}) so that a
 * secret can be rotated; one match is enough.
 */
public final class WebhookSignature {
    /** The header carrying the signing time in epoch seconds. */
    public static final String TIMESTAMP_HEADER = "X-Vedette-Timestamp";
    /** The header carrying {@code v1=<hex hmac>}. */
    public static final String SIGNATURE_HEADER = "X-Vedette-Signature";
    /** The scheme prefix of a signature value. */
    public static final String SCHEME = "v1=";
    /** A sensible replay window for {@link #verify}: 5 minutes either way. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {}

    /**
     * The signature value for a body signed at {@code timestamp}: {@code v1=<64 hex digits>}.
     *
     * @throws IllegalArgumentException if the secret is empty
     */
    public static String sign(String secret, long timestamp, byte[] body) {
        return SCHEME + HexFormat.of().formatHex(hmac(secret, timestamp, body));
    }

    /**
     * True if {@code signatureHeader} holds a valid {@code v1} signature of {@code body} at {@code
     * timestamp}, and the timestamp is within {@code tolerance} of {@code clock}'s time. Returns false
     * (never throws) for a missing, malformed or expired timestamp, a missing or malformed header, or
     * a signature that does not match. Comparison is constant-time.
     *
     * @param secret the shared secret
     * @param timestamp the {@value #TIMESTAMP_HEADER} header value
     * @param body the raw request body, exactly as received
     * @param signatureHeader the {@value #SIGNATURE_HEADER} header value
     * @param tolerance how far the timestamp may be from now, either way
     * @param clock the receiver's clock
     * @throws IllegalArgumentException if the secret is empty or the tolerance negative
     */
    public static boolean verify(
            String secret,
            @Nullable String timestamp,
            byte[] body,
            @Nullable String signatureHeader,
            Duration tolerance,
            Clock clock) {
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative, but was " + tolerance);
        }
        if (timestamp == null || signatureHeader == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - ts) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(hmac(secret, ts, body)).getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (String part : signatureHeader.split(",")) {
            String value = part.strip();
            if (value.startsWith(SCHEME)) {
                byte[] given = value.substring(SCHEME.length())
                        .toLowerCase(java.util.Locale.ROOT)
                        .getBytes(StandardCharsets.US_ASCII);
                match |= MessageDigest.isEqual(expected, given);
            }
        }
        return match;
    }

    /**
     * {@link #verify(String, String, byte[], String, Duration, Clock)} for a body held as a string;
     * it is encoded as UTF-8, which is how {@link WebhookNotifier} sends it.
     */
    public static boolean verify(
            String secret,
            @Nullable String timestamp,
            String body,
            @Nullable String signatureHeader,
            Duration tolerance,
            Clock clock) {
        return verify(secret, timestamp, body.getBytes(StandardCharsets.UTF_8), signatureHeader, tolerance, clock);
    }

    private static byte[] hmac(String secret, long timestamp, byte[] body) {
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("secret must not be empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by the Java platform", e);
        }
    }
}
