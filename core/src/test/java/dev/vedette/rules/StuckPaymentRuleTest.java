package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.WriteBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StuckPaymentRuleTest {
    private final FakeRuleContext ctx = new FakeRuleContext(Instant.parse("2026-07-01T12:00:00Z"));

    private void write(Transaction... t) {
        ctx.store.write(WriteBatch.ofTransactions(List.of(t)));
    }

    @Test
    void aPaymentPendingLongerThanTheLimitAlertsAndItsCompletionResolves() {
        StuckPaymentRule rule = Rules.stuckPayments().olderThan(Duration.ofMinutes(15));
        write(Transaction.builder("fresh")
                .status(TransactionStatus.PENDING)
                .occurredAt(ctx.now().minus(Duration.ofMinutes(14)))
                .build());
        rule.evaluate(ctx);
        assertThat(ctx.raised).isEmpty();

        write(Transaction.builder("stuck")
                .status(TransactionStatus.PENDING)
                .occurredAt(ctx.now().minus(Duration.ofMinutes(16)))
                .build());
        rule.evaluate(ctx);
        assertThat(ctx.raised).hasSize(1);
        assertThat(ctx.raised.get(0).title()).isEqualTo("Payments stuck in pending");
        assertThat(ctx.raised.get(0).message())
                .startsWith("1 payment pending for more than 15m; oldest: stuck (PENDING since");
        assertThat(ctx.raised.get(0).dedupKey()).isEqualTo("rule:stuck-payments");

        write(Transaction.builder("stuck")
                .status(TransactionStatus.COMPLETED)
                .occurredAt(ctx.now())
                .build());
        ctx.advance(Duration.ofMinutes(1));
        write(Transaction.builder("fresh")
                .status(TransactionStatus.COMPLETED)
                .occurredAt(ctx.now())
                .build());
        rule.evaluate(ctx);
        assertThat(ctx.resolved).containsExactly("rule:stuck-payments");
    }

    @Test
    void abandonedPaymentsOlderThanTheLookBackAreNotStuck() {
        write(Transaction.builder("abandoned")
                .status(TransactionStatus.PENDING)
                .occurredAt(ctx.now().minus(Duration.ofDays(2)))
                .build());
        Rules.stuckPayments().evaluate(ctx);
        assertThat(ctx.raised).isEmpty();
    }

    @Test
    void customPendingStatusesCanBeWatched() {
        TransactionStatus authorized = TransactionStatus.of("AUTHORIZED", TransactionStatus.Kind.PENDING);
        write(Transaction.builder("auth")
                .status(authorized)
                .occurredAt(ctx.now().minus(Duration.ofHours(1)))
                .build());
        Rules.stuckPayments().evaluate(ctx);
        assertThat(ctx.raised).isEmpty();
        Rules.stuckPayments().statuses(TransactionStatus.PENDING, authorized).evaluate(ctx);
        assertThat(ctx.raised).hasSize(1);
    }
}
