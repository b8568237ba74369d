package dev.vedette.spring.dashboard;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards every request under the dashboard's base path: refuses anonymous users (401 for the API, a
 * redirect to the login form for pages), refuses users without the role (403), requires the CSRF
 * token on every POST that a browser session makes (403), handles the login form and logout, and
 * sets security headers. When the dashboard is disabled it answers 404.
 */
public final class DashboardFilter extends OncePerRequestFilter {
    /** Request attribute holding the name of the dashboard user, for audit entries. */
    public static final String USER_ATTRIBUTE = DashboardFilter.class.getName() + ".user";

    private static final int MAX_FAILED_LOGINS_PER_MINUTE = 20;

    private final DashboardAccess access;
    private final Clock clock;
    private final String base;
    private final Object loginLock = new Object();
    private long loginWindow;
    private int failedLogins;

    DashboardFilter(DashboardAccess access, Clock clock) {
        this.access = access;
        this.clock = clock;
        this.base = access.basePath();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !(path.equals(base) || path.startsWith(base + "/"));
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
        String rel = path(request).substring(base.length());
        headers(response, rel);
        String method = request.getMethod();
        if (rel.equals("/login")) {
            if (!access.loginFormEnabled()) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
            } else if (method.equals("POST")) {
                login(request, response);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
        if (rel.equals("/logout") && method.equals("POST")) {
            access.endSession(request, response);
            redirect(request, response, base + "/login");
            return;
        }
        Optional<DashboardAccess.User> user = access.authenticate(request);
        if (user.isEmpty()) {
            refuse(request, response, rel);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
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
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String rel) throws IOException {
        if (access.authenticatedWithoutRole(request)) {
            json(response, HttpServletResponse.SC_FORBIDDEN, "the dashboard requires another role");
        } else if (rel.startsWith("/api/") || !access.loginFormEnabled()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"vedette\"");
            json(response, HttpServletResponse.SC_UNAUTHORIZED, "authentication required");
        } else {
            redirect(request, response, base + "/login");
        }
    }

    private void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (tooManyFailures(false)) {
            response.setHeader("Retry-After", "60");
            redirect(request, response, base + "/login?error=throttled");
            return;
        }
        String token = request.getParameter("token");
        if (access.tokenMatches(token)) {
            access.startSession(request, response);
            redirect(request, response, base + "/");
        } else {
            tooManyFailures(true);
            redirect(request, response, base + "/login?error=token");
        }
    }

    private boolean tooManyFailures(boolean failed) {
        long minute = Instant.now(clock).getEpochSecond() / 60;
        synchronized (loginLock) {
            if (minute != loginWindow) {
                loginWindow = minute;
                failedLogins = 0;
            }
            if (failed) {
                failedLogins++;
            }
            return failedLogins >= MAX_FAILED_LOGINS_PER_MINUTE;
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

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String ctx = request.getContextPath();
        return ctx != null && !ctx.isEmpty() && uri.startsWith(ctx) ? uri.substring(ctx.length()) : uri;
    }
}
