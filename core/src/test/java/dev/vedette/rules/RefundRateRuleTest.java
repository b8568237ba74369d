package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.Alert;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefundRateRuleTest {
    private final FakeRuleContext ctx = new FakeRuleContext(Instant.parse("2026-07-01T12:00:00Z"));

    private Transaction refund(String org) {
        return Tx.of(TransactionStatus.REFUNDED, ctx.now())
                .metadata("organisation", org)
                .build();
    }

    /** The refund of a paid order, recorded as Vedette's model has it: the order's own status moves. */
    private static Transaction[] refunds(Transaction[] orders, int n) {
        Transaction[] out = new Transaction[n];
        for (int i = 0; i < n; i++) {
            out[i] = Transaction.builder(orders[i].id())
                    .status(TransactionStatus.REFUNDED)
                    .occurredAt(orders[i].occurredAt())
                    .build();
        }
        return out;
    }

    private Transaction order(String org) {
        return Tx.of(TransactionStatus.COMPLETED, ctx.now())
                .metadata("organisation", org)
                .build();
    }

    @Test
    void twentyPercentIsFineAndMoreFires() {
        RefundRateRule rule = Rules.refundRate();
        Transaction[] orders = Tx.times(20, () -> order("festival"));
        ctx.feed(rule, orders);
        ctx.feed(rule, refunds(orders, 4));
        assertThat(ctx.raised).as("4 of 20 is exactly 20 %%").isEmpty();
        ctx.feed(rule, refunds(orders, 5)[4]);
        assertThat(ctx.raised).hasSize(1);
        Alert alert = ctx.raised.get(0);
        assertThat(alert.title()).isEqualTo("Refund rate above 20.0%");
        assertThat(alert.message()).startsWith("5 refunds for 20 orders (25.0%) in the last 1d");
    }

    @Test
    void tooFewOrdersNeverFire() {
        RefundRateRule rule = Rules.refundRate();
        Transaction[] orders = Tx.times(19, () -> order("theater"));
        ctx.feed(rule, orders);
        ctx.feed(rule, refunds(orders, 19));
        assertThat(ctx.raised).isEmpty();
    }

    @Test
    void perOrganisationAlertsNameTheOrganisationAndRecoverAsTheDayPasses() {
        RefundRateRule rule = Rules.refundRate().perMetadata("organisation").atLeast(10);
        ctx.feed(rule, Tx.times(20, () -> order("theater-xyz")));
        ctx.feed(rule, Tx.times(12, () -> refund("theater-xyz")));
        ctx.feed(rule, Tx.times(20, () -> order("festival-abc")));
        assertThat(ctx.raised).extracting(Alert::dedupKey).containsExactly("rule:refund-rate:theater-xyz");
        assertThat(ctx.raised.get(0).labels()).containsEntry("organisation", "theater-xyz");

        ctx.advance(Duration.ofHours(24));
        rule.evaluate(ctx);
        assertThat(ctx.resolved).containsExactly("rule:refund-rate:theater-xyz");
    }
}
