package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureCountRuleTest {
    private final FakeRuleContext ctx = new FakeRuleContext(Instant.parse("2026-07-01T12:00:00Z"));

    private Transaction failedBy(String email) {
        return Tx.of(TransactionStatus.FAILED, ctx.now()).customer(email, null).build();
    }

    @Test
    void threeFailuresPerCustomerAreFineAndTheFourthAlertsWithAMaskedTitle() {
        FailureCountRule rule = Rules.failureCount();
        for (int i = 0; i < 3; i++) {
            ctx.feed(rule, failedBy("ada@example.com"));
            ctx.advance(Duration.ofMinutes(5));
        }
        assertThat(ctx.raised).isEmpty();

        ctx.feed(rule, failedBy("Ada@Example.com"));
        assertThat(ctx.raised).hasSize(1);
        Alert alert = ctx.raised.get(0);
        assertThat(alert.title()).isEqualTo("Repeated payment failures for customer a***@example.com");
        assertThat(alert.title()).doesNotContain("ada@");
        assertThat(alert.labels()).containsEntry("customer", "ada@example.com");
        assertThat(alert.dedupKey())
                .isEqualTo("rule:failure-count:" + RuleSupport.keyPart("ada@example.com"))
                .as("dedup keys reach logs and PagerDuty's dedup_key: no address in them")
                .doesNotContain("@")
                .matches("rule:failure-count:sha256:[0-9a-f]{32}");
        assertThat(RuleSupport.keyPart("bob@example.com")).isNotEqualTo(RuleSupport.keyPart("ada@example.com"));
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.message()).isEqualTo("4 failed payments in the last 1h (alerting above 3)");
    }

    @Test
    void customersAreCountedSeparatelyAndSuccessesDoNotCount() {
        FailureCountRule rule = Rules.failureCount();
        ctx.feed(rule, failedBy("a@x.io"), failedBy("a@x.io"), failedBy("b@x.io"), failedBy("b@x.io"));
        ctx.feed(
                rule,
                Tx.of(TransactionStatus.COMPLETED, ctx.now())
                        .customer("a@x.io", null)
                        .build());
        ctx.feed(rule, failedBy("a@x.io"), failedBy("b@x.io"));
        assertThat(ctx.raised).isEmpty();
    }

    @Test
    void failuresOlderThanTheHourSlideOutAndTheAlertResolves() {
        FailureCountRule rule = Rules.failureCount();
        ctx.feed(rule, failedBy("ada@example.com"), failedBy("ada@example.com"));
        ctx.advance(Duration.ofMinutes(30));
        ctx.feed(rule, failedBy("ada@example.com"), failedBy("ada@example.com"));
        assertThat(ctx.active).hasSize(1);

        ctx.advance(Duration.ofMinutes(30));
        rule.evaluate(ctx);
        assertThat(ctx.active).as("the first two left the 1h window").isEmpty();
        assertThat(ctx.resolved).containsExactly("rule:failure-count:" + RuleSupport.keyPart("ada@example.com"));
    }

    @Test
    void keysByAnyMetadataValueSuchAsTheIpAddress() {
        FailureCountRule rule =
                Rules.failureCount().named("failures-per-ip").byMetadata("ip").moreThan(1);
        ctx.feed(
                rule,
                Tx.of(TransactionStatus.FAILED, ctx.now())
                        .metadata("ip", "10.0.0.7")
                        .build(),
                Tx.of(TransactionStatus.FAILED, ctx.now())
                        .metadata("ip", "10.0.0.7")
                        .build(),
                Tx.of(TransactionStatus.FAILED, ctx.now()).build());
        assertThat(ctx.raised).hasSize(1);
        assertThat(ctx.raised.get(0).labels()).containsEntry("ip", "10.0.0.7");
        assertThat(ctx.raised.get(0).title()).isEqualTo("Repeated payment failures for ip 10.0.0.7");
        assertThat(ctx.raised.get(0).dedupKey()).isEqualTo("rule:failures-per-ip:10.0.0.7");
    }

    @Test
    void declinesCanBeLeftOutSoOnlyOtherFailuresCount() {
        FailureCountRule rule = Rules.failureCount().moreThan(1).onlyClasses(FailureClass.INTEGRATION_ERROR);
        ctx.feed(
                rule,
                Tx.times(
                        5,
                        () -> Tx.of(TransactionStatus.FAILED, ctx.now())
                                .customer("ada@example.com", null)
                                .provider("stripe")
                                .error("card_declined", null)
                                .build()));
        assertThat(ctx.raised).isEmpty();
    }

    @Test
    void perKeyStateIsBoundedByLeastRecentlyUsedEviction() {
        FailureCountRule rule = Rules.failureCount().maxKeys(100);
        for (int i = 0; i < 250; i++) {
            ctx.feed(rule, failedBy("user" + i + "@example.com"));
        }
        assertThat(rule.trackedKeys()).isEqualTo(100);
        assertThat(rule.evictions()).isEqualTo(150);

        ctx.advance(Duration.ofHours(2));
        rule.evaluate(ctx);
        assertThat(rule.trackedKeys()).as("drained windows are dropped").isZero();
        assertThat(rule.evictions())
                .as("dropping drained windows is not eviction")
                .isEqualTo(150);
    }
}
