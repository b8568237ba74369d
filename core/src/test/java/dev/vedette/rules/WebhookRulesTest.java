package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.LogLevel;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WebhookEvent;
import dev.vedette.store.LogQuery;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRulesTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"));

    private Monitor monitor(Rule rule) {
        return Monitor.builder().clock(clock).backgroundJobs(false).rule(rule).build();
    }

    private static WebhookEvent webhook(String provider, boolean failed) {
        WebhookEvent.Builder b =
                WebhookEvent.builder(provider, "payment_intent.succeeded").externalId("evt_1");
        return (failed ? b.failed("signature mismatch") : b.processingTime(Duration.ofMillis(40))).build();
    }

    @Test
    void webhooksAreKeptInTheSystemLogWithEveryField() {
        try (Monitor m = Monitor.builder().clock(clock).backgroundJobs(false).build()) {
            m.recordWebhook(WebhookEvent.builder("stripe", "charge.refunded")
                    .externalId("evt_9")
                    .attempt(3)
                    .failed("no such order")
                    .build());
            m.flush(Duration.ofSeconds(5));

            StoredLogEntry e = m.errors()
                    .logs(new LogQuery(null, "webhook:stripe", null, null, null, null, 10, null))
                    .items()
                    .get(0);
            assertThat(e.entry().level()).isEqualTo(LogLevel.ERROR);
            assertThat(e.entry().message()).isEqualTo("stripe charge.refunded failed: no such order");
            assertThat(e.entry().details()).containsEntry("externalId", "evt_9").containsEntry("outcome", "FAILED");
            assertThat(((Number) e.entry().details().get("attempt")).intValue()).isEqualTo(3);
            assertThat(WebhookEvent.outcomeOf(e.entry())).isEqualTo(WebhookEvent.Outcome.FAILED);
        }
    }

    @Test
    void failureRateFiresAboveItsThresholdPerProviderAndResolves() {
        WebhookFailureRateRule rule =
                Rules.webhookFailureRate().above(0.2).atLeast(10).over(Duration.ofMinutes(15));
        try (Monitor m = monitor(rule)) {
            for (int i = 0; i < 10; i++) {
                m.recordWebhook(webhook("stripe", i < 2)); // exactly 20 %: not above
                m.recordWebhook(webhook("paypal", i < 3)); // 30 %
            }
            m.recordWebhook(WebhookEvent.builder("stripe", "x")
                    .outcome(WebhookEvent.Outcome.IGNORED)
                    .build());
            m.flush(Duration.ofSeconds(5));

            List<AlertRecord> active = m.alerts().active();
            assertThat(active).singleElement().satisfies(a -> {
                assertThat(a.title()).isEqualTo("Webhook failure rate above 20.0% for paypal");
                assertThat(a.labels()).containsEntry("provider", "paypal");
            });

            clock.advance(Duration.ofMinutes(16));
            m.runScheduledJobs();
            assertThat(m.alerts().active()).as("the window drained").isEmpty();
        }
    }

    @Test
    void gapFiresWhenPaymentsArriveWithoutWebhooksAndResolvesOnTheNextWebhook() {
        try (Monitor m =
                monitor(Rules.webhookGap().within(Duration.ofMinutes(30)).minPayments(3))) {
            for (int i = 0; i < 3; i++) {
                m.recordTransaction(Transaction.builder("s" + i)
                        .status(TransactionStatus.COMPLETED)
                        .provider("stripe")
                        .build());
                m.recordTransaction(Transaction.builder("p" + i)
                        .status(TransactionStatus.COMPLETED)
                        .provider("paypal")
                        .build());
            }
            m.recordWebhook(webhook("paypal", false));
            m.flush(Duration.ofSeconds(5));
            clock.advance(Duration.ofMinutes(1));

            m.runScheduledJobs();
            assertThat(m.alerts().active())
                    .extracting(AlertRecord::title)
                    .containsExactly("No webhooks from stripe in the last 30m");

            m.recordWebhook(webhook("stripe", false));
            m.flush(Duration.ofSeconds(5));
            clock.advance(Duration.ofMinutes(1));
            m.runScheduledJobs();
            assertThat(m.alerts().active()).isEmpty();
        }
    }

    @Test
    void rulesBuildFromProperties() {
        assertThat(Rules.fromProperties("webhook-gap", Map.of("within", "1h", "min-payments", "10"))
                        .name())
                .isEqualTo("webhook-gap");
        assertThat(Rules.fromProperties("webhook-failure-rate", Map.of("threshold", "25%"))
                        .toString())
                .contains("> 25.0%");
        assertThatThrownBy(() -> Rules.webhookGap().within(Duration.ofSeconds(30)))
                .hasMessage("within must be at least 1 minute, was PT30S");
        assertThatThrownBy(() -> WebhookEvent.builder("p".repeat(57), "x"))
                .hasMessageStartingWith("provider must be at most 56 characters");
    }
}
