package dev.vedette.spring;

import dev.vedette.Monitor;
import dev.vedette.model.ErrorEvent;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Times every request and records it in {@link EndpointStats} under its method and route
 * template, read after the chain from {@link HandlerMapping#BEST_MATCHING_PATTERN_ATTRIBUTE} (so
 * {@code /orders/42} and {@code /orders/43} are one route, {@code /orders/{id}}). Requests no
 * handler matched count under {@code NOT_FOUND} (404) or {@code UNMATCHED}; so does a 404 from a
 * static-resource handler (Spring Boot's {@code /**}), which matched no resource. An exception that
 * escapes the chain counts as a 500 and is recorded in Vedette's error tracking (component {@code
 * http}, with method and route as context), then rethrown. Asynchronous requests are recorded
 * when they complete. Paths matching an excluded pattern are not timed.
 */
public final class VedetteHttpFilter extends OncePerRequestFilter {
    /** The route of requests no handler matched, other than 404s. */
    public static final String UNMATCHED = "UNMATCHED";
    /** The route of 404 responses no handler matched. */
    public static final String NOT_FOUND = "NOT_FOUND";

    private final EndpointStats stats;
    private final Supplier<@Nullable Monitor> monitor;
    private final List<PathPattern> excluded;

    /**
     * A filter recording into {@code stats}.
     *
     * @param stats where requests are counted
     * @param monitor the monitor escaping exceptions are recorded in (may supply null)
     * @param excludePaths path patterns ({@code /actuator/**}) that are not timed
     * @throws IllegalArgumentException if a pattern is malformed
     */
    public VedetteHttpFilter(EndpointStats stats, Supplier<@Nullable Monitor> monitor, List<String> excludePaths) {
        this.stats = stats;
        this.monitor = monitor;
        this.excluded = excludePaths.stream()
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (excluded.isEmpty()) {
            return false;
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = context != null && !context.isEmpty() && uri.startsWith(context)
                ? uri.substring(context.length())
                : uri;
        PathContainer container = PathContainer.parsePath(path);
        return excluded.stream().anyMatch(p -> p.matches(container));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        Throwable failure = null;
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            if (failure == null && request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new Completion(started));
            } else {
                record(request, response, started, failure);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    private void record(
            HttpServletRequest request, HttpServletResponse response, long started, @Nullable Throwable failure) {
        try {
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            int status = failure != null ? 500 : response.getStatus();
            String route = route(request, status);
            stats.record(request.getMethod(), route, status, took);
            if (failure != null) {
                Monitor m = monitor.get();
                if (m != null) {
                    Throwable cause = failure instanceof ServletException se && se.getRootCause() != null
                            ? se.getRootCause()
                            : failure;
                    m.recordError(ErrorEvent.builder(cause)
                            .component("http")
                            .context("method", request.getMethod())
                            .context("route", route)
                            .build());
                }
            }
        } catch (RuntimeException e) {
            logger.debug("Vedette could not record a request", e);
        }
    }

    /**
     * The route template, or {@link #NOT_FOUND} / {@link #UNMATCHED}. A 404 from a static-resource
     * handler (Spring Boot maps {@code /**} to one) found no resource: it counts as {@code NOT_FOUND},
     * not as {@code GET /**}.
     */
    private static String route(HttpServletRequest request, int status) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null) {
            return status == 404 ? NOT_FOUND : UNMATCHED;
        }
        if (status == 404
                && request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE)
                        instanceof ResourceHttpRequestHandler) {
            return NOT_FOUND;
        }
        return pattern.toString();
    }

    private final class Completion implements AsyncListener {
        private final long started;

        Completion(long started) {
            this.started = started;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            record(
                    (HttpServletRequest) event.getSuppliedRequest(),
                    (HttpServletResponse) event.getSuppliedResponse(),
                    started,
                    null);
        }

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public void onError(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
