package dev.vedette.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.MonitorEvent;
import dev.vedette.model.Severity;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each channel sends in its own lane, bounded by its concurrency and its send deadline. */
class DeliveryLaneTest {
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final Store store = new InMemoryStore();

    /** A channel whose sends block until the test opens the gate; counts sends and the most in flight. */
    static class GatedNotifier implements Notifier {
        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger sends = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger interrupted = new AtomicInteger();
        final boolean ignoresInterrupts;

        GatedNotifier(boolean ignoresInterrupts) {
            this.ignoresInterrupts = ignoresInterrupts;
        }

        @Override
        public String name() {
            return "hang";
        }

        @Override
        public SendResult send(Notification notification) {
            sends.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                while (true) {
                    try {
                        gate.await();
                        return SendResult.sent();
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        if (!ignoresInterrupts) {
                            return SendResult.retryLater("interrupted");
                        }
                    }
                }
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final GatedNotifier hang = new GatedNotifier(false);
    private final RecordingNotifier fast = new RecordingNotifier("fast");
    private final LinkedBlockingQueue<Delivery> sent = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Delivery> failed = new LinkedBlockingQueue<>();

    private Monitor monitor(Notifier hanging, boolean background, Consumer<AlertingSettings.Builder> alerting) {
        Monitor m = Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(background)
                .notifier(hanging)
                .notifier(fast)
                .route(Severity.CRITICAL, "hang", "fast")
                .alerting(a -> {
                    a.retries(5, Duration.ofSeconds(5), Duration.ofMinutes(1), 0);
                    alerting.accept(a);
                })
                .build();
        m.events().on(MonitorEvent.DeliverySent.class, e -> sent.add(e.delivery()));
        m.events().on(MonitorEvent.DeliveryFailed.class, e -> failed.add(e.delivery()));
        return m;
    }

    private static Delivery next(LinkedBlockingQueue<Delivery> events, String channel) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Delivery d = events.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (d != null && d.channel().equals(channel)) {
                return d;
            }
        }
        throw new AssertionError("no delivery event for '" + channel + "' within " + WAIT);
    }

    /** Polls with a deadline until the hanging channel's delivery of {@code alert} is no longer claimed. */
    private Delivery awaitReleased(Monitor m, AlertRecord alert) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Delivery d = hangDelivery(m, alert);
            if (d.claimedBy() == null) {
                return d;
            }
            LockSupport.parkNanos(1_000_000);
        }
        throw new AssertionError("the delivery's claim was not released within " + WAIT);
    }

    private static Delivery hangDelivery(Monitor m, AlertRecord alert) {
        return m.alerts().deliveries(alert.id()).stream()
                .filter(d -> d.channel().equals("hang"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aHangingChannelDelaysOnlyItselfAndItsSendIsRetriedAfterTheDeadline() throws Exception {
        try (Monitor m = monitor(hang, true, a -> a.sendDeadline("hang", Duration.ofMillis(500)))) {
            AlertRecord first = m.raiseAlert(Alert.critical("first").build());
            next(sent, "fast");
            // raised while the first send on the hanging channel is blocked: the other channel still gets it
            AlertRecord second = m.raiseAlert(Alert.critical("second").build());
            assertThat(next(sent, "fast").alertId()).isEqualTo(second.id());

            List<Delivery> overdue = List.of(next(failed, "hang"), next(failed, "hang"));
            assertThat(overdue).extracting(Delivery::alertId).containsExactlyInAnyOrder(first.id(), second.id());
            for (Delivery d : overdue) {
                assertThat(d.state()).isEqualTo(DeliveryState.FAILED);
                assertThat(d.attempts()).isEqualTo(1);
                assertThat(d.lastError()).isEqualTo("send deadline of 500ms passed");
                assertThat(d.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
            }
            // the interrupted sends returned a failure: the claims are released for the retry, not DEAD
            assertThat(awaitReleased(m, first).state()).isEqualTo(DeliveryState.FAILED);
            assertThat(awaitReleased(m, second).state()).isEqualTo(DeliveryState.FAILED);
            assertThat(hang.interrupted.get()).isEqualTo(2);
            assertThat(hang.sends.get()).isEqualTo(2);
            assertThat(fast.sent()).hasSize(2);
        }
    }

    @Test
    void aSendThatSucceedsAfterItsDeadlineIsRecordedSentAndNeverRepeated() throws Exception {
        GatedNotifier ignoresInterrupt = new GatedNotifier(true);
        try (Monitor m = monitor(ignoresInterrupt, false, a -> a.sendDeadline("hang", Duration.ofMillis(200)))) {
            AlertRecord alert =
                    m.raiseAlert(Alert.critical("card payments failing").build());
            assertThat(AlertingTestHooks.dispatch(m.alerts())).isEqualTo(2);

            Delivery overdue = hangDelivery(m, alert);
            assertThat(overdue.state()).isEqualTo(DeliveryState.FAILED);
            assertThat(overdue.lastError()).isEqualTo("send deadline of 200ms passed");
            assertThat(overdue.claimedBy())
                    .as("kept claimed while the send runs")
                    .isNotNull();

            clock.advance(Duration.ofSeconds(30)); // past the retry time, within the 2-minute lease
            assertThat(AlertingTestHooks.dispatch(m.alerts())).isZero();
            assertThat(ignoresInterrupt.sends.get()).isEqualTo(1);

            ignoresInterrupt.gate.countDown();
            Delivery late = next(sent, "hang");
            assertThat(late.state()).isEqualTo(DeliveryState.SENT);
            assertThat(late.lastError()).isEqualTo("sent after its send deadline of 200ms had passed");
            assertThat(hangDelivery(m, alert).state()).isEqualTo(DeliveryState.SENT);

            clock.advance(Duration.ofHours(1));
            assertThat(AlertingTestHooks.dispatch(m.alerts())).isZero();
            assertThat(ignoresInterrupt.sends.get()).isEqualTo(1);
            assertThat(fast.sent()).hasSize(1);
        }
    }

    @Test
    void aSendPastItsDeadlineIsRetriedOnceItReturns() throws Exception {
        try (Monitor m = monitor(hang, false, a -> a.sendDeadline("hang", Duration.ofMillis(200)))) {
            AlertRecord alert =
                    m.raiseAlert(Alert.critical("card payments failing").build());
            AlertingTestHooks.dispatch(m.alerts());
            assertThat(awaitReleased(m, alert).lastError()).isEqualTo("send deadline of 200ms passed");

            hang.gate.countDown();
            clock.advance(Duration.ofSeconds(5));
            assertThat(AlertingTestHooks.dispatch(m.alerts())).isEqualTo(1);
            Delivery retried = hangDelivery(m, alert);
            assertThat(retried.state()).isEqualTo(DeliveryState.SENT);
            assertThat(retried.attempts()).isEqualTo(2);
            assertThat(hang.sends.get()).isEqualTo(2);
        }
    }

    @Test
    void eachChannelHasItsOwnConcurrencyBound() throws Exception {
        try (Monitor m = monitor(
                hang, true, a -> a.channelConcurrency("hang", 2).sendDeadline("hang", Duration.ofSeconds(50)))) {
            for (int i = 0; i < 5; i++) {
                m.raiseAlert(Alert.critical("alert " + i).build());
            }
            for (int i = 0; i < 5; i++) {
                next(sent, "fast");
            }
            assertThat(hang.maxInFlight.get()).isLessThanOrEqualTo(2);
            hang.gate.countDown();
            for (int i = 0; i < 5; i++) {
                next(sent, "hang");
            }
            assertThat(hang.sends.get()).isEqualTo(5);
            assertThat(hang.maxInFlight.get()).isEqualTo(2);
        }
    }

    @Test
    void theDeadlineComesFromTheNotifierWithAGraceCappedAtHalfTheLease() {
        Notifier slow = new GatedNotifier(false) {
            @Override
            public Duration sendDeadline() {
                return Duration.ofMinutes(10);
            }
        };
        try (Monitor m = monitor(slow, false, a -> a.sendDeadline("fast", Duration.ofSeconds(3)))) {
            Dispatcher d = m.alerts().dispatcher();
            assertThat(d.sendDeadline("hang")).isEqualTo(Duration.ofMinutes(1));
            assertThat(d.sendDeadline("fast")).isEqualTo(Duration.ofSeconds(3));
        }
        try (Monitor m = monitor(hang, false, a -> {})) {
            assertThat(m.alerts().dispatcher().sendDeadline("hang"))
                    .isEqualTo(AlertingSettings.DEFAULT_SEND_DEADLINE.plus(Dispatcher.NOTIFIER_GRACE));
        }
    }

    @Test
    void badLaneSettingsAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> AlertingSettings.builder()
                        .claimLease(Duration.ofMinutes(1))
                        .sendDeadline("email", Duration.ofMinutes(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sendDeadline of channel 'email' must be shorter than claimLease (PT1M), but was PT1M");
        assertThatThrownBy(() -> AlertingSettings.builder().channelConcurrency("email", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channelConcurrency");
        assertThatThrownBy(() -> AlertingSettings.builder().sendDeadline("email", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sendDeadline");
    }
}
