package dev.vedette.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.Monitor;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.DeliveryState;
import dev.vedette.model.MonitorEvent;
import dev.vedette.model.Severity;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.Store;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AlertingTest {
    private static final Instant T0 = Instant.parse("2026-06-01T09:00:00Z");

    private final TestClock clock = new TestClock(T0);
    private final Store store = new InMemoryStore();
    // like the real Slack channel: everything but ACKNOWLEDGE (the kit's default records every kind)
    private final RecordingNotifier slack =
            new RecordingNotifier("slack", EnumSet.complementOf(EnumSet.of(DeliveryKind.ACKNOWLEDGE)));
    private final RecordingNotifier email = new RecordingNotifier("email");
    private final RecordingNotifier pagerduty = new RecordingNotifier(
            "pagerduty",
            EnumSet.of(
                    DeliveryKind.TRIGGER,
                    DeliveryKind.REMINDER,
                    DeliveryKind.ACKNOWLEDGE,
                    DeliveryKind.RESOLVE,
                    DeliveryKind.TEST));
    private final RecordingNotifier sms =
            new RecordingNotifier("sms", EnumSet.of(DeliveryKind.TRIGGER, DeliveryKind.REMINDER));

    private Monitor monitor(Consumer<AlertingSettings.Builder> alerting) {
        return Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack)
                .notifier(email)
                .notifier(pagerduty)
                .notifier(sms)
                .alerting(a -> {
                    a.retries(12, Duration.ofSeconds(5), Duration.ofMinutes(15), 0);
                    a.channelInterval("slack", Duration.ZERO);
                    alerting.accept(a);
                })
                .build();
    }

    private Monitor monitor() {
        return monitor(a -> {});
    }

    @Test
    void duplicateAlertWithinWindowDoesNotNotifyAgain() {
        Monitor m = monitor();
        AlertRecord first = m.raiseAlert(Alert.high("PayPal API failing")
                .component("paypal")
                .message("1 failure")
                .build());
        clock.advance(Duration.ofSeconds(30));
        AlertRecord second = m.raiseAlert(Alert.high("PayPal API failing")
                .component("paypal")
                .message("2 failures")
                .build());
        AlertingTestHooks.dispatch(m.alerts());

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.occurrences()).isEqualTo(2);
        assertThat(second.lastSeen()).isEqualTo(T0.plusSeconds(30));
        assertThat(second.message()).isEqualTo("2 failures");
        assertThat(slack.sent()).hasSize(1);
        assertThat(email.sent()).hasSize(1);
    }

    @Test
    void defaultRoutesFollowSeverity() {
        Monitor m = monitor();
        m.raiseAlert(Alert.critical("db down").build());
        m.raiseAlert(Alert.high("slow").build());
        m.raiseAlert(Alert.medium("meh").build());
        m.raiseAlert(Alert.low("fyi").build());
        AlertingTestHooks.dispatch(m.alerts());

        assertThat(slack.sent()).extracting(n -> n.alert().title()).containsExactlyInAnyOrder("db down", "slow", "meh");
        assertThat(email.sent()).extracting(n -> n.alert().title()).containsExactlyInAnyOrder("db down", "slow");
        assertThat(pagerduty.sent()).extracting(n -> n.alert().title()).containsExactly("db down");
        assertThat(sms.sent()).extracting(n -> n.alert().title()).containsExactly("db down");
    }

    @Test
    void routesMatchComponentAndLabelsAndMayContinue() {
        Monitor m = monitor(a -> a.route(Route.builder()
                        .component("paypal")
                        .channels("pagerduty")
                        .continueMatching(true)
                        .build())
                .route(Route.builder().label("team", "growth").channels("email").build())
                .route(Route.builder().channels("slack").build()));
        m.raiseAlert(Alert.medium("capture failing").component("paypal").build());
        m.raiseAlert(Alert.medium("signup dip").label("team", "growth").build());
        AlertingTestHooks.dispatch(m.alerts());

        assertThat(pagerduty.sent()).extracting(n -> n.alert().title()).containsExactly("capture failing");
        assertThat(slack.sent()).extracting(n -> n.alert().title()).containsExactly("capture failing");
        assertThat(email.sent()).extracting(n -> n.alert().title()).containsExactly("signup dip");
    }

    @Test
    void routeToUnconfiguredChannelIsAStartupError() {
        assertThatThrownBy(() -> monitor(a -> a.route(Route.of(Severity.CRITICAL, "slack", "teams", "discord"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("routes name channels that are not configured: [discord, teams]");
    }

    @Test
    void escalationNotifiesOnlyTheNewChannels() {
        Monitor m = monitor();
        m.raiseAlert(Alert.medium("checkout errors").component("checkout").build());
        m.raiseAlert(Alert.critical("checkout errors").component("checkout").build());
        AlertingTestHooks.dispatch(m.alerts());

        assertThat(slack.sent()).hasSize(1);
        assertThat(pagerduty.sent())
                .singleElement()
                .satisfies(n -> assertThat(n.alert().severity()).isEqualTo(Severity.CRITICAL));
        assertThat(sms.sent()).hasSize(1);
    }

    @Test
    void alertsArrivingWithinTheGroupWaitGoOutAsOneMessage() {
        Monitor m = monitor(a -> a.grouping(Duration.ofSeconds(30), "component"));
        m.raiseAlert(Alert.medium("timeout A").component("paypal").build());
        clock.advance(Duration.ofSeconds(10));
        m.raiseAlert(Alert.medium("timeout B").component("paypal").build());
        m.raiseAlert(Alert.medium("other").component("stripe").build());
        assertThat(AlertingTestHooks.dispatch(m.alerts()))
                .as("nothing is due before the wait")
                .isZero();

        clock.advance(Duration.ofSeconds(20));
        AlertingTestHooks.dispatch(m.alerts());

        assertThat(slack.sent()).hasSize(1);
        assertThat(slack.sent().get(0).alerts())
                .extracting(AlertRecord::title)
                .containsExactlyInAnyOrder("timeout A", "timeout B");
        clock.advance(Duration.ofSeconds(10));
        AlertingTestHooks.dispatch(m.alerts());
        assertThat(slack.sent()).hasSize(2);
        assertThat(slack.sent().get(1).alert().title()).isEqualTo("other");
    }

    @Test
    void channelIntervalQueuesBurstsInsteadOfRejectingThem() {
        Monitor m = monitor(a -> a.channelInterval("slack", Duration.ofSeconds(1)));
        for (int i = 0; i < 3; i++) {
            m.raiseAlert(Alert.medium("problem " + i).build());
        }
        AlertingTestHooks.dispatch(m.alerts());
        assertThat(slack.sent()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        AlertingTestHooks.dispatch(m.alerts());
        assertThat(slack.sent()).hasSize(2);
        clock.advance(Duration.ofSeconds(1));
        AlertingTestHooks.dispatch(m.alerts());
        assertThat(slack.sent()).hasSize(3);
        assertThat(store.deliveryCounts()).containsEntry(DeliveryState.SENT, 3L);
    }

    @Test
    void stormOfDistinctAlertsIsCappedAndSummarisedPerChannel() {
        Monitor m = monitor(a -> a.stormCap("sms", 10));
        for (int i = 0; i < 1_000; i++) {
            m.raiseAlert(Alert.critical("card testing attack " + i).build());
        }
        while (AlertingTestHooks.dispatch(m.alerts()) > 0) {
            // drain everything due in this minute
        }
        assertThat(sms.sent()).as("first minute").hasSize(10);
        Notification summary = sms.sent().get(9);
        assertThat(summary.alerts()).hasSize(20);
        assertThat(summary.omitted()).as("and 971 more").isEqualTo(971);

        int minutes = 1;
        while (store.deliveryCounts().getOrDefault(DeliveryState.PENDING, 0L) > 0) {
            clock.advance(Duration.ofMinutes(1));
            minutes++;
            while (AlertingTestHooks.dispatch(m.alerts()) > 0) {}
        }
        assertThat(sms.sent().size()).isLessThanOrEqualTo(10 * minutes).isLessThan(100);
        assertThat(sms.sent().stream()
                        .mapToInt(n -> n.alerts().size() + n.omitted())
                        .sum())
                .as("every alert is covered exactly once")
                .isEqualTo(1_000);
        assertThat(store.deliveryCounts().get(DeliveryState.DEAD)).isNull();
    }

    @Test
    void silencedAlertsAreRecordedNotDeliveredAndDeliveredWhenTheSilenceEnds() {
        Monitor m = monitor();
        m.alerts().silence(Map.of("component", "paypal"), Duration.ofHours(1), "ada", "PayPal maintenance");
        AlertRecord a = m.raiseAlert(
                Alert.high("PayPal API failing").component("paypal").build());
        m.raiseAlert(Alert.high("Stripe API failing").component("stripe").build());
        AlertingTestHooks.dispatch(m.alerts());

        assertThat(a.suppressedBy()).startsWith("silence:");
        assertThat(slack.sent()).extracting(n -> n.alert().component()).containsExactly("stripe");

        clock.advance(Duration.ofMinutes(59).plusSeconds(59));
        m.runScheduledJobs();
        assertThat(triggers(slack))
                .as("still silenced one second before the end")
                .containsExactly("stripe");

        clock.advance(Duration.ofSeconds(1));
        m.runScheduledJobs();
        assertThat(triggers(slack)).containsExactly("stripe", "paypal");
    }

    private static List<String> triggers(RecordingNotifier n) {
        return n.sent().stream()
                .filter(x -> x.kind() == DeliveryKind.TRIGGER)
                .map(x -> x.alert().component())
                .toList();
    }

    @Test
    void maintenanceWindowStartsExactlyAtItsStart() {
        Monitor m = monitor();
        m.alerts().silence(Map.of(), T0.plusSeconds(60), T0.plusSeconds(120), "ops", "deploy");
        assertThat(m.raiseAlert(Alert.medium("before").build()).suppressedBy()).isNull();
        clock.advance(Duration.ofSeconds(60));
        assertThat(m.raiseAlert(Alert.medium("at start").build()).suppressedBy())
                .isNotNull();
        clock.advance(Duration.ofSeconds(60));
        assertThat(m.raiseAlert(Alert.medium("at end").build()).suppressedBy()).isNull();
    }

    @Test
    void providerOutageInhibitsPerCustomerAlerts() {
        Monitor m = monitor(a -> a.inhibit(new InhibitRule(
                Map.of("source", "rule:provider-outage"),
                Map.of("source", "rule:customer-failures"),
                List.of("provider"))));
        m.raiseAlert(Alert.critical("PayPal outage")
                .source("rule:provider-outage")
                .label("provider", "paypal")
                .build());
        AlertRecord muted = m.raiseAlert(Alert.medium("ada failed 4 times")
                .source("rule:customer-failures")
                .label("provider", "paypal")
                .build());
        AlertRecord other = m.raiseAlert(Alert.medium("bob failed 4 times")
                .source("rule:customer-failures")
                .label("provider", "stripe")
                .build());

        assertThat(muted.suppressedBy()).startsWith("inhibited:");
        assertThat(other.suppressedBy()).isNull();
    }

    @Test
    void unacknowledgedCriticalAlertsAreRemindedAndAcknowledgeStopsIt() {
        Monitor m = monitor(a -> a.reminders(Duration.ofMinutes(30), Severity.CRITICAL));
        AlertRecord a = m.raiseAlert(Alert.critical("db down").build());
        AlertingTestHooks.dispatch(m.alerts());

        clock.advance(Duration.ofMinutes(29));
        m.runScheduledJobs();
        assertThat(sms.sent()).hasSize(1);

        clock.advance(Duration.ofMinutes(1));
        m.runScheduledJobs();
        assertThat(sms.sent())
                .extracting(Notification::kind)
                .containsExactly(DeliveryKind.TRIGGER, DeliveryKind.REMINDER);

        m.alerts().acknowledge(a.id(), "ada");
        AlertingTestHooks.dispatch(m.alerts());
        clock.advance(Duration.ofMinutes(30));
        m.runScheduledJobs();
        assertThat(sms.sent()).hasSize(2);
        assertThat(pagerduty.sent())
                .extracting(Notification::kind)
                .containsExactly(DeliveryKind.TRIGGER, DeliveryKind.REMINDER, DeliveryKind.ACKNOWLEDGE);
        assertThat(slack.sent())
                .extracting(Notification::kind)
                .as("slack has no acknowledge")
                .containsExactly(DeliveryKind.TRIGGER, DeliveryKind.REMINDER);
    }

    @Test
    void resolveNotifiesEveryChannelThatWasNotifiedAndSupportsIt() {
        Monitor m = monitor();
        AlertRecord a =
                m.raiseAlert(Alert.critical("db down").component("database").build());
        AlertingTestHooks.dispatch(m.alerts());
        clock.advance(Duration.ofMinutes(5));
        AlertRecord resolved = m.alerts().resolve(a.id(), "ada").orElseThrow();
        AlertingTestHooks.dispatch(m.alerts());

        assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.resolvedBy()).isEqualTo("ada");
        assertThat(pagerduty.sent())
                .extracting(Notification::kind)
                .containsExactly(DeliveryKind.TRIGGER, DeliveryKind.RESOLVE);
        assertThat(pagerduty.sent().get(1).dedupKey())
                .isEqualTo(pagerduty.sent().get(0).dedupKey());
        assertThat(slack.sent())
                .extracting(Notification::kind)
                .containsExactly(DeliveryKind.TRIGGER, DeliveryKind.RESOLVE);
        assertThat(sms.sent()).extracting(Notification::kind).containsExactly(DeliveryKind.TRIGGER);
        assertThat(m.alerts().resolve(a.id(), "bob")).as("already resolved").isEmpty();
    }

    @Test
    void automaticResolveByKeyAndANewOccurrenceOpensANewAlert() {
        Monitor m = monitor();
        AlertRecord a = m.raiseAlert(
                Alert.high("error rate above 10%").dedupKey("rule:error-rate").build());
        assertThat(m.alerts().resolveByKey("rule:error-rate", "auto")).isPresent();
        AlertRecord again = m.raiseAlert(
                Alert.high("error rate above 10%").dedupKey("rule:error-rate").build());

        assertThat(again.id()).isNotEqualTo(a.id());
        assertThat(m.alerts().get(a.id()).orElseThrow().resolvedBy()).isEqualTo("auto");
        assertThat(m.alerts().resolveByKey("nothing-active", "auto")).isEmpty();
    }

    @Test
    void adminActionsAreAudited() {
        Monitor m = monitor();
        AlertRecord a = m.raiseAlert(Alert.high("x").build());
        m.alerts().acknowledge(a.id(), "ada");
        m.alerts().resolve(a.id(), "bob");
        m.alerts().silence(Map.of("component", "paypal"), Duration.ofMinutes(10), "carol", "deploy");
        m.alerts().sendTest("slack", "dave");

        List<AuditEntry> audit = store.audit(10, null).items();
        assertThat(audit)
                .extracting(AuditEntry::action)
                .containsExactly("notification.test", "silence.create", "alert.resolve", "alert.acknowledge");
        assertThat(audit).extracting(AuditEntry::actor).containsExactly("dave", "carol", "bob", "ada");
    }

    @Test
    void failingNotifierIsRetriedWithBackoffUntilItSucceedsOnce() {
        Monitor m = monitor();
        slack.failNext(3);
        AlertRecord a = m.raiseAlert(Alert.medium("x").build());

        List<Instant> attemptTimes = new ArrayList<>();
        for (int i = 0; i < 200 && slack.sent().isEmpty(); i++) {
            if (AlertingTestHooks.dispatch(m.alerts()) > 0) {
                attemptTimes.add(clock.instant());
            }
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(slack.sent()).hasSize(1);
        assertThat(slack.attempts()).hasSize(4);
        assertThat(attemptTimes).containsExactly(T0, T0.plusSeconds(5), T0.plusSeconds(15), T0.plusSeconds(35));
        Delivery d = m.alerts().deliveries(a.id()).get(0);
        assertThat(d.state()).isEqualTo(DeliveryState.SENT);
        assertThat(d.attempts()).isEqualTo(4);
    }

    @Test
    void retryAfterFromThePeerIsHonoured() {
        Monitor m = monitor();
        slack.rateLimitNext(1, Duration.ofSeconds(42));
        AlertRecord a = m.raiseAlert(Alert.medium("x").build());
        AlertingTestHooks.dispatch(m.alerts());
        assertThat(m.alerts().deliveries(a.id()).get(0).nextAttemptAt()).isEqualTo(T0.plusSeconds(42));
    }

    @Test
    void permanentFailureIsDeadWithoutRetryAndRaisesAMetaAlertOnTheFallback() {
        List<MonitorEvent> events = new CopyOnWriteArrayList<>();
        Monitor m = monitor(a -> a.fallbackChannel("email"));
        m.events().onAny(events::add);
        slack.failPermanently("channel_not_found");
        AlertRecord a = m.raiseAlert(Alert.medium("x").build());
        AlertingTestHooks.dispatch(m.alerts());
        clock.advance(Duration.ofHours(1));
        AlertingTestHooks.dispatch(m.alerts());

        Delivery d = m.alerts().deliveries(a.id()).get(0);
        assertThat(d.state()).isEqualTo(DeliveryState.DEAD);
        assertThat(d.lastError()).isEqualTo("channel_not_found");
        assertThat(slack.attempts()).hasSize(1);
        assertThat(email.sent())
                .singleElement()
                .satisfies(n -> assertThat(n.alert().title()).isEqualTo("Notifications to slack are failing"));
        assertThat(events).hasAtLeastOneElementOfType(MonitorEvent.DeliveryDead.class);
    }

    @Test
    void outOfAttemptsIsDead() {
        Monitor m = monitor(a -> a.retries(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 0));
        slack.failNext(10);
        AlertRecord a = m.raiseAlert(Alert.medium("x").build());
        for (int i = 0; i < 10; i++) {
            AlertingTestHooks.dispatch(m.alerts());
            clock.advance(Duration.ofSeconds(1));
        }
        Delivery d = m.alerts().deliveries(a.id()).get(0);
        assertThat(d.state()).isEqualTo(DeliveryState.DEAD);
        assertThat(d.lastError()).isEqualTo("gave up after 3 attempts: simulated failure");
        assertThat(slack.attempts()).hasSize(3);
    }

    @Test
    void pendingDeliveriesResumeAfterARestartOnTheSameStore() {
        Monitor before = monitor();
        before.raiseAlert(Alert.critical("db down").build());
        before.close(); // crashed or stopped before the dispatcher ran

        Monitor after = Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack)
                .notifier(email)
                .notifier(pagerduty)
                .notifier(sms)
                .build();
        AlertingTestHooks.dispatch(after.alerts());
        AlertingTestHooks.dispatch(after.alerts());

        assertThat(slack.sent()).hasSize(1);
        assertThat(sms.sent()).hasSize(1);
    }

    @Test
    void twoMonitorsOnOneStoreSendEachDeliveryExactlyOnce() throws Exception {
        Monitor one = monitor(s -> s.stormCap("slack", 1_000).stormCap("email", 1_000));
        Monitor two = Monitor.builder()
                .store(store)
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack)
                .notifier(email)
                .notifier(pagerduty)
                .notifier(sms)
                .alerting(a -> a.channelInterval("slack", Duration.ZERO)
                        .stormCap("slack", 1_000)
                        .stormCap("email", 1_000))
                .build();
        for (int i = 0; i < 100; i++) {
            one.raiseAlert(Alert.high("problem " + i).build());
        }
        Thread a = Thread.ofPlatform().start(() -> {
            while (AlertingTestHooks.dispatch(one.alerts()) > 0) {}
        });
        Thread b = Thread.ofPlatform().start(() -> {
            while (AlertingTestHooks.dispatch(two.alerts()) > 0) {}
        });
        a.join();
        b.join();
        clock.advance(Duration.ofMinutes(1));
        while (AlertingTestHooks.dispatch(one.alerts()) + AlertingTestHooks.dispatch(two.alerts()) > 0) {}

        assertThat(slack.sent()).hasSize(100);
        assertThat(slack.sent()).extracting(n -> n.alert().id()).doesNotHaveDuplicates();
        assertThat(email.sent()).hasSize(100);
    }

    @Test
    void eventsAreTyped() {
        Monitor m = monitor();
        List<String> seen = new CopyOnWriteArrayList<>();
        m.events()
                .on(
                        MonitorEvent.AlertRaised.class,
                        e -> seen.add("raised " + e.alert().title()));
        m.events()
                .on(
                        MonitorEvent.AlertResolved.class,
                        e -> seen.add("resolved " + e.alert().title()));
        m.events()
                .on(
                        MonitorEvent.DeliverySent.class,
                        e -> seen.add("sent " + e.delivery().channel()));
        m.events().on(MonitorEvent.AlertRaised.class, e -> {
            throw new IllegalStateException("a broken listener does not break the monitor");
        });
        AlertRecord a = m.raiseAlert(Alert.medium("x").build());
        AlertingTestHooks.dispatch(m.alerts());
        m.alerts().resolve(a.id(), "ada");

        assertThat(seen).containsExactly("raised x", "sent slack", "resolved x");
    }

    @Test
    void testNotificationGoesStraightToTheChannel() {
        Monitor m = monitor();
        assertThat(m.alerts().sendTest("email", "ada")).isInstanceOf(SendResult.Sent.class);
        assertThat(email.sent())
                .singleElement()
                .satisfies(n -> assertThat(n.kind()).isEqualTo(DeliveryKind.TEST));
        assertThatThrownBy(() -> m.alerts().sendTest("fax", "ada")).hasMessageContaining("was 'fax'");
    }

    @Test
    void lowAlertsGoToTheDailyDigestOnce() {
        Monitor m = monitor(a -> a.digest("email", LocalTime.of(8, 0)));
        m.raiseAlert(Alert.low("certificate expires in 20 days").build());
        m.raiseAlert(Alert.low("disk 70% full").build());
        AlertingTestHooks.dispatch(m.alerts());
        assertThat(email.sent()).isEmpty();

        clock.set(Instant.parse("2026-06-02T08:00:00Z"));
        m.runScheduledJobs();
        m.runScheduledJobs();

        assertThat(email.sent()).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(DeliveryKind.DIGEST);
            assertThat(n.alerts()).hasSize(2);
        });
        assertThat(new AlertJobs(m.alerts()).planDigest(LocalDate.parse("2026-06-01")))
                .as("once per day")
                .isFalse();
        assertThat(m.reports().history(10, null).items())
                .as("the digest is kept with the reports")
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(AlertJobs.DIGEST_KIND);
                    assertThat(r.period()).isEqualTo("2026-06-01");
                    assertThat(r.subject()).isEqualTo("2 low alerts on 2026-06-01");
                    assertThat(r.text()).contains("- certificate expires in 20 days", "- disk 70% full");
                    assertThat(m.reports().deliveries(r.id()))
                            .singleElement()
                            .satisfies(d -> assertThat(d.state()).isEqualTo(dev.vedette.model.DeliveryState.SENT));
                });
    }

    @Test
    void rejectsBadSettings() {
        assertThatThrownBy(
                        () -> AlertingSettings.builder().retries(3, Duration.ofSeconds(10), Duration.ofSeconds(1), 0))
                .hasMessageContaining("maxBackoff must not be shorter than initialBackoff");
        assertThatThrownBy(
                        () -> AlertingSettings.builder().retries(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 0.9))
                .hasMessage("jitter must be between 0 and 0.5, was 0.9");
        assertThatThrownBy(() -> Monitor.builder()
                        .notifier(new RecordingNotifier("a"))
                        .notifier(new RecordingNotifier("a"))
                        .backgroundJobs(false)
                        .build())
                .hasMessage("two notifiers are named 'a'");
    }

    @Test
    void backoffDoublesUpToTheMaximumWithBoundedJitter() {
        Monitor m = monitor(a -> a.retries(20, Duration.ofSeconds(5), Duration.ofMinutes(1), 0));
        assertThat(List.of(1, 2, 3, 4, 5, 10))
                .extracting(n -> m.alerts().dispatcher().backoff(n).toSeconds())
                .containsExactly(5L, 10L, 20L, 40L, 60L, 60L);
        Dispatcher jittery = new Dispatcher(
                new Alerts(
                        store,
                        List.of(slack),
                        AlertingSettings.builder()
                                .retries(5, Duration.ofSeconds(10), Duration.ofMinutes(1), 0.2)
                                .build(),
                        clock,
                        new dev.vedette.MonitorEventsForTests().events()::publish,
                        dev.vedette.errors.Scrubber.defaults()),
                "x",
                () -> 1.0,
                false);
        assertThat(jittery.backoff(1)).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void settingsExposeTheirDefaults() {
        AlertingSettings s = AlertingSettings.defaults();
        assertThat(s.channelInterval("slack")).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.stormCap("sms")).isEqualTo(10);
        assertThat(s.reminderSeverities()).isEqualTo(Set.of(Severity.CRITICAL, Severity.HIGH));
        assertThat(s.groupWait()).isZero();
    }
}
