package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.Alert;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LatencyRuleTest {
    private final FakeRuleContext ctx = new FakeRuleContext(Instant.parse("2026-07-01T12:00:00Z"));

    private Transaction[] calls(int n, long millis, String provider) {
        return Tx.times(
                n,
                () -> Tx.of(TransactionStatus.COMPLETED, ctx.now())
                        .provider(provider)
                        .latency(Duration.ofMillis(millis))
                        .build());
    }

    @Test
    void aP95AtTheThresholdIsFineAndJustAboveFires() {
        LatencyRule rule = Rules.latency().above(Duration.ofSeconds(1));
        ctx.feed(rule, calls(20, 1_000, "paypal"));
        assertThat(ctx.raised).isEmpty();

        LatencyRule slow = Rules.latency().above(Duration.ofSeconds(1));
        ctx.feed(slow, calls(20, 1_001, "paypal"));
        assertThat(ctx.raised).hasSize(1);
        Alert alert = ctx.raised.get(0);
        assertThat(alert.title()).isEqualTo("p95 latency above 1s");
        assertThat(alert.message()).startsWith("p95 was 1001 ms over 20 samples in the last 5m");
    }

    @Test
    void fewerSamplesThanTheMinimumNeverFire() {
        LatencyRule rule = Rules.latency().atLeast(20);
        ctx.feed(rule, calls(19, 5_000, "paypal"));
        assertThat(ctx.raised).isEmpty();
        ctx.feed(rule, calls(1, 5_000, "paypal"));
        assertThat(ctx.raised).hasSize(1);
    }

    @Test
    void p99LooksAtTheTail() {
        LatencyRule p95 = Rules.latency().percentile(95);
        LatencyRule p99 = Rules.latency().named("latency-p99").percentile(99);
        for (LatencyRule r : new LatencyRule[] {p95, p99}) {
            ctx.feed(r, calls(97, 100, "stripe"));
            ctx.feed(r, calls(3, 4_000, "stripe"));
        }
        assertThat(ctx.raised).extracting(Alert::dedupKey).containsExactly("rule:latency-p99");
    }

    @Test
    void slowCallsSlideOutOfTheWindowAndTheAlertResolves() {
        LatencyRule rule = Rules.latency().perProvider();
        ctx.feed(rule, calls(30, 3_000, "paypal"));
        assertThat(ctx.active).containsKey("rule:latency:paypal");
        assertThat(ctx.raised.get(0).component()).isEqualTo("paypal");

        ctx.advance(Duration.ofMinutes(5));
        rule.evaluate(ctx);
        assertThat(ctx.active).isEmpty();
        assertThat(ctx.resolved).containsExactly("rule:latency:paypal");
    }

    @Test
    void observationsWithoutLatencyAreIgnored() {
        LatencyRule rule = Rules.latency().atLeast(1);
        ctx.feed(rule, Tx.ok(ctx.now()));
        assertThat(rule.histogram("", ctx.now()).count()).isZero();
    }
}
