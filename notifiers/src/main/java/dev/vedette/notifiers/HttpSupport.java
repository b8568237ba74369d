package dev.vedette.notifiers;

import dev.vedette.alerting.SendResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/** What the HTTP notifiers share: client building, Retry-After parsing and status mapping. */
final class HttpSupport {
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    static final String USER_AGENT = "vedette-notifiers";
    /** Peer error texts are cut to this many characters in reasons. */
    static final int MAX_DETAIL = 500;
    /** Retry-After values above this are capped: a peer should not park a delivery for days. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private HttpSupport() {}

    /**
     * A client with the given timeouts that neither follows redirects (a POST would become a GET, and
     * a redirect target is not what was configured) nor retries on its own (the outbox retries).
     */
    static OkHttpClient client(Timeouts timeouts) {
        return new OkHttpClient.Builder()
                .connectTimeout(timeouts.connect())
                .readTimeout(timeouts.read())
                .writeTimeout(timeouts.write())
                .callTimeout(timeouts.deadline())
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
    }

    static void close(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /**
     * Parses a {@code Retry-After} header: delay-seconds or an HTTP-date. Null when absent or
     * unparseable; negative values and past dates become zero; values above {@link #MAX_RETRY_AFTER}
     * are capped.
     */
    static @Nullable Duration retryAfter(@Nullable String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        Duration delay;
        try {
            delay = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                delay = Duration.between(clock.instant(), at.toInstant());
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
        if (delay.isNegative()) {
            return Duration.ZERO;
        }
        return delay.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : delay;
    }

    /**
     * Maps a non-2xx status: 408, 429 and 5xx are temporary (honouring Retry-After), any other 4xx or
     * 3xx is permanent. {@code detail} is the peer's error text, already redacted.
     */
    static SendResult failure(String channel, int code, String detail, @Nullable String retryAfter, Clock clock) {
        return classify(
                code, channel + " answered HTTP " + code + (detail.isBlank() ? "" : ": " + detail), retryAfter, clock);
    }

    /** Like {@link #failure} with a complete reason. */
    static SendResult classify(int code, String reason, @Nullable String retryAfter, Clock clock) {
        if (code == 408 || code == 429 || code >= 500) {
            Duration delay = retryAfter(retryAfter, clock);
            return delay == null ? SendResult.retryLater(reason) : SendResult.retryAfter(delay, reason);
        }
        return SendResult.failed(reason);
    }

    /** Any exception from a call: temporary. */
    static SendResult ioFailure(String channel, Exception e, Redactor redactor) {
        // SocketTimeoutException for connect/read/write, InterruptedIOException for the call timeout
        if (e instanceof InterruptedIOException) {
            return SendResult.retryLater(channel + " timed out: " + redactor.describe(e));
        }
        if (e instanceof IOException) {
            return SendResult.retryLater(channel + " unreachable: " + redactor.describe(e));
        }
        return SendResult.retryLater(channel + " send failed unexpectedly: " + redactor.describe(e));
    }

    /** The start of the response body, decoded as UTF-8, at most {@code maxChars} characters. */
    static String bodyText(Response response, int maxChars) {
        ResponseBody body = response.body();
        try {
            BufferedSource source = body.source();
            source.request(maxChars * 4L);
            long size = Math.min(source.getBuffer().size(), maxChars * 4L);
            String text = source.getBuffer().snapshot((int) size).string(StandardCharsets.UTF_8);
            return text.length() > maxChars ? text.substring(0, maxChars) : text;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Collapses whitespace and cuts to {@link #MAX_DETAIL} for a reason. */
    static String detail(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return Texts.truncate(oneLine, MAX_DETAIL, "...");
    }
}
