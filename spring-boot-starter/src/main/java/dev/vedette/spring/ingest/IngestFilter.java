package dev.vedette.spring.ingest;

import dev.vedette.Monitor;
import dev.vedette.internal.RateLimitedLog;
import dev.vedette.model.ApiKey;
import dev.vedette.spring.dashboard.DashboardPath;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the ingest API under {@code <dashboard base path>/ingest/v1} by itself, ahead of Spring MVC
 * and the dashboard's filter, so that no host setting (message converters, path matching, a
 * controller advice) changes what it accepts. For each request it decides, in this order: the path
 * is spelled canonically (else 400, see {@link DashboardPath}); the OpenAPI document is served
 * without a key; a valid key (401); a known route (404) and method (405); the key's rate bound
 * (429); a JSON content type (415); the body size (413); then {@link IngestApi} reads the body and
 * answers. It never logs a key or a body.
 */
public final class IngestFilter extends OncePerRequestFilter {
    static final String OPENAPI = "/openapi.json";
    private static final String TARGET_ATTRIBUTE = IngestFilter.class.getName() + ".target";
    private static final Logger log = LoggerFactory.getLogger(IngestFilter.class);
    private static final long UNAVAILABLE_RETRY_SECONDS = 5;

    private final RateLimitedLog failLog = new RateLimitedLog(Duration.ofMinutes(1));

    private final Monitor monitor;
    private final DashboardPath paths;
    private final IngestApi api;
    private final KeyRateLimiter rate;
    private final long maxBodyBytes;
    private final byte[] openapi;
    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    IngestFilter(Monitor monitor, String basePath, KeyRateLimiter rate, long maxBodyBytes) {
        this.monitor = monitor;
        this.paths = new DashboardPath(basePath);
        this.api = new IngestApi(monitor);
        this.rate = rate;
        this.maxBodyBytes = maxBodyBytes;
        try (InputStream in = IngestFilter.class.getResourceAsStream("/vedette-ingest/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("vedette-ingest/openapi.json is missing from the starter's jar");
            }
            this.openapi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return target(request).kind() == DashboardPath.Kind.OUTSIDE;
    }

    private DashboardPath.Target target(HttpServletRequest request) {
        if (request.getAttribute(TARGET_ATTRIBUTE) instanceof DashboardPath.Target t) {
            return t;
        }
        DashboardPath.Target t = paths.classify(request);
        request.setAttribute(TARGET_ATTRIBUTE, t);
        return t;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        DashboardPath.Target target = target(request);
        String instance = request.getContextPath() + paths.base() + target.rel();
        if (target.kind() == DashboardPath.Kind.REJECTED) {
            problem(
                    response,
                    new Reply(
                            400,
                            "invalid-path",
                            "the ingest API accepts only the canonical spelling of its paths (no path parameters,"
                                    + " encoded slashes, dots or letters, // or .. segments, and its exact case)"),
                    request.getRequestURI());
            return;
        }
        String rel = target.rel();
        String method = request.getMethod();
        if (rel.equals(OPENAPI)) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                response.setHeader("Allow", "GET, HEAD");
                problem(response, new Reply(405, "method-not-allowed", "only GET is allowed here"), instance);
                return;
            }
            response.setStatus(200);
            response.setContentType("application/json");
            response.setContentLength(openapi.length);
            if (method.equals("GET")) {
                response.getOutputStream().write(openapi);
            }
            return;
        }
        Optional<ApiKey> key = IngestKeys.bearer(request).flatMap(monitor.apiKeys()::authenticate);
        if (key.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"vedette-ingest\"");
            problem(
                    response,
                    new Reply(401, "unauthorized", "a valid API key is required: Authorization: Bearer vk_..."),
                    instance);
            return;
        }
        IngestApi.Route route = IngestApi.route(rel);
        if (route == null) {
            problem(response, new Reply(404, "not-found", "no ingest route " + Fields.quoted(rel)), instance);
            return;
        }
        if (!method.equals("POST")) {
            response.setHeader("Allow", "POST");
            problem(response, new Reply(405, "method-not-allowed", "only POST is allowed here"), instance);
            return;
        }
        long wait = rate.take(key.get().id());
        if (wait > 0) {
            response.setHeader("Retry-After", Long.toString(wait));
            problem(
                    response,
                    new Reply(
                            429,
                            "rate-limited",
                            "the rate bound of key " + key.get().prefix() + " is used up; retry after " + wait + " s"),
                    instance);
            return;
        }
        long declared = request.getContentLengthLong();
        boolean empty = declared == 0 || (declared < 0 && request.getContentType() == null);
        if (!(empty && route.bodyOptional()) && !json(request.getContentType())) {
            problem(
                    response,
                    new Reply(
                            415,
                            "unsupported-media-type",
                            "the body must be application/json, was "
                                    + Fields.quoted(String.valueOf(request.getContentType()))),
                    instance);
            return;
        }
        if (declared > maxBodyBytes) {
            problem(response, tooLarge(declared), instance);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (body.length > maxBodyBytes) {
            problem(response, tooLarge(-1), instance);
            return;
        }
        if (body.length > 0 && !json(request.getContentType())) {
            problem(
                    response,
                    new Reply(
                            415,
                            "unsupported-media-type",
                            "the body must be application/json, was "
                                    + Fields.quoted(String.valueOf(request.getContentType()))),
                    instance);
            return;
        }
        JsonNode node = null;
        if (body.length > 0 || !route.bodyOptional()) {
            try {
                node = json.readTree(body);
            } catch (JacksonException e) {
                problem(
                        response,
                        new Reply(
                                400,
                                "invalid-json",
                                "the body is not valid JSON",
                                List.of(new FieldError("", jsonError(e)))),
                        instance);
                return;
            }
            if (node == null || node.isMissingNode()) {
                problem(
                        response,
                        new Reply(
                                400, "invalid-json", "the body is empty", List.of(new FieldError("", "must be JSON"))),
                        instance);
                return;
            }
        }
        Reply reply;
        try {
            reply = api.handle(route, rel, node, key.get());
        } catch (RuntimeException e) {
            failLog.warn(log, "Vedette ingest API could not answer {} {}: {}", method, instance, e.toString());
            reply = new Reply(
                    503,
                    "unavailable",
                    "Vedette could not take the request now; send it again",
                    List.of(),
                    null,
                    UNAVAILABLE_RETRY_SECONDS);
        }
        if (reply.retryAfter() > 0) {
            response.setHeader("Retry-After", Long.toString(reply.retryAfter()));
        }
        if (reply.body() != null && reply.status() < 400) {
            response.setStatus(reply.status());
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            json.writeValue(response.getOutputStream(), reply.body());
        } else {
            problem(response, reply, instance);
        }
    }

    private Reply tooLarge(long declared) {
        return new Reply(
                413,
                "too-large",
                "the body must be at most " + maxBodyBytes + " bytes"
                        + (declared > 0 ? ", was " + declared + " bytes" : ""));
    }

    private static boolean json(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            return false;
        }
        String params = contentType.contains(";") ? contentType.substring(contentType.indexOf(';') + 1) : "";
        String lower = params.toLowerCase(Locale.ROOT).replace(" ", "");
        return !lower.contains("charset=") || lower.contains("charset=utf-8") || lower.contains("charset=\"utf-8\"");
    }

    private static String jsonError(JacksonException e) {
        String message = e.getOriginalMessage();
        var location = e.getLocation();
        String where =
                location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        String first =
                message == null ? "malformed" : message.lines().findFirst().orElse("malformed");
        if (first.length() > 200) {
            first = first.substring(0, 200) + "...";
        }
        return "must be valid JSON: " + first + where;
    }

    private void problem(HttpServletResponse response, Reply reply, String instance) throws IOException {
        response.setStatus(reply.status());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(
                response.getOutputStream(),
                new Problem(
                        Problem.TYPE_BASE + reply.slug(),
                        title(reply.status()),
                        reply.status(),
                        reply.detail(),
                        instance,
                        reply.errors()));
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
