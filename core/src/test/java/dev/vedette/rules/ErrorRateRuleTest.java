package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorRateRuleTest {
    private final FakeRuleContext ctx = new FakeRuleContext(Instant.parse("2026-07-01T12:00:00Z"));

    private Transaction[] mix(int total, int failed) {
        List<Transaction> out = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            out.add(i < failed ? Tx.failed(ctx.now()) : Tx.ok(ctx.now()));
        }
        return out.toArray(new Transaction[0]);
    }

    @Test
    void exactlyTenPercentDoesNotFireButJustAboveDoes() {
        ErrorRateRule rule = Rules.errorRate();
        ctx.feed(rule, mix(100, 10));
        assertThat(ctx.raised).as("10 %% is not above 10 %%").isEmpty();

        ctx.feed(rule, Tx.failed(ctx.now()));
        assertThat(ctx.raised).hasSize(1);
        Alert alert = ctx.raised.get(0);
        assertThat(alert.dedupKey()).isEqualTo("rule:error-rate");
        assertThat(alert.source()).isEqualTo("rule:error-rate");
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.title()).isEqualTo("Payment failure rate above 10.0%");
        assertThat(alert.message()).startsWith("11 of 101 payments failed (10.9%) in the last 5m");
    }

    @Test
    void belowTheMinimumVolumeNothingFiresEvenWhenEverythingFails() {
        ErrorRateRule rule = Rules.errorRate().atLeast(20);
        ctx.feed(rule, mix(19, 19));
        assertThat(ctx.raised).isEmpty();
        ctx.feed(rule, Tx.failed(ctx.now()));
        assertThat(ctx.raised).hasSize(1);
    }

    @Test
    void raisesOnceWhileFiringAndResolvesWhenTheRateRecovers() {
        ErrorRateRule rule = Rules.errorRate();
        ctx.feed(rule, mix(20, 5));
        ctx.feed(rule, mix(5, 5));
        assertThat(ctx.raised).as("one alert while the condition holds").hasSize(1);

        ctx.feed(rule, mix(200, 0));
        assertThat(ctx.resolved).containsExactly("rule:error-rate");
        assertThat(ctx.active).isEmpty();
    }

    @Test
    void failuresSlideOutOfTheWindowAndTheScheduledRunResolves() {
        ErrorRateRule rule = Rules.errorRate().over(Duration.ofMinutes(5));
        ctx.feed(rule, mix(20, 10));
        assertThat(ctx.active).containsKey("rule:error-rate");

        ctx.advance(Duration.ofMinutes(4).plusSeconds(50));
        rule.evaluate(ctx);
        assertThat(ctx.active).as("still inside the window").containsKey("rule:error-rate");

        ctx.advance(Duration.ofSeconds(10));
        rule.evaluate(ctx);
        assertThat(ctx.active).isEmpty();
        assertThat(ctx.resolved).containsExactly("rule:error-rate");
    }

    @Test
    void observationsOlderThanTheWindowAreIgnored() {
        ErrorRateRule rule = Rules.errorRate();
        Instant old = ctx.now().minus(Duration.ofMinutes(6));
        Transaction[] late = Tx.times(30, () -> Tx.failed(old));
        ctx.feed(rule, late);
        assertThat(ctx.raised).isEmpty();
    }

    @Test
    void pendingAndStepOnlyObservationsDoNotCount() {
        ErrorRateRule rule = Rules.errorRate().atLeast(2);
        ctx.feed(rule, Tx.of(TransactionStatus.PENDING, ctx.now()).build(), Tx.failed(ctx.now()));
        ctx.feed(
                rule,
                Transaction.builder("s1")
                        .step("email_sent")
                        .occurredAt(ctx.now())
                        .build());
        assertThat(ctx.raised).isEmpty();
    }

    @Test
    void perProviderRaisesOneAlertForTheFailingProviderOnly() {
        ErrorRateRule rule = Rules.errorRate().perProvider();
        List<Transaction> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(Tx.of(i < 10 ? TransactionStatus.FAILED : TransactionStatus.COMPLETED, ctx.now())
                    .provider("paypal")
                    .build());
            batch.add(Tx.of(TransactionStatus.COMPLETED, ctx.now())
                    .provider("stripe")
                    .build());
        }
        ctx.feed(rule, batch.toArray(new Transaction[0]));
        assertThat(ctx.raised).hasSize(1);
        Alert alert = ctx.raised.get(0);
        assertThat(alert.dedupKey()).isEqualTo("rule:error-rate:paypal");
        assertThat(alert.labels()).containsEntry("provider", "paypal");
        assertThat(alert.component()).isEqualTo("paypal");
        assertThat(alert.title()).isEqualTo("Payment failure rate above 10.0% for provider paypal");
    }

    @Test
    void aWaveOfDeclinesDoesNotPageWhenTheRuleTargetsOutages() {
        ErrorRateRule rule = Rules.errorRate().perProvider().onlyClasses(FailureClass.PROVIDER_OUTAGE);
        List<Transaction> declines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            declines.add(Tx.of(i % 2 == 0 ? TransactionStatus.FAILED : TransactionStatus.COMPLETED, ctx.now())
                    .provider("paypal")
                    .error("INSTRUMENT_DECLINED", "declined")
                    .build());
        }
        ctx.feed(rule, declines.toArray(new Transaction[0]));
        assertThat(ctx.raised).isEmpty();

        Transaction[] outage = Tx.times(
                20,
                () -> Tx.of(TransactionStatus.ERROR, ctx.now())
                        .provider("paypal")
                        .error("INTERNAL_SERVER_ERROR", "PayPal returned 500")
                        .build());
        ctx.feed(rule, outage);
        assertThat(ctx.raised)
                .extracting(Alert::title)
                .containsExactly("provider outage failure rate above 10.0% for provider paypal");
    }

    @Test
    void groupStateIsBoundedAndEvictionsAreCounted() {
        ErrorRateRule rule = Rules.errorRate().perProvider().maxKeys(2);
        for (String p : List.of("paypal", "stripe", "mollie")) {
            ctx.feed(
                    rule,
                    Tx.of(TransactionStatus.COMPLETED, ctx.now()).provider(p).build());
        }
        assertThat(rule.trackedKeys()).isEqualTo(2);
        assertThat(rule.evictions()).isEqualTo(1);
    }

    @Test
    void badOptionsAreRejectedWithTheValue() {
        assertThatThrownBy(() -> Rules.errorRate().above(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold must be at least 0 and below 1, was 1.5");
        assertThatThrownBy(() -> Rules.errorRate().atLeast(0)).hasMessage("minVolume must be at least 1, was 0");
        assertThatThrownBy(() -> Rules.errorRate().over(Duration.ZERO)).hasMessage("window must be positive, was PT0S");
        assertThatThrownBy(() -> Rules.errorRate().named("Error Rate")).hasMessageContaining("'Error Rate'");
        assertThatThrownBy(() -> Rules.errorRate().onlyClasses()).hasMessageContaining("at least one");
    }

    @Test
    void fluentMethodsReturnNewRulesAndLeaveTheOriginalUnchanged() {
        ErrorRateRule base = Rules.errorRate();
        ErrorRateRule named = base.named("checkout-errors");
        assertThat(base.name()).isEqualTo("error-rate");
        assertThat(named.name()).isEqualTo("checkout-errors");
    }
}
