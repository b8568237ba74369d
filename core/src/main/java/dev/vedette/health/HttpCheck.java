package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an HTTP(S) endpoint with the JDK {@link HttpClient}. In order, the check is DOWN when
 * the request fails or times out, the status code is not expected (default 200–399), the body
 * does not contain the {@link Builder#bodyContains(String) expected text}, or the {@link
 * Builder#jsonField(String, String) JSON field} does not hold the expected value. It is DEGRADED
 * when the server's TLS certificate expires within {@link Builder#certificateExpiryWarning(Duration)
 * the warning period} (https only) or the response took longer than {@link
 * Builder#degradedAbove(Duration) degradedAbove}; UP otherwise.
 *
 * <p>The URL's user-info and query never appear in messages or details (they often hold secrets);
 * user-info is sent as HTTP Basic authentication unless an {@code Authorization} header is set.
 * Header values are never reported. Details: {@code url} (scheme, host, port and path only),
 * {@code method}, {@code statusCode}, and for https {@code certificateExpiresAt} and {@code
 * certificateDaysLeft}. Create one with {@link HealthChecks#http(String, URI)}.
 */
public final class HttpCheck extends AbstractCheck {
    /** Default latency above which the endpoint is DEGRADED: 2 s. */
    public static final Duration DEFAULT_DEGRADED_ABOVE = Duration.ofSeconds(2);
    /** Default TLS certificate expiry warning: DEGRADED when the certificate expires within 14 days. */
    public static final Duration DEFAULT_CERTIFICATE_EXPIRY_WARNING = Duration.ofDays(14);
    /** Lowest status code expected by default. */
    public static final int DEFAULT_MIN_STATUS = 200;
    /** Highest status code expected by default. */
    public static final int DEFAULT_MAX_STATUS = 399;
    /** At most this many body bytes are read for the body and JSON checks. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final URI uri;
    private final String displayUrl;
    private final String method;
    private final List<int[]> expectedStatus;
    private final String expectedStatusText;
    private final Map<String, String> headers;
    private final @Nullable String bodyContains;
    private final @Nullable String jsonPath;
    private final List<String> jsonSegments;
    private final @Nullable String jsonExpected;
    private final Duration degradedAbove;
    private final Duration certificateExpiryWarning;
    private final Clock clock;
    private final HttpClient client;

    private HttpCheck(Builder b) {
        super(b);
        this.uri = b.requestUri;
        this.displayUrl = b.displayUrl;
        this.method = b.method;
        this.expectedStatus = List.copyOf(b.expectedStatus);
        this.expectedStatusText = b.expectedStatusText;
        this.headers = Map.copyOf(b.headers);
        this.bodyContains = b.bodyContains;
        this.jsonPath = b.jsonPath;
        this.jsonSegments = List.copyOf(b.jsonSegments);
        this.jsonExpected = b.jsonExpected;
        this.degradedAbove = b.degradedAbove;
        this.certificateExpiryWarning = b.certificateExpiryWarning;
        this.clock = b.clock;
        HttpClient.Builder client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(b.followRedirects ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
        if (b.sslContext != null) {
            client.sslContext(b.sslContext);
        }
        this.client = client.build();
    }

    /** The scheme and host of the checked URL: an HTTP channel posting to this host depends on this check. */
    @Override
    public Optional<java.net.URI> target() {
        return CheckSupport.target(uri.getScheme(), uri.getHost());
    }

    /**
     * Sends the request and judges the response. Never throws for network or protocol errors: they
     * become a DOWN report.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    @Override
    public HealthReport check() throws InterruptedException {
        long start = System.nanoTime();
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        boolean needBody = bodyContains != null || jsonPath != null;
        int statusCode;
        byte[] body;
        Optional<SSLSession> ssl;
        try {
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            statusCode = response.statusCode();
            ssl = response.sslSession();
            try (InputStream in = response.body()) {
                body = needBody ? in.readNBytes(MAX_BODY_BYTES) : new byte[0];
            }
        } catch (IOException | RuntimeException e) {
            return base(HealthStatus.DOWN, start)
                    .message(redact(method + " " + displayUrl + " failed: " + CheckSupport.describe(e)))
                    .build();
        }
        Duration took = CheckSupport.since(start);
        if (!statusExpected(statusCode)) {
            return base(HealthStatus.DOWN, took)
                    .message("HTTP " + statusCode + " from " + displayUrl + " (expected " + expectedStatusText + ")")
                    .detail("statusCode", statusCode)
                    .build();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (bodyContains != null && !text.contains(bodyContains)) {
            return base(HealthStatus.DOWN, took)
                    .message("response body does not contain the expected text")
                    .detail("statusCode", statusCode)
                    .build();
        }
        if (jsonPath != null) {
            String problem = jsonProblem(text);
            if (problem != null) {
                return base(HealthStatus.DOWN, took)
                        .message(problem)
                        .detail("statusCode", statusCode)
                        .build();
            }
        }
        List<String> warnings = new ArrayList<>();
        Map<String, Object> certDetails = new LinkedHashMap<>();
        if (ssl.isPresent()) {
            certificateWarning(ssl.get(), certDetails, warnings);
        }
        if (took.compareTo(degradedAbove) > 0) {
            warnings.add(CheckSupport.slow(took, degradedAbove));
        }
        HealthReport.Builder report = base(warnings.isEmpty() ? HealthStatus.UP : HealthStatus.DEGRADED, took)
                .detail("statusCode", statusCode);
        certDetails.forEach(report::detail);
        if (!warnings.isEmpty()) {
            report.message(String.join("; ", warnings));
        }
        return report.build();
    }

    private HealthReport.Builder base(HealthStatus status, long start) {
        return base(status, CheckSupport.since(start));
    }

    private HealthReport.Builder base(HealthStatus status, Duration took) {
        return HealthReport.builder(name, status)
                .responseTime(took)
                .detail("url", displayUrl)
                .detail("method", method);
    }

    private boolean statusExpected(int code) {
        for (int[] range : expectedStatus) {
            if (code >= range[0] && code <= range[1]) {
                return true;
            }
        }
        return false;
    }

    private @Nullable String jsonProblem(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            return "response body is not JSON";
        }
        for (String segment : jsonSegments) {
            if (node == null) {
                break;
            }
            if (node.isArray() && segment.chars().allMatch(Character::isDigit) && segment.length() < 10) {
                node = node.get(Integer.parseInt(segment));
            } else {
                node = node.isObject() ? node.get(segment) : null;
            }
        }
        if (node == null || node.isMissingNode()) {
            return jsonPath + " is missing (expected \"" + jsonExpected + "\")";
        }
        String actual = node.isValueNode() ? node.asString() : node.toString();
        if (!actual.equals(jsonExpected)) {
            return jsonPath + " was \"" + Validate.quote(actual) + "\", expected \"" + jsonExpected + "\"";
        }
        return null;
    }

    private void certificateWarning(SSLSession session, Map<String, Object> details, List<String> warnings) {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return;
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return;
        }
        Instant expires = leaf.getNotAfter().toInstant();
        Duration left = Duration.between(clock.instant(), expires);
        details.put("certificateExpiresAt", expires.toString());
        details.put("certificateDaysLeft", left.toDays());
        if (!certificateExpiryWarning.isZero() && left.compareTo(certificateExpiryWarning) < 0) {
            warnings.add(
                    left.isNegative()
                            ? "TLS certificate expired at " + expires
                            : "TLS certificate expires in " + CheckSupport.format(left) + " (at " + expires + ")");
        }
    }

    private String redact(String message) {
        String m = message;
        String raw = uri.toString();
        if (!raw.equals(displayUrl)) {
            m = m.replace(raw, displayUrl);
        }
        if (uri.getRawQuery() != null) {
            m = m.replace(uri.getRawQuery(), "…");
        }
        return m;
    }

    /** Configures an {@link HttpCheck}. */
    public static final class Builder extends HealthCheckBuilder<Builder> {
        private final URI requestUri;
        private final String displayUrl;
        private String method = "GET";
        private List<int[]> expectedStatus = List.of(new int[] {DEFAULT_MIN_STATUS, DEFAULT_MAX_STATUS});
        private String expectedStatusText = DEFAULT_MIN_STATUS + "-" + DEFAULT_MAX_STATUS;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable String bodyContains;
        private @Nullable String jsonPath;
        private List<String> jsonSegments = List.of();
        private @Nullable String jsonExpected;
        private Duration degradedAbove = DEFAULT_DEGRADED_ABOVE;
        private boolean degradedAboveSet;
        private Duration certificateExpiryWarning = DEFAULT_CERTIFICATE_EXPIRY_WARNING;
        private boolean followRedirects;
        private @Nullable SSLContext sslContext;
        private Clock clock = Clock.systemUTC();

        Builder(String name, URI uri) {
            super(name);
            Validate.notNull("uri", uri);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("uri must be an http or https URL, was scheme '" + scheme + "'");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("uri must have a host");
            }
            String base = scheme + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            this.displayUrl = base + path;
            this.requestUri = uri.getRawUserInfo() == null
                    ? uri
                    : URI.create(base + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
            String userInfo = uri.getUserInfo();
            if (userInfo != null) {
                headers.put(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
            }
        }

        /**
         * The request method, default {@code GET}; {@code GET} or {@code HEAD}.
         *
         * @throws IllegalArgumentException for any other method
         */
        public Builder method(String method) {
            Validate.notNull("method", method);
            String m = method.toUpperCase(Locale.ROOT);
            if (!m.equals("GET") && !m.equals("HEAD")) {
                throw new IllegalArgumentException("method must be GET or HEAD, was '" + Validate.quote(method) + "'");
            }
            this.method = m;
            return this;
        }

        /**
         * The status codes that count as success (replaces the default 200–399).
         *
         * @throws IllegalArgumentException if empty or a code is outside 100–599
         */
        public Builder expectStatus(int... codes) {
            Validate.notNull("codes", codes);
            if (codes.length == 0) {
                throw new IllegalArgumentException("codes must not be empty");
            }
            List<int[]> ranges = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int code : codes) {
                checkStatus("codes", code);
                ranges.add(new int[] {code, code});
                text.append(text.isEmpty() ? "" : ", ").append(code);
            }
            this.expectedStatus = ranges;
            this.expectedStatusText = text.toString();
            return this;
        }

        /**
         * The inclusive range of status codes that count as success (replaces the default 200–399).
         *
         * @throws IllegalArgumentException if a bound is outside 100–599 or {@code from > to}
         */
        public Builder expectStatusRange(int from, int to) {
            checkStatus("from", from);
            checkStatus("to", to);
            if (from > to) {
                throw new IllegalArgumentException("from must not be greater than to (" + to + "), was " + from);
            }
            this.expectedStatus = List.of(new int[] {from, to});
            this.expectedStatusText = from + "-" + to;
            return this;
        }

        private static void checkStatus(String field, int code) {
            if (code < 100 || code > 599) {
                throw new IllegalArgumentException(field + " must be an HTTP status code (100-599), was " + code);
            }
        }

        /**
         * Adds a request header, e.g. an API key. Its value is never reported.
         *
         * @throws IllegalArgumentException if the name is not an HTTP token, the value contains a line
         *     break, or the JDK client does not allow setting it (e.g. {@code Host}, {@code Connection})
         */
        public Builder header(String name, String value) {
            Validate.notNull("header name", name);
            Validate.notNull("header value", value);
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "header name must be an HTTP token, was '" + Validate.quote(name) + "'");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header '" + name + "' value must not contain line breaks");
            }
            try {
                HttpRequest.newBuilder().header(name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("header '" + name + "' cannot be set: " + e.getMessage(), e);
            }
            headers.put(name, value);
            return this;
        }

        /**
         * Text the response body must contain (the first {@link #MAX_BODY_BYTES} bytes, read as
         * UTF-8); default none.
         *
         * @throws IllegalArgumentException if null or empty
         */
        public Builder bodyContains(String text) {
            Validate.notNull("bodyContains", text);
            if (text.isEmpty()) {
                throw new IllegalArgumentException("bodyContains must not be empty");
            }
            this.bodyContains = text;
            return this;
        }

        /**
         * A JSON field the body must hold, e.g. {@code jsonField("$.status", "UP")}. The path is a
         * dotted list of object fields, optionally starting with {@code $.}; a numeric segment
         * indexes an array ({@code $.checks.0.status}). The field's text is compared with {@code
         * expected} exactly (numbers and booleans by their JSON text, e.g. {@code "true"}).
         *
         * @throws IllegalArgumentException if the path is blank or has an empty segment, or expected
         *     is null
         */
        public Builder jsonField(String path, String expected) {
            Validate.identifier("jsonPath", path, 200);
            Validate.notNull("expected", expected);
            String p = path.startsWith("$.") ? path.substring(2) : path;
            String[] parts = p.split("\\.", -1);
            for (String part : parts) {
                if (part.isBlank()) {
                    throw new IllegalArgumentException(
                            "jsonPath must be a dotted path like $.status, was '" + path + "'");
                }
            }
            this.jsonPath = path.startsWith("$.") ? path : "$." + path;
            this.jsonSegments = List.of(parts);
            this.jsonExpected = expected;
            return this;
        }

        /**
         * Latency above which a working endpoint is DEGRADED, default {@link #DEFAULT_DEGRADED_ABOVE},
         * or half the timeout when the timeout is not longer than that. Must be less than the timeout.
         *
         * @throws IllegalArgumentException if null, zero or negative
         */
        public Builder degradedAbove(Duration degradedAbove) {
            this.degradedAbove = Validate.positive("degradedAbove", degradedAbove);
            this.degradedAboveSet = true;
            return this;
        }

        /**
         * DEGRADED when the server's certificate expires within this period (https only), default
         * {@link #DEFAULT_CERTIFICATE_EXPIRY_WARNING}; {@link Duration#ZERO} turns the warning off
         * (the expiry is still reported in the details).
         *
         * @throws IllegalArgumentException if null or negative
         */
        public Builder certificateExpiryWarning(Duration warning) {
            this.certificateExpiryWarning = Validate.notNegative("certificateExpiryWarning", warning);
            return this;
        }

        /** Whether to follow redirects, default false (a 3xx answer is within the default range). */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        /**
         * The TLS context, default the JDK's default context (the JDK trust store).
         *
         * @throws IllegalArgumentException if null
         */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Validate.notNull("sslContext", sslContext);
            return this;
        }

        /**
         * The clock for certificate expiry, default {@link Clock#systemUTC()}.
         *
         * @throws IllegalArgumentException if null
         */
        public Builder clock(Clock clock) {
            this.clock = Validate.notNull("clock", clock);
            return this;
        }

        /**
         * @throws IllegalArgumentException if degradedAbove is not less than the timeout, or a body
         *     check is combined with HEAD (which has no body)
         */
        @Override
        public HttpCheck build() {
            if (!degradedAboveSet) {
                degradedAbove = CheckSupport.defaultDegradedAbove(DEFAULT_DEGRADED_ABOVE, timeout);
            }
            CheckSupport.requireBelowTimeout(degradedAbove, timeout);
            if (method.equals("HEAD") && (bodyContains != null || jsonPath != null)) {
                throw new IllegalArgumentException(
                        "method must be GET when bodyContains or jsonField is set, was HEAD");
            }
            return new HttpCheck(this);
        }
    }
}
