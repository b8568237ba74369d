package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.TestClock;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

class DashboardAccessTest {
    private static final String TOKEN = "a-long-enough-token-123";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));

    private static DashboardSettings settings(String token) {
        VedetteDashboardProperties p = new VedetteDashboardProperties();
        p.setTokenName("ops");
        return DashboardSettings.of("/vedette/", token, p);
    }

    private DashboardAccess access(String token, DefaultListableBeanFactory beans) {
        DashboardAccess a = new DashboardAccess(settings(token), beans, clock);
        a.afterSingletonsInstantiated();
        return a;
    }

    private static DefaultListableBeanFactory withSecurityFilterChain() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("chain", new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, List.of()));
        return beans;
    }

    @Test
    void withoutTokenOrSpringSecurityTheDashboardIsDisabledAndAnswers404() throws Exception {
        DashboardAccess a = access(null, new DefaultListableBeanFactory());
        assertThat(a.mode()).isEqualTo(DashboardAccess.Mode.DISABLED);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/vedette/api/overview");
        request.addHeader("Authorization", "Bearer " + TOKEN);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new DashboardFilter(a, clock).doFilter(request, response, chain);
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void otherPathsPassThroughTheFilterUntouched() throws Exception {
        DashboardAccess a = access(TOKEN, new DefaultListableBeanFactory());
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/vedettex/api/overview");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        new DashboardFilter(a, clock).doFilter(request, response, chain);
        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(response.getHeader("Content-Security-Policy")).isNull();
    }

    @Test
    void springSecurityModeRequiresTheRole() {
        DashboardAccess a = access(null, withSecurityFilterChain());
        assertThat(a.mode()).isEqualTo(DashboardAccess.Mode.SPRING_SECURITY);
        assertThat(a.loginFormEnabled()).isFalse();

        MockHttpServletRequest admin = new MockHttpServletRequest();
        admin.setUserPrincipal(() -> "alice");
        admin.addUserRole("VEDETTE_ADMIN");
        assertThat(a.authenticate(admin)).contains(new DashboardAccess.User("alice", false));

        MockHttpServletRequest user = new MockHttpServletRequest();
        user.setUserPrincipal(() -> "bob");
        user.addUserRole("USER");
        assertThat(a.authenticate(user)).isEmpty();
        assertThat(a.authenticatedWithoutRole(user)).isTrue();

        assertThat(a.authenticate(new MockHttpServletRequest())).isEmpty();
    }

    @Test
    void userWithoutTheRoleGets403() throws Exception {
        DashboardAccess a = access(null, withSecurityFilterChain());
        MockHttpServletRequest user = new MockHttpServletRequest("GET", "/vedette/api/overview");
        user.setUserPrincipal(() -> "bob");
        MockHttpServletResponse response = new MockHttpServletResponse();
        new DashboardFilter(a, clock).doFilter(user, response, new MockFilterChain());
        assertThat(response.getStatus()).isEqualTo(403);
        MockHttpServletRequest anonymous = new MockHttpServletRequest("GET", "/vedette/");
        MockHttpServletResponse anonymousResponse = new MockHttpServletResponse();
        new DashboardFilter(a, clock).doFilter(anonymous, anonymousResponse, new MockFilterChain());
        assertThat(anonymousResponse.getStatus()).isEqualTo(401);
    }

    @Test
    void tokenIsComparedExactly() {
        DashboardAccess a = access(TOKEN, new DefaultListableBeanFactory());
        assertThat(a.mode()).isEqualTo(DashboardAccess.Mode.TOKEN);
        assertThat(a.tokenMatches(TOKEN)).isTrue();
        assertThat(a.tokenMatches(TOKEN + " ")).isFalse();
        assertThat(a.tokenMatches(TOKEN.substring(1))).isFalse();
        assertThat(a.tokenMatches("")).isFalse();
        assertThat(a.tokenMatches(null)).isFalse();
    }

    @Test
    void sessionCookieExpiresAndCannotBeForged() {
        DashboardAccess a = access(TOKEN, new DefaultListableBeanFactory());
        String session = a.newSession();
        assertThat(session).doesNotContain(TOKEN);
        assertThat(a.validSession(session)).isTrue();

        String[] parts = session.split("\\.");
        String extended = (Long.parseLong(parts[0]) + 86_400) + "." + parts[1] + "." + parts[2];
        assertThat(a.validSession(extended)).isFalse();
        assertThat(a.validSession("garbage")).isFalse();
        assertThat(a.validSession("1.2.3")).isFalse();

        clock.advance(Duration.ofHours(8).plusSeconds(1));
        assertThat(a.validSession(session)).isFalse();

        DashboardAccess otherToken = access("another-token-of-16+", new DefaultListableBeanFactory());
        assertThat(otherToken.validSession(a.newSession())).isFalse();
    }

    @Test
    void csrfHeaderMustRepeatTheCookie() {
        DashboardAccess a = access(TOKEN, new DefaultListableBeanFactory());
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockHttpServletRequest first = new MockHttpServletRequest();
        first.setSecure(true);
        String csrf = a.csrfToken(first, response);
        assertThat(response.getHeader("Set-Cookie"))
                .startsWith(DashboardAccess.CSRF_COOKIE + "=" + csrf)
                .contains("Secure")
                .contains("HttpOnly")
                .contains("SameSite=Strict");

        MockHttpServletRequest post = new MockHttpServletRequest("POST", "/vedette/api/x");
        post.setCookies(new Cookie(DashboardAccess.CSRF_COOKIE, csrf));
        assertThat(a.csrfValid(post)).isFalse();
        post.addHeader(DashboardAccess.CSRF_HEADER, csrf);
        assertThat(a.csrfValid(post)).isTrue();

        MockHttpServletRequest mismatch = new MockHttpServletRequest("POST", "/vedette/api/x");
        mismatch.setCookies(new Cookie(DashboardAccess.CSRF_COOKIE, csrf));
        mismatch.addHeader(
                DashboardAccess.CSRF_HEADER, csrf.replace(csrf.charAt(0), csrf.charAt(0) == 'a' ? 'b' : 'a'));
        assertThat(a.csrfValid(mismatch)).isFalse();

        MockHttpServletRequest headerOnly = new MockHttpServletRequest("POST", "/vedette/api/x");
        headerOnly.addHeader(DashboardAccess.CSRF_HEADER, csrf);
        assertThat(a.csrfValid(headerOnly)).isFalse();
    }

    @Test
    void settingsAreValidated() {
        VedetteDashboardProperties p = new VedetteDashboardProperties();
        assertThat(DashboardSettings.of("ops/vedette/", null, p).basePath()).isEqualTo("/ops/vedette");
        assertThatThrownBy(() -> DashboardSettings.of("/", null, p))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vedette.dashboard.base-path");
        assertThatThrownBy(() -> DashboardSettings.of("/a b", null, p)).hasMessageContaining("base-path");
        assertThatThrownBy(() -> DashboardSettings.of("/vedette", "short", p))
                .hasMessage("vedette.dashboard.token must be at least 16 characters, was 5 characters");
        assertThat(DashboardSettings.of("/vedette", "  ", p).token()).isNull();
        p.setRole("ROLE_ADMIN");
        assertThatThrownBy(() -> DashboardSettings.of("/vedette", null, p)).hasMessageContaining("ROLE_ prefix");
    }

    @Test
    void sessionReportsSpringSecuritysCsrfTokenForThePagesToSend() {
        DashboardAccess a = access(null, withSecurityFilterChain());
        try (Monitor monitor = Monitor.builder()
                .store(new InMemoryStore())
                .backgroundJobs(false)
                .build()) {
            DashboardSessionApi api = new DashboardSessionApi(monitor, settings(null), a, "UTC");
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/vedette/api/session");
            request.setAttribute(DashboardFilter.USER_ATTRIBUTE, "alice");
            request.setAttribute(
                    CsrfToken.class.getName(), new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "spring-token"));
            MockHttpServletResponse response = new MockHttpServletResponse();
            DashboardSessionApi.Session session = api.session(request, response);
            assertThat(session.user()).isEqualTo("alice");
            assertThat(session.mode()).isEqualTo("SPRING_SECURITY");
            assertThat(session.springCsrf())
                    .isEqualTo(new DashboardSessionApi.SpringCsrf("X-CSRF-TOKEN", "spring-token"));
            assertThat(session.csrfToken()).hasSize(64);
            assertThat(response.getHeader("Set-Cookie")).startsWith(DashboardAccess.CSRF_COOKIE + "=");
        }
    }

    @Test
    void emailsAreMasked() {
        assertThat(DashboardViews.mask("ada@example.com")).isEqualTo("a***@example.com");
        assertThat(DashboardViews.mask("a@b.c")).isEqualTo("a***@b.c");
        assertThat(DashboardViews.mask("nobody")).isEqualTo("n***");
        assertThat(DashboardViews.mask("@example.com")).isEqualTo("@***");
        assertThat(DashboardViews.mask("😀x@example.com")).isEqualTo("😀***@example.com");
        assertThat(DashboardViews.mask("")).isEmpty();
        assertThat(DashboardViews.mask(null)).isNull();
    }
}
