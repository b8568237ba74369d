package dev.vedette.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.MonitorBuilder;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionChange;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WrittenBatch;
import dev.vedette.rules.Rule;
import dev.vedette.rules.RuleContext;
import dev.vedette.store.AlertQuery;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/privacy.md: raised alerts are scrubbed like everything else, on every path. */
class AlertScrubbingTest {
    private static final String TITLE = "Refund of card 4111 1111 1111 1111 failed for Ada.Lovelace@Example.com";
    private static final String MESSAGE = "api_key=sk_live_51HxYzSecret retried; password: hunter2;"
            + " second card 5500-0000-0000-0004; contact ada.lovelace@example.com";
    private static final List<String> NEVER = List.of(
            "4111 1111 1111 1111",
            "4111111111111111",
            "5500-0000-0000-0004",
            "sk_live_51HxYzSecret",
            "hunter2",
            "tok_abc123",
            "lovelace@");

    private final TestClock clock = new TestClock(Instant.parse("2026-07-01T12:00:00Z"));
    private final RecordingNotifier slack = new RecordingNotifier("slack");

    private Monitor monitor(Rule... rules) {
        MonitorBuilder b = Monitor.builder().clock(clock).backgroundJobs(false).notifier(slack);
        for (Rule r : rules) {
            b.rule(r);
        }
        return b.build();
    }

    private static Alert hostileAlert() {
        return Alert.critical(TITLE)
                .message(MESSAGE)
                .label("card", "4111111111111111")
                .label("token", "tok_abc123")
                .build();
    }

    /** Everything a reader of the store or a notifier could see of an alert. */
    private static String seen(AlertRecord a) {
        return String.join(" | ", a.title(), String.valueOf(a.message()), String.valueOf(a.labels()), a.dedupKey());
    }

    private static void assertClean(List<String> seen) {
        assertThat(seen).isNotEmpty().allSatisfy(text -> {
            for (String secret : NEVER) {
                assertThat(text.toLowerCase(java.util.Locale.ROOT))
                        .doesNotContain(secret.toLowerCase(java.util.Locale.ROOT));
            }
        });
    }

    private static List<String> everywhere(Monitor m, RecordingNotifier notifier) {
        List<String> seen = new ArrayList<>();
        m.alerts().search(AlertQuery.all(50)).items().forEach(a -> seen.add(seen(a)));
        notifier.sent().forEach(n -> n.alerts().forEach(a -> seen.add(seen(a))));
        return seen;
    }

    @Test
    void raiseAlertMasksCardsSecretsAndAddressesBeforeTheStoreAndTheNotifier() {
        try (Monitor m = monitor()) {
            AlertRecord stored = m.raiseAlert(hostileAlert());
            AlertingTestHooks.dispatch(m.alerts());

            assertThat(stored.title()).isEqualTo("Refund of card **** **** **** 1111 failed for A***@Example.com");
            assertThat(stored.message())
                    .contains("api_key=[REDACTED]", "password: [REDACTED]", "****-****-****-0004", "a***@example.com");
            assertThat(stored.labels())
                    .containsEntry("card", "************1111")
                    .containsEntry("token", "[REDACTED]");
            assertThat(slack.sent()).isNotEmpty();
            assertClean(everywhere(m, slack));
        }
    }

    @Test
    void theSameHostileAlertStillDeduplicates() {
        try (Monitor m = monitor()) {
            AlertRecord first = m.raiseAlert(hostileAlert());
            AlertRecord second = m.raiseAlert(hostileAlert());

            assertThat(second.id()).isEqualTo(first.id());
            assertThat(second.occurrences()).isEqualTo(2);
            assertThat(first.dedupKey()).doesNotContain("4111 1111 1111 1111").contains("1111");
        }
    }

    @Test
    void ruleRaisedAlertsAreScrubbedAndResolveByTheirOwnKey() {
        String key = "refunds/card 4111111111111111";
        Rule leaky = new Rule() {
            @Override
            public String name() {
                return "leaky";
            }

            @Override
            public void onBatch(WrittenBatch batch, RuleContext context) {
                for (TransactionChange change : batch.transactions()) {
                    Transaction t = change.observation();
                    if (t.status() == TransactionStatus.FAILED) {
                        context.raise(Alert.critical(TITLE)
                                .message(MESSAGE)
                                .dedupKey(key)
                                .source("rule:leaky")
                                .build());
                    } else {
                        context.resolve(key);
                    }
                }
            }
        };
        try (Monitor m = monitor(leaky)) {
            m.recordTransaction(
                    Transaction.builder("t1").status(TransactionStatus.FAILED).build());
            m.flush(Duration.ofSeconds(5));
            AlertingTestHooks.dispatch(m.alerts());

            AlertRecord alert = m.alerts().active().get(0);
            assertThat(alert.title()).contains("**** **** **** 1111", "A***@Example.com");
            assertClean(everywhere(m, slack));

            m.recordTransaction(Transaction.builder("t2")
                    .status(TransactionStatus.COMPLETED)
                    .build());
            m.flush(Duration.ofSeconds(5));
            assertThat(m.alerts().get(alert.id()).orElseThrow().status())
                    .as("the rule resolves with the key it raised, unscrubbed")
                    .isEqualTo(AlertStatus.RESOLVED);
        }
    }
}
