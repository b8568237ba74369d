package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoginThrottleTest {
    private static final String ATTACKER = "203.0.113.7";
    private static final String COLLEAGUE = "198.51.100.20";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:10Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(LoginThrottle.class);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    private void fail(String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.retryAfter(address)).isZero();
            throttle.failed(address);
        }
    }

    @Test
    void theFirstFailuresOfAnAddressCostNothing() {
        fail(ATTACKER, LoginThrottle.FREE_FAILURES);
        assertThat(throttle.retryAfter(ATTACKER)).isZero();
        assertThat(log.list).isEmpty();
    }

    @Test
    void furtherFailuresLockTheAddressOutForAWaitThatDoubles() {
        fail(ATTACKER, LoginThrottle.FREE_FAILURES);
        Duration expected = Duration.ofSeconds(1);
        for (int i = 0; i < 12; i++) {
            throttle.failed(ATTACKER);
            assertThat(throttle.retryAfter(ATTACKER)).isEqualTo(expected);
            clock.advance(expected.minusMillis(1));
            assertThat(throttle.retryAfter(ATTACKER)).isEqualTo(Duration.ofMillis(1));
            clock.advance(Duration.ofMillis(1));
            assertThat(throttle.retryAfter(ATTACKER)).isZero();
            expected = expected.multipliedBy(2);
            if (expected.compareTo(LoginThrottle.MAX_LOCKOUT) > 0) {
                expected = LoginThrottle.MAX_LOCKOUT;
            }
        }
        assertThat(LoginThrottle.lockout(10)).isEqualTo(Duration.ofSeconds(512));
        assertThat(LoginThrottle.lockout(11)).isEqualTo(LoginThrottle.MAX_LOCKOUT);
        assertThat(LoginThrottle.lockout(1_000)).isEqualTo(LoginThrottle.MAX_LOCKOUT);
    }

    @Test
    void aLockedAddressDoesNotLockOutAnotherOne() {
        fail(ATTACKER, LoginThrottle.FREE_FAILURES + 1);
        assertThat(throttle.retryAfter(ATTACKER)).isPositive();
        assertThat(throttle.retryAfter(COLLEAGUE)).isZero();
        throttle.failed(COLLEAGUE);
        assertThat(throttle.retryAfter(COLLEAGUE)).isZero();
    }

    @Test
    void eachLockoutIsLoggedAtWarnWithTheAddress() {
        fail(ATTACKER, LoginThrottle.FREE_FAILURES + 1);
        clock.advance(Duration.ofSeconds(1));
        throttle.failed(ATTACKER);
        assertThat(log.list).hasSize(2).allSatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains(ATTACKER);
        });
        assertThat(log.list.get(0).getFormattedMessage())
                .contains("locked for 1 s")
                .contains("after 6 failed logins");
        assertThat(log.list.get(1).getFormattedMessage())
                .contains("locked for 2 s")
                .contains("after 7 failed logins");
    }

    @Test
    void aSuccessClearsTheAddress() {
        fail(ATTACKER, LoginThrottle.FREE_FAILURES);
        throttle.succeeded(ATTACKER);
        fail(ATTACKER, LoginThrottle.FREE_FAILURES);
        assertThat(throttle.retryAfter(ATTACKER)).isZero();
    }

    @Test
    void failuresAreForgottenAfterAnHourWithoutOne() {
        fail(ATTACKER, LoginThrottle.FREE_FAILURES);
        clock.advance(LoginThrottle.FORGET_AFTER);
        fail(ATTACKER, LoginThrottle.FREE_FAILURES);
        assertThat(throttle.retryAfter(ATTACKER)).isZero();
        throttle.failed(ATTACKER);
        assertThat(throttle.retryAfter(ATTACKER)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theGlobalCapIsFarAboveOneAddressAndHoldsUntilTheNextMinute() {
        for (int i = 0; i < LoginThrottle.GLOBAL_FAILURES_PER_MINUTE - 1; i++) {
            throttle.failed("10.0." + (i / 250) + "." + (i % 250));
        }
        assertThat(throttle.retryAfter(COLLEAGUE)).isZero();
        throttle.failed("10.9.9.9");
        assertThat(throttle.retryAfter(COLLEAGUE)).isEqualTo(Duration.ofSeconds(50));
        assertThat(log.list)
                .filteredOn(e -> e.getFormattedMessage().contains("every address"))
                .singleElement()
                .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
        clock.advance(Duration.ofSeconds(50));
        assertThat(throttle.retryAfter(COLLEAGUE)).isZero();
    }
}
