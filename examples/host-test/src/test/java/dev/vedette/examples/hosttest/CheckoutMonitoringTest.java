package dev.vedette.examples.hosttest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.examples.hosttest.CheckoutService.ProviderAnswer;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a host tests its own monitoring with the {@code vedette-test} kit: an in-memory store, a
 * {@link RecordingNotifier} and a {@link TestClock} that only the test moves.
 */
class CheckoutMonitoringTest {
    private static final Instant NOON = Instant.parse("2026-11-23T12:00:00Z");

    private final TestClock clock = new TestClock(NOON);
    private final RecordingNotifier slack = new RecordingNotifier("slack");
    private final Monitor monitor = Monitor.builder()
            .store(new InMemoryStore())
            .notifier(slack)
            .clock(clock)
            .backgroundJobs(false) // the test drives delivery with AlertingTestHooks.dispatch
            .build();
    private final Deque<ProviderAnswer> answers = new ArrayDeque<>();
    private final CheckoutService checkout = new CheckoutService(monitor, (order, amount, currency) -> answers.pop());

    @AfterEach
    void close() {
        monitor.close();
    }

    @Test
    void paidOrderIsRecordedWithItsTimeline() {
        answers.push(new ProviderAnswer(true, "ok", Duration.ofMillis(230)));

        assertThat(checkout.checkout("order-1", "ada@example.com", "19.99", "EUR"))
                .isTrue();
        monitor.flush(Duration.ofSeconds(5));

        StoredTransaction t = monitor.transactions().get("order-1").orElseThrow();
        assertThat(t.status()).isEqualTo(TransactionStatus.COMPLETED);
        assertThat(t.completedAt()).isEqualTo(NOON);
        assertThat(t.steps()).containsExactly("email_sent");
        assertThat(t.timeline()).hasSize(3);
        assertThat(t.latency()).isEqualTo(Duration.ofMillis(230));
    }

    @Test
    void threeDeclinesInARowPageTheTeamOnce() {
        for (int i = 0; i < 4; i++) {
            answers.add(new ProviderAnswer(false, "card_declined", Duration.ofMillis(120)));
        }
        for (int i = 1; i <= 4; i++) {
            checkout.checkout("order-" + i, "bob@example.com", "5.00", "USD");
        }
        AlertingTestHooks.dispatch(monitor.alerts());

        assertThat(slack.sent()).singleElement().satisfies(n -> {
            assertThat(n.alert().title()).isEqualTo("Three card declines in a row");
            assertThat(n.alert().component()).isEqualTo("stripe");
        });
    }

    @Test
    void aSlackOutageDoesNotLoseTheAlert() {
        slack.failNext(2);
        for (int i = 0; i < 3; i++) {
            answers.add(new ProviderAnswer(false, "card_declined", Duration.ofMillis(120)));
        }
        for (int i = 1; i <= 3; i++) {
            checkout.checkout("order-" + i, "bob@example.com", "5.00", "USD");
        }
        AlertingTestHooks.dispatch(monitor.alerts());

        assertThat(slack.sent()).isEmpty();
        assertThat(slack.attempts()).hasSize(1);
        // the retry is due after the backoff; a later dispatch (or the background dispatcher) sends it
        assertThat(monitor.alerts().deliveries(monitor.alerts().active().get(0).id()))
                .singleElement()
                .satisfies(d -> assertThat(d.lastError()).isEqualTo("simulated failure"));
    }
}
