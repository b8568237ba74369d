package dev.vedette.spring.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.vedette.Monitor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code GET {base}/api/session}: who is signed in, the CSRF token to send back, and what the pages need. */
@DashboardApi
public class DashboardSessionApi {
    private static final String SPRING_CSRF_ATTRIBUTE = "org.springframework.security.web.csrf.CsrfToken";

    private final Monitor monitor;
    private final DashboardSettings settings;
    private final DashboardAccess access;
    private final String zone;

    DashboardSessionApi(Monitor monitor, DashboardSettings settings, DashboardAccess access, String zone) {
        this.monitor = monitor;
        this.settings = settings;
        this.access = access;
        this.zone = zone;
    }

    /**
     * The signed-in session.
     *
     * @param user the dashboard user's name
     * @param mode SPRING_SECURITY or TOKEN
     * @param csrfHeader header to send the CSRF token in
     * @param csrfToken the dashboard's CSRF token
     * @param basePath context path and base path
     * @param maskEmails whether e-mail addresses are masked
     * @param zone the business zone, as browsers name it
     * @param channels notification channels
     * @param logout whether the pages offer a sign-out form
     * @param apiKeys whether the ingest API is on, so the pages offer the API keys page
     * @param springCsrf Spring Security's CSRF token, present only when Spring Security issued one
     */
    public record Session(
            String user,
            String mode,
            String csrfHeader,
            String csrfToken,
            String basePath,
            boolean maskEmails,
            String zone,
            List<String> channels,
            boolean logout,
            boolean apiKeys,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            SpringCsrf springCsrf) {}

    /**
     * Spring Security's CSRF token.
     *
     * @param headerName header to send it in
     * @param token the token
     */
    public record SpringCsrf(Object headerName, Object token) {}

    /** Who is signed in, the CSRF token to send back, and settings the pages need. */
    @GetMapping("/session")
    public Session session(HttpServletRequest request, HttpServletResponse response) {
        Object springToken = request.getAttribute(SPRING_CSRF_ATTRIBUTE);
        return new Session(
                user(request),
                access.mode().name(),
                DashboardAccess.CSRF_HEADER,
                access.csrfToken(request, response),
                request.getContextPath() + access.basePath(),
                settings.maskEmails(),
                zone,
                List.copyOf(monitor.alerts().channels()),
                access.loginFormEnabled()
                        && (access.mode() == DashboardAccess.Mode.TOKEN
                                || access.mode() == DashboardAccess.Mode.API_KEYS),
                access.apiKeysEnabled(),
                springToken == null ? null : springCsrf(springToken));
    }

    private static @Nullable SpringCsrf springCsrf(Object token) {
        try {
            Class<?> type =
                    Class.forName(SPRING_CSRF_ATTRIBUTE, false, token.getClass().getClassLoader());
            Method header = type.getMethod("getHeaderName");
            Method value = type.getMethod("getToken");
            return new SpringCsrf(header.invoke(token), value.invoke(token));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The dashboard user's name, which {@link DashboardFilter} put on the request. */
    static String user(HttpServletRequest request) {
        Object u = request.getAttribute(DashboardFilter.USER_ATTRIBUTE);
        if (u == null) {
            throw new IllegalStateException("dashboard request without a user");
        }
        return u.toString();
    }
}
