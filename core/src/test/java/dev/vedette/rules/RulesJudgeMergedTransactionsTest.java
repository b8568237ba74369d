package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Payments recorded in steps, as getting-started.md and the payments demo do: a first record with
 * customer, provider, method and amount, a final one with only status, error and latency. Every
 * rule must judge the merged transaction, in order and when the final step arrives first.
 */
class RulesJudgeMergedTransactionsTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-07-01T12:00:00Z"));

    private Monitor monitor(Rule rule) {
        return Monitor.builder()
                .clock(clock)
                .backgroundJobs(false)
                .notifier(new RecordingNotifier("slack"))
                .rule(rule)
                .build();
    }

    private Transaction opened(String id, String email, String provider, String method, Instant at) {
        return Transaction.builder(id)
                .status(TransactionStatus.PENDING)
                .amount("19.99", "EUR")
                .customer(email, "Ada")
                .provider(provider, "PO-" + id, null)
                .paymentMethod(method)
                .occurredAt(at)
                .build();
    }

    private static Transaction finished(String id, TransactionStatus status, String code, long millis, Instant at) {
        Transaction.Builder b = Transaction.builder(id)
                .status(status)
                .latency(Duration.ofMillis(millis))
                .occurredAt(at);
        if (code != null) {
            b.error(code, "Provider returned HTTP 503");
        }
        return b.build();
    }

    /** Records {@code n} payments in two steps, each flushed on its own; the final step first if asked. */
    private void pay(
            Monitor m,
            String prefix,
            int n,
            String email,
            String provider,
            TransactionStatus status,
            String code,
            long millis,
            boolean finalFirst) {
        for (int i = 0; i < n; i++) {
            String id = prefix + i;
            Instant start = clock.instant();
            Transaction first = opened(id, email, provider, "card", start);
            Transaction last = finished(id, status, code, millis, start.plusMillis(400));
            m.recordTransaction(finalFirst ? last : first);
            m.flush(Duration.ofSeconds(5));
            m.recordTransaction(finalFirst ? first : last);
            m.flush(Duration.ofSeconds(5));
            clock.advance(Duration.ofSeconds(1));
        }
    }

    private static java.util.List<String> activeKeys(Monitor m) {
        return m.alerts().active().stream().map(AlertRecord::dedupKey).toList();
    }

    @Test
    void errorRatePerProviderSeesTheProviderOfAnEarlierStep() {
        for (boolean finalFirst : new boolean[] {false, true}) {
            try (Monitor m = monitor(Rules.errorRate().perProvider().atLeast(5))) {
                pay(m, "ok-", 5, "ada@example.com", "paypal", TransactionStatus.COMPLETED, null, 200, finalFirst);
                pay(
                        m,
                        "ko-",
                        5,
                        "ada@example.com",
                        "paypal",
                        TransactionStatus.ERROR,
                        "INTERNAL_SERVER_ERROR",
                        200,
                        finalFirst);
                assertThat(activeKeys(m))
                        .as("final step first: %s", finalFirst)
                        .containsExactly("rule:error-rate:paypal");
                assertThat(m.alerts().active().get(0).labels()).containsEntry("provider", "paypal");
            }
        }
    }

    @Test
    void errorRateClassifiesTheFailureWithTheProviderOfAnEarlierStep() {
        // the demo's configuration: only outages and integration errors count; PayPal's
        // INTERNAL_SERVER_ERROR is an outage only when the provider is known
        for (boolean finalFirst : new boolean[] {false, true}) {
            try (Monitor m = monitor(Rules.fromProperties(
                    "error-rate",
                    Map.of(
                            "threshold",
                            "10%",
                            "window",
                            "5m",
                            "min-volume",
                            "20",
                            "failure-classes",
                            "provider-outage,integration-error")))) {
                pay(
                        m,
                        "ko-",
                        20,
                        "ada@example.com",
                        "paypal",
                        TransactionStatus.ERROR,
                        "INTERNAL_SERVER_ERROR",
                        2_500,
                        finalFirst);
                assertThat(activeKeys(m)).as("final step first: %s", finalFirst).containsExactly("rule:error-rate");
            }
        }
    }

    @Test
    void errorRateCountsEachPaymentOnceAndNotItsIntermediateSteps() {
        try (Monitor m = monitor(Rules.errorRate().above(0.4).atLeast(4))) {
            pay(m, "ok-", 3, "ada@example.com", "paypal", TransactionStatus.COMPLETED, null, 200, false);
            pay(m, "ko-", 2, "ada@example.com", "paypal", TransactionStatus.FAILED, "INSTRUMENT_DECLINED", 200, false);
            // more steps of the completed payments change nothing they count as
            for (int i = 0; i < 3; i++) {
                m.recordTransaction(
                        Transaction.builder("ok-" + i).step("email_sent").build());
            }
            m.flush(Duration.ofSeconds(5));
            assertThat(activeKeys(m)).as("2 of 5 is 40 %%, not above").isEmpty();

            // a failed payment retried under its id and completed no longer counts as failed
            m.recordTransaction(
                    Transaction.builder("ko-0").status(TransactionStatus.FAILED).build());
            m.flush(Duration.ofSeconds(5));
            assertThat(activeKeys(m))
                    .as("re-recording the same failure is no new failure")
                    .isEmpty();
            pay(m, "ko2-", 1, "ada@example.com", "paypal", TransactionStatus.FAILED, "INSTRUMENT_DECLINED", 200, false);
            assertThat(activeKeys(m)).as("3 of 6 is 50 %%").containsExactly("rule:error-rate");
            m.recordTransaction(Transaction.builder("ko-0")
                    .status(TransactionStatus.COMPLETED)
                    .attempt(2)
                    .build());
            m.flush(Duration.ofSeconds(5));
            assertThat(activeKeys(m)).as("2 of 6 is 33 %%").isEmpty();
        }
    }

    @Test
    void failureCountPerCustomerSeesTheCustomerOfAnEarlierStep() {
        for (boolean finalFirst : new boolean[] {false, true}) {
            try (Monitor m = monitor(Rules.failureCount())) {
                pay(
                        m,
                        "ko-",
                        3,
                        "Ada@Example.com",
                        "paypal",
                        TransactionStatus.FAILED,
                        "INSTRUMENT_DECLINED",
                        200,
                        finalFirst);
                assertThat(activeKeys(m)).isEmpty();
                pay(
                        m,
                        "more-",
                        1,
                        "ada@example.com",
                        "paypal",
                        TransactionStatus.FAILED,
                        "INSTRUMENT_DECLINED",
                        200,
                        finalFirst);
                assertThat(activeKeys(m))
                        .as("final step first: %s", finalFirst)
                        .containsExactly("rule:failure-count:" + RuleSupport.keyPart("ada@example.com"));
                assertThat(m.alerts().active().get(0).title()).contains("a***@example.com");
            }
        }
    }

    @Test
    void latencyPerProviderSeesTheProviderOfAnEarlierStep() {
        for (boolean finalFirst : new boolean[] {false, true}) {
            try (Monitor m = monitor(Rules.latency().perProvider().atLeast(5))) {
                pay(m, "slow-", 5, "ada@example.com", "stripe", TransactionStatus.COMPLETED, null, 3_000, finalFirst);
                assertThat(activeKeys(m)).as("final step first: %s", finalFirst).containsExactly("rule:latency:stripe");
                assertThat(m.alerts().active().get(0).component()).isEqualTo("stripe");
            }
        }
    }

    @Test
    void refundRatePerProviderSeesTheProviderOfTheRefundedPayment() {
        for (boolean finalFirst : new boolean[] {false, true}) {
            try (Monitor m = monitor(Rules.refundRate().perProvider().atLeast(5))) {
                pay(m, "paid-", 5, "ada@example.com", "mollie", TransactionStatus.COMPLETED, null, 200, finalFirst);
                assertThat(activeKeys(m)).isEmpty();
                for (int i = 0; i < 2; i++) {
                    m.recordTransaction(Transaction.builder("paid-" + i)
                            .status(TransactionStatus.REFUNDED)
                            .build());
                }
                m.flush(Duration.ofSeconds(5));
                assertThat(activeKeys(m))
                        .as("final step first: %s", finalFirst)
                        .containsExactly("rule:refund-rate:mollie");
                assertThat(m.alerts().active().get(0).message()).startsWith("2 refunds for 5 orders");
            }
        }
    }

    @Test
    void absenceResolvesOnAPaymentWhoseCompletionArrivesBeforeItsFirstStep() {
        try (Monitor m = monitor(Rules.absence().within(Duration.ofMinutes(30)))) {
            m.runScheduledJobs();
            clock.advance(Duration.ofMinutes(31));
            m.runScheduledJobs();
            assertThat(activeKeys(m)).containsExactly("rule:absence");
            AlertRecord alert = m.alerts().active().get(0);

            pay(m, "late-", 1, "ada@example.com", "paypal", TransactionStatus.COMPLETED, null, 200, true);
            assertThat(m.alerts().get(alert.id()).orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
        }
    }

    @Test
    void allStepsInOneBatchAreJudgedAsOneTransaction() {
        try (Monitor m = monitor(Rules.failureCount().moreThan(1))) {
            Instant at = clock.instant();
            m.recordTransaction(
                    finished("x1", TransactionStatus.FAILED, "INSTRUMENT_DECLINED", 200, at.plusSeconds(1)));
            m.recordTransaction(opened("x1", "bob@example.com", "paypal", "card", at));
            m.recordTransaction(opened("x2", "bob@example.com", "paypal", "card", at));
            m.recordTransaction(
                    finished("x2", TransactionStatus.FAILED, "INSTRUMENT_DECLINED", 200, at.plusSeconds(1)));
            m.flush(Duration.ofSeconds(5));
            assertThat(activeKeys(m)).containsExactly("rule:failure-count:" + RuleSupport.keyPart("bob@example.com"));
        }
    }

    @Test
    void aPaymentThatFailsAgainLaterUnderItsIdCountsAtItsNewFailure() {
        try (Monitor m = monitor(Rules.failureCount().moreThan(1))) {
            pay(m, "r", 1, "cy@example.com", "paypal", TransactionStatus.FAILED, "INSTRUMENT_DECLINED", 200, false);
            clock.advance(Duration.ofHours(2));
            m.recordTransaction(Transaction.builder("r0")
                    .status(TransactionStatus.FAILED)
                    .attempt(2)
                    .build());
            m.flush(Duration.ofSeconds(5));
            assertThat(activeKeys(m)).as("one failed payment in the window").isEmpty();
            pay(m, "s", 1, "cy@example.com", "paypal", TransactionStatus.FAILED, "INSTRUMENT_DECLINED", 200, false);
            assertThat(activeKeys(m)).containsExactly("rule:failure-count:" + RuleSupport.keyPart("cy@example.com"));
        }
    }
}
