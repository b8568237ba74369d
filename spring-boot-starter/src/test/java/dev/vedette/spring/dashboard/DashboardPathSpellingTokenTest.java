package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.springframework.boot.test.context.SpringBootTest;

/** Token mode: odd spellings are refused with 400, whether the client is anonymous, a bearer or a session. */
@SpringBootTest(
        classes = DashboardTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vedette.dashboard.token=" + DashboardTestApp.TOKEN, "vedette.dashboard.max-streams=2"})
class DashboardPathSpellingTokenTest extends DashboardPathSpellingTestBase {
    private List<String> session;

    @Override
    List<Client> clients() throws IOException {
        return List.of(
                new Client("anonymous", List.of(), Set.of(400)),
                new Client("bearer", List.of("Authorization: Bearer " + DashboardTestApp.TOKEN), Set.of(400)),
                new Client("session", session(), Set.of(400)));
    }

    @Override
    Client admin() {
        return new Client("bearer", List.of("Authorization: Bearer " + DashboardTestApp.TOKEN), Set.of());
    }

    /** Signs in through the form: the session and CSRF cookies, and the CSRF header. */
    private List<String> session() throws IOException {
        if (session == null) {
            RawHttp.Response r = http().post(BASE + "/login", "token=" + DashboardTestApp.TOKEN);
            assertThat(r.status()).isEqualTo(303);
            String cookies = r.cookies();
            String csrf = cookies.substring(cookies.indexOf(DashboardAccess.CSRF_COOKIE + "=")
                            + DashboardAccess.CSRF_COOKIE.length()
                            + 1)
                    .split(";")[0];
            session = List.of("Cookie: " + cookies, DashboardAccess.CSRF_HEADER + ": " + csrf);
        }
        return session;
    }
}
