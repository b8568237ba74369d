package dev.vedette.spring.dashboard;

import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** The closed default (neither token nor Spring Security): 404 for every route in every spelling. */
@SpringBootTest(classes = DashboardTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardPathSpellingClosedTest extends DashboardPathSpellingTestBase {

    @Override
    List<Client> clients() {
        return List.of(
                new Client("anonymous", List.of(), Set.of(404)),
                new Client("bearer", List.of("Authorization: Bearer " + DashboardTestApp.TOKEN), Set.of(404)));
    }

    @Override
    @Nullable
    Client admin() {
        return null;
    }

    @Test
    void theCanonicalSpellingOfEveryRouteAnswers404() throws Exception {
        SoftAssertions softly = new SoftAssertions();
        for (Client client : clients()) {
            for (Route route : routes()) {
                RawHttp.Response r = request(route, BASE + route.rel(), client);
                softly.assertThat(r.status()).as(client.name() + " " + route).isEqualTo(404);
            }
        }
        softly.assertAll();
    }
}
