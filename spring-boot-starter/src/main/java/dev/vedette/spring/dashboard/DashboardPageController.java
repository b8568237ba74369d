package dev.vedette.spring.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * Serves the dashboard's pages: one HTML shell for every page route (the script renders the page
 * from the path, so each page has a bookmarkable address) and the login form. The shell carries the
 * base path and the CSRF token for its sign-out form; all data arrives through the JSON API.
 */
@DashboardHandler
@RestController
@Conditional(NotComponentScanned.class)
public class DashboardPageController {
    private static final String BASE_PLACEHOLDER = "{{base}}";
    private static final String CSRF_PLACEHOLDER = "{{csrf}}";

    private final String base;
    private final DashboardAccess access;
    private final String shell;
    private final String login;

    DashboardPageController(String base, DashboardAccess access) {
        this.base = base;
        this.access = access;
        this.shell = read("vedette-dashboard/index.html");
        this.login = read("vedette-dashboard/login.html");
    }

    /** The dashboard pages. */
    @GetMapping({
        "",
        "/",
        "/transactions",
        "/transactions/{id}",
        "/health",
        "/health/{component}",
        "/errors",
        "/alerts",
        "/analytics",
        "/reports",
        "/keys"
    })
    public ResponseEntity<String> page(HttpServletRequest request, HttpServletResponse response) {
        // the sign-out form posts the CSRF token as a field
        String csrf = HtmlUtils.htmlEscape(access.csrfToken(request, response));
        return html(shell.replace(CSRF_PLACEHOLDER, csrf), request);
    }

    /** The login form (token mode). */
    @GetMapping("/login")
    public ResponseEntity<String> login(HttpServletRequest request) {
        return html(login, request);
    }

    private ResponseEntity<String> html(String template, HttpServletRequest request) {
        String b = HtmlUtils.htmlEscape(request.getContextPath() + base);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(template.replace(BASE_PLACEHOLDER, b));
    }

    private static String read(String path) {
        try (InputStream in = DashboardPageController.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
