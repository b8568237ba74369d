package dev.vedette.spring.dashboard;

import java.util.Set;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Spring Security with the optional {@code requestMatchers("/vedette/**").hasRole(…)} line: Spring
 * may refuse the user without the role first (403), the dashboard refuses the rest.
 */
@SpringBootTest(
        classes = DashboardSecuredWithMatcherTestApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "vedette.dashboard.max-streams=2")
class DashboardPathSpellingSpringSecurityMatcherTest extends DashboardPathSpellingSpringSecurityTest {

    @Override
    Set<Integer> intruderRefusals() {
        return Set.of(400, 403);
    }
}
