package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.Alert;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.WriteBatch;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbsenceRuleTest {
    private final FakeRuleContext ctx = new FakeRuleContext(Instant.parse("2026-07-01T12:00:00Z"));

    @Test
    void firesOnlyAfterAFullIntervalWithoutACompletedPayment() {
        AbsenceRule rule = Rules.absence().within(Duration.ofMinutes(30));
        rule.evaluate(ctx);
        ctx.advance(Duration.ofMinutes(30));
        rule.evaluate(ctx);
        assertThat(ctx.raised).as("exactly 30 minutes is not more than 30").isEmpty();

        ctx.advance(Duration.ofMinutes(1));
        rule.evaluate(ctx);
        assertThat(ctx.raised).hasSize(1);
        Alert alert = ctx.raised.get(0);
        assertThat(alert.title()).isEqualTo("No COMPLETED payment in 30m");
        assertThat(alert.dedupKey()).isEqualTo("rule:absence");
    }

    @Test
    void resolvesInTheBatchThatBringsTheAwaitedStatus() {
        AbsenceRule rule = Rules.absence();
        rule.evaluate(ctx);
        ctx.advance(Duration.ofHours(1));
        rule.evaluate(ctx);
        assertThat(ctx.active).containsKey("rule:absence");

        ctx.feed(rule, Tx.failed(ctx.now()));
        assertThat(ctx.active).as("a failure is not what is awaited").containsKey("rule:absence");
        ctx.feed(rule, Tx.ok(ctx.now()));
        assertThat(ctx.active).isEmpty();
    }

    @Test
    void aPaymentOtherInstancesWroteToTheStoreCounts() {
        AbsenceRule rule = Rules.absence();
        ctx.store.write(WriteBatch.ofTransactions(List.of(Tx.ok(ctx.now().minus(Duration.ofHours(2))))));
        rule.evaluate(ctx);
        assertThat(ctx.raised)
                .as("the last completion in the store is 2 hours old")
                .hasSize(1);

        ctx.store.write(WriteBatch.ofTransactions(List.of(Tx.ok(ctx.now().minus(Duration.ofMinutes(1))))));
        ctx.advance(Duration.ofMinutes(1));
        rule.evaluate(ctx);
        assertThat(ctx.active).isEmpty();
    }

    @Test
    void anotherStatusCanBeAwaited() {
        AbsenceRule rule = Rules.absence().named("no-refunds").status(TransactionStatus.REFUNDED);
        rule.evaluate(ctx);
        ctx.feed(rule, Tx.ok(ctx.now()));
        ctx.advance(Duration.ofMinutes(31));
        rule.evaluate(ctx);
        assertThat(ctx.raised).extracting(Alert::title).containsExactly("No REFUNDED payment in 30m");
    }

    @Test
    void businessHoursKeepNightsAndWeekendsQuietAndClosingResolves() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        AbsenceRule rule = Rules.absence()
                .within(Duration.ofMinutes(30))
                .during(BusinessHours.weekdays(LocalTime.of(9, 0), LocalTime.of(17, 0), berlin));
        ctx.clock.set(Instant.parse("2026-07-04T10:00:00Z"));
        rule.evaluate(ctx);
        ctx.advance(Duration.ofHours(3));
        rule.evaluate(ctx);
        assertThat(ctx.raised).as("Saturday").isEmpty();

        ctx.clock.set(Instant.parse("2026-07-06T07:20:00Z"));
        rule.evaluate(ctx);
        assertThat(ctx.raised)
                .as("Monday 09:20 Berlin: the interval started before opening")
                .isEmpty();
        ctx.clock.set(Instant.parse("2026-07-06T07:31:00Z"));
        rule.evaluate(ctx);
        assertThat(ctx.raised).as("Monday 09:31 Berlin, nothing since opening").hasSize(1);

        ctx.clock.set(Instant.parse("2026-07-06T15:00:00Z"));
        rule.evaluate(ctx);
        assertThat(ctx.resolved).as("17:00 Berlin: closed").containsExactly("rule:absence");
    }
}
