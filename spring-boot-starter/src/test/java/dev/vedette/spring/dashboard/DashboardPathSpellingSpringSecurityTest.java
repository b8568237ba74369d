package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Spring Security with the {@code SecurityFilterChain} documented in docs/dashboard.md (every
 * request authenticated, no {@code requestMatchers} line for the dashboard): a signed-in user
 * without the role gets nothing through any spelling, and neither does the admin.
 */
@SpringBootTest(
        classes = DashboardSecuredTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "vedette.dashboard.max-streams=2")
class DashboardPathSpellingSpringSecurityTest extends DashboardPathSpellingTestBase {
    private static final Pattern FORM_CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    /** Anonymous requests meet Spring Security first: its firewall (400), its login redirect or 401, its CSRF check. */
    static final Set<Integer> ANONYMOUS = Set.of(302, 400, 401, 403);

    private List<String> intruder;
    private List<String> ops;

    @Override
    List<Client> clients() throws IOException {
        return List.of(
                new Client("anonymous", List.of(), ANONYMOUS),
                new Client("intruder", intruder(), intruderRefusals()),
                new Client("admin", admin().headers(), Set.of(400)));
    }

    /** What a signed-in user without the role may get for an odd spelling. */
    Set<Integer> intruderRefusals() {
        return Set.of(400);
    }

    @Override
    Client admin() throws IOException {
        if (ops == null) {
            ops = signIn(DashboardSecuredTestApp.OPS);
        }
        return new Client("admin", ops, Set.of());
    }

    private List<String> intruder() throws IOException {
        if (intruder == null) {
            intruder = signIn(DashboardSecuredTestApp.INTRUDER);
        }
        return intruder;
    }

    /** Signs in on Spring Security's form: the session cookie and Spring's CSRF header for that session. */
    private List<String> signIn(String user) throws IOException {
        RawHttp.Response page = http().get("/login", "Accept: text/html");
        RawHttp.Response r = http().post(
                        "/login",
                        "username=" + user + "&password=" + DashboardSecuredTestApp.PASSWORD + "&_csrf="
                                + URLEncoder.encode(formCsrf(page), StandardCharsets.UTF_8),
                        "Cookie: " + page.cookies(),
                        "Accept: text/html");
        assertThat(r.status()).as(r.toString()).isEqualTo(302);
        String cookie = "Cookie: " + r.cookies();
        String csrf = formCsrf(http().get("/login", cookie, "Accept: text/html"));
        return List.of(cookie, "X-CSRF-TOKEN: " + csrf);
    }

    private static String formCsrf(RawHttp.Response page) {
        Matcher m = FORM_CSRF.matcher(page.body());
        assertThat(m.find()).as(page.toString()).isTrue();
        return m.group(1);
    }
}
