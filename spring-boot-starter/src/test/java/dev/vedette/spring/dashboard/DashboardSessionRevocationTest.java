package dev.vedette.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

class DashboardSessionRevocationTest {
    private static final String TOKEN = "a-long-enough-token-123";

    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final DashboardAccess access = access();

    private DashboardAccess access() {
        DashboardAccess a = new DashboardAccess(
                DashboardSettings.of("/vedette", TOKEN, new VedetteDashboardProperties()),
                new DefaultListableBeanFactory(),
                clock);
        a.afterSingletonsInstantiated();
        return a;
    }

    @Test
    void aRevokedSessionIsRefusedAndOthersAreNot() {
        String mine = access.newSession();
        String yours = access.newSession();
        access.revoke(mine);
        assertThat(access.validSession(mine)).isFalse();
        assertThat(access.validSession(yours)).isTrue();
    }

    @Test
    void revocationHoldsUntilTheSessionWouldHaveExpired() {
        String mine = access.newSession();
        access.revoke(mine);
        clock.advance(Duration.ofHours(7).plusMinutes(59));
        assertThat(access.validSession(mine)).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(access.validSession(mine)).isFalse();
    }

    @Test
    void forgedOrExpiredValuesAreNotKept() {
        access.revoke("garbage");
        access.revoke("99999999999.nonce.forged");
        String old = access.newSession();
        clock.advance(Duration.ofHours(9));
        access.revoke(old);
        assertThat(access.validSession(access.newSession())).isTrue();
    }

    @Test
    void tooManyUnexpiredRevocationsEndEverySessionInstead() {
        List<String> live = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            live.add(access.newSession());
        }
        for (int i = 0; i < DashboardAccess.MAX_REVOKED; i++) {
            access.revoke(access.newSession());
        }
        assertThat(live).allMatch(access::validSession);
        access.revoke(access.newSession());
        assertThat(live).noneMatch(access::validSession);
        String fresh = access.newSession();
        assertThat(access.validSession(fresh)).isTrue();
        access.revoke(fresh);
        assertThat(access.validSession(fresh)).isFalse();
    }
}
