package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.TestClock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * A client guessing tokens from one address (127.0.0.2) is locked out with a growing wait, and the
 * lockout is logged without the guesses; a client at another address (127.0.0.1) still signs in.
 */
@SpringBootTest(
        classes = DashboardLoginThrottleHttpTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "vedette.dashboard.token=" + DashboardTestApp.TOKEN)
@ExtendWith(OutputCaptureExtension.class)
class DashboardLoginThrottleHttpTest {
    private static final String GUESS = "guessed-token-0000";
    private static final TestClock CLOCK = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));

    /** The test app with a monitor on a clock that only the test moves. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration(
            exclude = {
                SecurityAutoConfiguration.class,
                UserDetailsServiceAutoConfiguration.class,
                ServletWebSecurityAutoConfiguration.class,
                SecurityFilterAutoConfiguration.class,
                ManagementWebSecurityAutoConfiguration.class
            })
    static class App {
        @Bean(destroyMethod = "close")
        Monitor monitor() {
            return Monitor.builder()
                    .store(new InMemoryStore())
                    .clock(CLOCK)
                    .backgroundJobs(false)
                    .build();
        }
    }

    @LocalServerPort
    int port;

    @Test
    void guessingFromOneAddressLocksOutThatAddressOnly(CapturedOutput output) throws IOException {
        RawHttp guesser = new RawHttp(port, InetAddress.getByName("127.0.0.2"));
        for (int i = 1; i <= LoginThrottle.FREE_FAILURES; i++) {
            RawHttp.Response r = guesser.post("/vedette/login", "token=" + GUESS + i);
            assertThat(r.header("Location")).as("attempt %d", i).hasValue("/vedette/login?error=token");
        }
        for (int i = 0; i < 25; i++) {
            guesser.post("/vedette/login", "token=" + GUESS);
        }
        RawHttp.Response locked = guesser.post("/vedette/login", "token=" + DashboardTestApp.TOKEN);
        assertThat(locked.status()).isEqualTo(303);
        assertThat(locked.header("Location")).hasValue("/vedette/login?error=throttled&wait=1");
        assertThat(locked.header("Retry-After")).hasValue("1");
        assertThat(locked.headers("Set-Cookie")).isEmpty();

        // the wait doubles with each further failure
        CLOCK.advance(Duration.ofSeconds(1));
        assertThat(guesser.post("/vedette/login", "token=" + GUESS).header("Location"))
                .hasValue("/vedette/login?error=token");
        assertThat(guesser.post("/vedette/login", "token=" + DashboardTestApp.TOKEN)
                        .header("Location"))
                .hasValue("/vedette/login?error=throttled&wait=2");
        CLOCK.advance(Duration.ofSeconds(2));
        RawHttp.Response after = guesser.post("/vedette/login", "token=" + DashboardTestApp.TOKEN);
        assertThat(after.header("Location")).hasValue("/vedette/");

        RawHttp colleague = new RawHttp(port, InetAddress.getByName("127.0.0.1"));
        RawHttp.Response wrong = colleague.post("/vedette/login", "token=" + GUESS);
        assertThat(wrong.header("Location")).hasValue("/vedette/login?error=token");
        RawHttp.Response ok = colleague.post("/vedette/login", "token=" + DashboardTestApp.TOKEN);
        assertThat(ok.status()).isEqualTo(303);
        assertThat(ok.header("Location")).hasValue("/vedette/");
        assertThat(ok.cookies()).contains(DashboardAccess.SESSION_COOKIE + "=");

        assertThat(output.getAll().lines().filter(l -> l.contains("Vedette dashboard login locked")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l)
                        .contains("WARN")
                        .contains("127.0.0.2")
                        .doesNotContain(GUESS)
                        .doesNotContain(DashboardTestApp.TOKEN));
        assertThat(output.getAll()).doesNotContain(GUESS).doesNotContain(DashboardTestApp.TOKEN);
    }
}
