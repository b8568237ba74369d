package dev.vedette.spring.dashboard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards every request for the dashboard: refuses every spelling of a dashboard path but the
 * canonical one (400, see {@link DashboardPath}), refuses anonymous users (401 for the API, a
 * redirect to the login form for pages), refuses users without the role (403), requires the CSRF
 * token on every POST that a browser session makes (403), handles the login form (throttled per
 * client address by {@link LoginThrottle}) and logout (which needs the CSRF token and revokes the
 * session), and sets security headers. The login form's own stylesheet and script are served
 * without a session. When the dashboard is disabled it answers 404.
 *
 * <p>It is registered for every path and decides from the path the servlet container decoded, so
 * that no spelling the container or Spring MVC would route to the dashboard passes it unseen.
 */
public final class DashboardFilter extends OncePerRequestFilter {
    /** Request attribute holding the name of the dashboard user, for audit entries. */
    public static final String USER_ATTRIBUTE = DashboardFilter.class.getName() + ".user";

    /** Request attribute set on every request this filter let through to a dashboard handler. */
    static final String PASSED_ATTRIBUTE = DashboardFilter.class.getName() + ".passed";

    /** What the login page needs, served without a session. */
    static final Set<String> PUBLIC_ASSETS = Set.of("/assets/app.css", "/assets/login.js");

    private static final String TARGET_ATTRIBUTE = DashboardFilter.class.getName() + ".target";

    private final DashboardAccess access;
    private final LoginThrottle throttle;
    private final DashboardPath paths;
    private final String base;

    DashboardFilter(DashboardAccess access, Clock clock) {
        this.access = access;
        this.throttle = new LoginThrottle(clock);
        this.base = access.basePath();
        this.paths = new DashboardPath(base);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return target(request).kind() == DashboardPath.Kind.OUTSIDE;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (access.mode() == DashboardAccess.Mode.DISABLED) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        DashboardPath.Target target = target(request);
        if (target.kind() == DashboardPath.Kind.REJECTED) {
            headers(response, "");
            json(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "the dashboard accepts only the canonical spelling of its paths"
                            + " (no path parameters, encoded slashes, dots or letters, // or .. segments)");
            return;
        }
        String rel = target.rel();
        headers(response, rel);
        String method = request.getMethod();
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (rel.equals("/login")) {
            if (!access.loginFormEnabled()) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
            } else if (method.equals("POST")) {
                login(request, response);
            } else {
                pass(request, response, chain);
            }
            return;
        }
        if (rel.equals("/logout") && method.equals("POST")) {
            logout(request, response);
            return;
        }
        if (read && PUBLIC_ASSETS.contains(rel)) {
            pass(request, response, chain);
            return;
        }
        Optional<DashboardAccess.User> user = access.authenticate(request);
        if (user.isEmpty()) {
            refuse(request, response, rel);
            return;
        }
        if (!read) {
            if (!method.equals("POST")) {
                json(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET and POST are allowed");
                return;
            }
            if (!user.get().bearer() && !access.csrfValid(request)) {
                json(response, HttpServletResponse.SC_FORBIDDEN, "missing or invalid CSRF token");
                return;
            }
        }
        request.setAttribute(USER_ATTRIBUTE, user.get().name());
        pass(request, response, chain);
    }

    private DashboardPath.Target target(HttpServletRequest request) {
        if (request.getAttribute(TARGET_ATTRIBUTE) instanceof DashboardPath.Target t) {
            return t;
        }
        DashboardPath.Target t = paths.classify(request);
        request.setAttribute(TARGET_ATTRIBUTE, t);
        return t;
    }

    private static void pass(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(PASSED_ATTRIBUTE, Boolean.TRUE);
        chain.doFilter(request, response);
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<DashboardAccess.User> user = access.authenticate(request);
        boolean bearer = user.isPresent() && user.get().bearer();
        if (!bearer && !access.csrfValid(request) && !access.csrfValid(request, request.getParameter("_csrf"))) {
            json(response, HttpServletResponse.SC_FORBIDDEN, "missing or invalid CSRF token");
            return;
        }
        access.endSession(request, response);
        redirect(request, response, base + "/login");
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String rel) throws IOException {
        if (access.ingestKeyOnly(request)) {
            json(
                    response,
                    HttpServletResponse.SC_FORBIDDEN,
                    "an ingest API key cannot use the dashboard; use an admin key");
        } else if (access.authenticatedWithoutRole(request)) {
            json(response, HttpServletResponse.SC_FORBIDDEN, "the dashboard requires another role");
        } else if (rel.startsWith("/api/") || !access.loginFormEnabled()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"vedette\"");
            json(response, HttpServletResponse.SC_UNAUTHORIZED, "authentication required");
        } else {
            redirect(request, response, base + "/login");
        }
    }

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String address = request.getRemoteAddr();
        Duration wait = throttle.retryAfter(address);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            redirect(request, response, base + "/login?error=throttled&wait=" + seconds);
            return;
        }
        String token = request.getParameter("token");
        if (access.tokenMatches(token)) {
            throttle.succeeded(address);
            access.startSession(request, response);
            redirect(request, response, base + "/");
        } else {
            throttle.failed(address);
            redirect(request, response, base + "/login?error=token");
        }
    }

    private static void headers(HttpServletResponse response, String rel) {
        response.setHeader(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                        + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
                        + " frame-ancestors 'none'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (!rel.startsWith("/assets/")) {
            response.setHeader("Cache-Control", "no-store");
        }
    }

    private static void redirect(HttpServletRequest request, HttpServletResponse response, String target) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + target);
    }

    private static void json(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"error\":\"" + message + "\",\"status\":" + status + "}");
    }
}
