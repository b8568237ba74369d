package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.WriteBatch;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevenueDropRuleTest {
    private static final Instant NOW = Instant.parse("2026-07-08T12:00:00Z");
    private final FakeRuleContext ctx = new FakeRuleContext(NOW);

    private void paid(Instant at, String amount, String currency, int times) {
        List<Transaction> list = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            list.add(Tx.of(TransactionStatus.COMPLETED, at.plusSeconds(i))
                    .amount(amount, currency)
                    .build());
        }
        ctx.store.write(WriteBatch.ofTransactions(list));
    }

    private void baselineOf(String amount, String currency) {
        paid(NOW.minus(Duration.ofDays(1)).minus(Duration.ofMinutes(30)), amount, currency, 10);
        paid(NOW.minus(Duration.ofDays(7)).minus(Duration.ofMinutes(30)), amount, currency, 10);
    }

    @Test
    void exactlyHalfOfTheBaselineDoesNotFireButJustBelowDoes() {
        baselineOf("100.00", "EUR");
        paid(NOW.minus(Duration.ofMinutes(20)), "50.00", "EUR", 10);
        RevenueDropRule rule = Rules.revenueDrop();
        rule.evaluate(ctx);
        assertThat(ctx.raised)
                .as("500 is 50 %% of 1000, not more than 50 %% below")
                .isEmpty();

        FakeRuleContext below = new FakeRuleContext(NOW);
        below.store.write(WriteBatch.ofTransactions(List.of(
                Tx.of(TransactionStatus.COMPLETED, NOW.minus(Duration.ofDays(1)).minusSeconds(60))
                        .amount("1000.00", "EUR")
                        .build(),
                Tx.of(TransactionStatus.COMPLETED, NOW.minus(Duration.ofDays(7)).minusSeconds(60))
                        .amount("1000.00", "EUR")
                        .build(),
                Tx.of(TransactionStatus.COMPLETED, NOW.minusSeconds(60))
                        .amount("499.99", "EUR")
                        .build())));
        Rules.revenueDrop().evaluate(below);
        assertThat(below.raised).hasSize(1);
        Alert alert = below.raised.get(0);
        assertThat(alert.dedupKey()).isEqualTo("rule:revenue-drop:EUR");
        assertThat(alert.labels()).containsEntry("currency", "EUR");
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.title()).isEqualTo("Revenue in EUR down more than 50.0%");
    }

    @Test
    void refundedAndFailedTransactionsAreNotRevenue() {
        baselineOf("100.00", "EUR");
        ctx.store.write(WriteBatch.ofTransactions(List.of(
                Tx.of(TransactionStatus.REFUNDED, NOW.minusSeconds(60))
                        .amount("900.00", "EUR")
                        .build(),
                Tx.of(TransactionStatus.FAILED, NOW.minusSeconds(60))
                        .amount("900.00", "EUR")
                        .build())));
        Rules.revenueDrop().evaluate(ctx);
        assertThat(ctx.raised).hasSize(1);
    }

    @Test
    void firesPerCurrencyAndRecoversWhenRevenueReturns() {
        baselineOf("100.00", "EUR");
        baselineOf("100.00", "USD");
        paid(NOW.minus(Duration.ofMinutes(20)), "100.00", "USD", 10);
        paid(NOW.minus(Duration.ofMinutes(20)), "10.00", "EUR", 10);
        RevenueDropRule rule = Rules.revenueDrop();
        rule.evaluate(ctx);
        assertThat(ctx.raised).extracting(Alert::dedupKey).containsExactly("rule:revenue-drop:EUR");
        assertThat(ctx.raised.get(0).message())
                .startsWith("Last 1h: 100.00 EUR, 90.0% below the baseline of 1000.00 EUR");

        paid(NOW.minus(Duration.ofMinutes(10)), "100.00", "EUR", 8);
        ctx.advance(Duration.ofMinutes(5));
        rule.evaluate(ctx);
        assertThat(ctx.resolved).containsExactly("rule:revenue-drop:EUR");
    }

    @Test
    void aBaselineBelowTheMinimumNeverFires() {
        baselineOf("9.00", "EUR");
        RevenueDropRule rule = Rules.revenueDrop().minimumBaseline(new BigDecimal("100"));
        rule.evaluate(ctx);
        assertThat(ctx.raised)
                .as("baseline 90 EUR is below the 100 EUR minimum")
                .isEmpty();

        Rules.revenueDrop().minimumBaseline("EUR", new BigDecimal("50")).evaluate(ctx);
        assertThat(ctx.raised).hasSize(1);
    }

    @Test
    void thePreviousDayAloneCanBeTheBaseline() {
        paid(NOW.minus(Duration.ofDays(1)).minus(Duration.ofMinutes(30)), "100.00", "EUR", 10);
        RevenueDropRule average = Rules.revenueDrop();
        average.evaluate(ctx);
        assertThat(ctx.raised)
                .as("average of 1000 and 0 is 500, no revenue now is a drop")
                .hasSize(1);
        RevenueDropRule lower = Rules.revenueDrop().named("revenue-lower").baseline(RevenueDropRule.Baseline.LOWER);
        lower.evaluate(ctx);
        assertThat(ctx.raised).as("the lower baseline is 0").hasSize(1);
    }

    @Test
    void badOptionsNameTheValue() {
        assertThatThrownBy(() -> Rules.revenueDrop().dropOf(1.0))
                .hasMessage("drop must be above 0 and below 1, was 1.0");
        assertThatThrownBy(() -> Rules.revenueDrop().minimumBaseline("EURO", BigDecimal.ONE))
                .hasMessage("currency must be an ISO 4217 code, was 'EURO'");
        assertThatThrownBy(() -> Rules.revenueDrop().minimumBaseline(new BigDecimal("-1")))
                .hasMessage("minimum baseline must not be negative, was -1");
    }
}
