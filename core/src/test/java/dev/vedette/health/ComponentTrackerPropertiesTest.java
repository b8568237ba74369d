package dev.vedette.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.ComponentState;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ComponentTrackerPropertiesTest {

    @Provide
    Arbitrary<HealthStatus> statuses() {
        return Arbitraries.of(HealthStatus.UP, HealthStatus.DEGRADED, HealthStatus.DOWN, HealthStatus.UNKNOWN);
    }

    @Property
    void statusAndCountersFollowTheTrailingRunOfDecisiveReports(
            @ForAll @Size(max = 60) List<@From("statuses") HealthStatus> reports,
            @ForAll @IntRange(min = 1, max = 5) int failureThreshold,
            @ForAll @IntRange(min = 1, max = 5) int successThreshold) {
        FlapPolicy policy = FlapPolicy.builder()
                .failureThreshold(failureThreshold)
                .successThreshold(successThreshold)
                .build();
        ComponentState state = null;
        List<HealthStatus> decisive = new ArrayList<>();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (HealthStatus status : reports) {
            at = at.plus(Duration.ofSeconds(30));
            HealthStatus before = state == null ? HealthStatus.UNKNOWN : state.status();
            ComponentTracker.Transition t = ComponentTracker.apply(
                    state, HealthReport.builder("svc", status).checkedAt(at).build(), policy);
            state = t.state();
            if (!status.equals(HealthStatus.UNKNOWN)) {
                decisive.add(status);
            }
            int trailingDown = trailing(decisive, true);
            int trailingAvailable = trailing(decisive, false);

            assertThat(state.consecutiveFailures()).isEqualTo(trailingDown);
            assertThat(state.consecutiveSuccesses()).isEqualTo(trailingAvailable);
            if (decisive.isEmpty()) {
                assertThat(state.status()).isEqualTo(HealthStatus.UNKNOWN);
            }
            if (trailingDown >= failureThreshold) {
                assertThat(state.status()).isEqualTo(HealthStatus.DOWN);
            }
            if (trailingAvailable >= successThreshold
                    || (trailingAvailable > 0 && !state.status().equals(HealthStatus.DOWN))) {
                assertThat(state.status()).isEqualTo(decisive.get(decisive.size() - 1));
            }
            assertThat(t.changed()).isEqualTo(!before.equals(state.status()));
            if (t.changed()) {
                assertThat(t.from()).isEqualTo(before);
                assertThat(t.to()).isEqualTo(state.status());
                assertThat(state.since()).isEqualTo(at);
            }
        }
    }

    private static int trailing(List<HealthStatus> decisive, boolean down) {
        int n = 0;
        for (int i = decisive.size() - 1; i >= 0 && decisive.get(i).equals(HealthStatus.DOWN) == down; i--) {
            n++;
        }
        return n;
    }
}
