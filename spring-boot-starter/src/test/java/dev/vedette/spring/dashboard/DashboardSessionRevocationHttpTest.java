package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Signing out of the token-mode dashboard: {@code POST /vedette/logout} needs the CSRF token, and a
 * copy of the session cookie taken before signing out no longer opens anything afterwards.
 */
@SpringBootTest(
        classes = DashboardTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "vedette.dashboard.token=" + DashboardTestApp.TOKEN)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardSessionRevocationHttpTest {
    @LocalServerPort
    int port;

    @Autowired
    Monitor monitor;

    private RawHttp http;

    @BeforeAll
    void seed() {
        http = new RawHttp(port);
        DashboardTestApp.seed(monitor);
    }

    /** A signed-in browser: its Cookie header and its CSRF token. */
    private record Session(String cookies, String csrf) {
        String cookie() {
            return "Cookie: " + cookies;
        }
    }

    private Session login() throws IOException {
        RawHttp.Response r = http.post("/vedette/login", "token=" + DashboardTestApp.TOKEN);
        assertThat(r.status()).isEqualTo(303);
        String cookies = r.cookies();
        String prefix = DashboardAccess.CSRF_COOKIE + "=";
        String csrf =
                cookies.substring(cookies.indexOf(prefix) + prefix.length()).split(";")[0];
        return new Session(cookies, csrf);
    }

    @Test
    void aCopiedSessionCookieStopsWorkingAfterSignOut() throws IOException {
        Session browser = login();
        Session copy = new Session(browser.cookies(), browser.csrf());
        assertThat(http.get("/vedette/api/overview", copy.cookie()).status()).isEqualTo(200);

        RawHttp.Response out = http.post("/vedette/logout", "_csrf=" + browser.csrf(), browser.cookie());
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).hasValue("/vedette/login");
        assertThat(out.headers("Set-Cookie"))
                .anySatisfy(c -> assertThat(c).startsWith(DashboardAccess.SESSION_COOKIE + "=;"));

        RawHttp.Response api = http.get("/vedette/api/overview", copy.cookie());
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.body()).doesNotContain("revenue");
        RawHttp.Response page = http.get("/vedette/transactions", copy.cookie());
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).hasValue("/vedette/login");
        AlertRecord a = monitor.raiseAlert(Alert.high("Revocation probe").build());
        RawHttp.Response post = http.post(
                "/vedette/api/alerts/" + a.id() + "/acknowledge",
                "",
                copy.cookie(),
                DashboardAccess.CSRF_HEADER + ": " + copy.csrf());
        assertThat(post.status()).isEqualTo(401);
        assertThat(monitor.alerts().get(a.id()).orElseThrow().status()).isEqualTo(AlertStatus.OPEN);
    }

    @Test
    void signOutWithoutTheCsrfTokenIsRefusedAndTheSessionStaysOpen() throws IOException {
        Session browser = login();
        RawHttp.Response bare = http.post("/vedette/logout", "", browser.cookie());
        assertThat(bare.status()).isEqualTo(403);
        assertThat(bare.body()).contains("CSRF");
        RawHttp.Response wrong = http.post("/vedette/logout", "_csrf=" + "0".repeat(64), browser.cookie());
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(http.get("/vedette/api/overview", browser.cookie()).status()).isEqualTo(200);

        RawHttp.Response viaHeader =
                http.post("/vedette/logout", "", browser.cookie(), DashboardAccess.CSRF_HEADER + ": " + browser.csrf());
        assertThat(viaHeader.status()).isEqualTo(303);
        assertThat(http.get("/vedette/api/overview", browser.cookie()).status()).isEqualTo(401);
    }

    @Test
    void signingOutEndsOnlyThatSession() throws IOException {
        Session first = login();
        Session second = login();
        assertThat(http.post("/vedette/logout", "_csrf=" + first.csrf(), first.cookie())
                        .status())
                .isEqualTo(303);
        assertThat(http.get("/vedette/api/overview", first.cookie()).status()).isEqualTo(401);
        assertThat(http.get("/vedette/api/overview", second.cookie()).status()).isEqualTo(200);
    }

    @Test
    void thePageCarriesTheCsrfTokenForItsSignOutForm() throws IOException {
        Session browser = login();
        RawHttp.Response page = http.get("/vedette/", browser.cookie());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("action=\"/vedette/logout\"")
                .contains("name=\"_csrf\" value=\"" + browser.csrf() + "\"")
                .doesNotContain("{{csrf}}");
    }
}
