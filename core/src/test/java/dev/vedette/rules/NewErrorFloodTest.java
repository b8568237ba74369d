package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.Monitor;
import dev.vedette.alerting.AlertingTestHooks;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.ErrorGroup;
import dev.vedette.test.RecordingNotifier;
import dev.vedette.test.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An anonymous client sends one bad value after another to a public endpoint. Each must not become
 * an error group and a page of its own.
 */
class NewErrorFloodTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-07-01T12:00:00Z"));
    private final RecordingNotifier slack = new RecordingNotifier("slack");

    private Monitor monitor(Rule rule) {
        return Monitor.builder()
                .clock(clock)
                .backgroundJobs(false)
                .notifier(slack)
                .rule(rule)
                .build();
    }

    /** What the demo's checkout throws for a bad currency; one call site, so the frames are equal. */
    private static IllegalArgumentException badCurrency(String code) {
        return new IllegalArgumentException("currency must be an ISO 4217 code, was '" + code + "'");
    }

    private static List<ErrorGroup> groups(Monitor m) {
        return m.errors().groups(Set.of(), 100, null).items();
    }

    private long triggers() {
        return slack.sent().stream()
                .filter(n -> n.kind() == DeliveryKind.TRIGGER)
                .count();
    }

    @Test
    void tenBadCurrenciesAreOneGroupAndAtMostOneAlert() {
        try (Monitor m = monitor(Rules.newErrors())) {
            for (char c = 'B'; c <= 'K'; c++) {
                m.recordError(badCurrency("Q" + c + "X"));
            }
            m.flush(Duration.ofSeconds(5));
            AlertingTestHooks.dispatch(m.alerts());

            assertThat(groups(m)).hasSize(1);
            assertThat(groups(m).get(0).count()).isEqualTo(10);
            assertThat(groups(m).get(0).messageTemplate())
                    .isEqualTo("currency must be an <code> <n> code, was '<str>'")
                    .doesNotContain("QBX", "QKX");
            assertThat(m.alerts().active()).hasSize(1);
            assertThat(triggers()).isEqualTo(1);
        }
    }

    @Test
    void userSuppliedValuesInAnyShapeDoNotSplitAGroup() {
        try (Monitor m = monitor(Rules.newErrors())) {
            for (String value : List.of(
                    "QBX",
                    "QCX",
                    "\"><img src=x onerror=alert(2)>@example.com",
                    "ada@example.com",
                    "1.999",
                    "<b>X</b>",
                    "4f1c2a9e-8b3d-4c1e-9a7f-2d6b8e0c1f3a",
                    "0xdeadbeef",
                    "")) {
                m.recordError(rejected(value));
            }
            m.flush(Duration.ofSeconds(5));
            assertThat(groups(m)).extracting(ErrorGroup::messageTemplate).containsExactly("rejected '<str>'");
            assertThat(m.alerts().active()).hasSize(1);
        }
    }

    private static IllegalArgumentException rejected(String value) {
        return new IllegalArgumentException("rejected '" + value + "'");
    }

    @Test
    void unquotedCurrencyCodesNumbersAndAddressesDoNotSplitAGroup() {
        try (Monitor m = monitor(Rules.newErrors())) {
            for (String message : List.of(
                    "unknown currency QBX for order 1042 of bob@example.com",
                    "unknown currency QKX for order 77 of eve@example.org",
                    "unknown currency usd for order A-9 of x@y.io")) {
                m.recordError(unknown(message));
            }
            m.flush(Duration.ofSeconds(5));
            assertThat(groups(m))
                    .extracting(ErrorGroup::messageTemplate)
                    .as("lower-case 'usd' is not a code of three capitals")
                    .containsExactlyInAnyOrder(
                            "unknown currency <code> for order <n> of <email>",
                            "unknown currency usd for order <n> of <email>");
        }
    }

    private static IllegalStateException unknown(String message) {
        return new IllegalStateException(message);
    }

    /** Ten genuinely different errors: different types or messages. */
    private static List<RuntimeException> tenDistinctErrors() {
        return List.of(
                new IllegalStateException("ledger out of balance"),
                new IllegalStateException("inventory missing"),
                new IllegalStateException("invoice already sent"),
                new IllegalArgumentException("unsupported locale"),
                new IllegalArgumentException("cart is empty"),
                new UnsupportedOperationException("partial refunds"),
                new ArithmeticException("division by zero"),
                new NullPointerException("shipping address"),
                new IndexOutOfBoundsException("line item"),
                new ClassCastException("coupon is not a discount"));
    }

    @Test
    void aBurstOfNewErrorsBeyondTheBoundBecomesOneSummaryThatListsThem() {
        try (Monitor m = monitor(Rules.newErrors())) {
            tenDistinctErrors().forEach(m::recordError);
            m.flush(Duration.ofSeconds(5));
            AlertingTestHooks.dispatch(m.alerts());

            assertThat(groups(m)).hasSize(10);
            List<AlertRecord> active = m.alerts().active();
            assertThat(active).hasSize(ErrorGroupRule.DEFAULT_MAX_ALERTS + 1);
            AlertRecord summary = active.stream()
                    .filter(a -> a.dedupKey().equals("rule:new-errors:burst"))
                    .findFirst()
                    .orElseThrow();
            assertThat(summary.title()).isEqualTo("Burst of new errors");
            assertThat(summary.message())
                    .startsWith("7 new error groups since 2026-07-01T12:00:00Z, beyond 3 alerts per 10m:")
                    .contains("ClassCastException: coupon is not a discount", "ArithmeticException: division by zero");
            assertThat(summary.occurrences())
                    .as("each further group updates the summary")
                    .isEqualTo(7);
            assertThat(triggers()).as("no page per absorbed group").isLessThanOrEqualTo(4);
        }
    }

    @Test
    void withNoAlertsOfTheirOwnABurstIsExactlyOneSummarisingAlert() {
        try (Monitor m = monitor(Rules.newErrors().atMost(0, Duration.ofMinutes(10)))) {
            List<RuntimeException> errors = tenDistinctErrors();
            for (int i = 0; i < errors.size(); i++) {
                m.recordError(errors.get(i));
                if (i % 3 == 0) {
                    m.flush(Duration.ofSeconds(5)); // across several batches
                }
            }
            m.flush(Duration.ofSeconds(5));
            AlertingTestHooks.dispatch(m.alerts());

            assertThat(m.alerts().active()).singleElement().satisfies(a -> {
                assertThat(a.dedupKey()).isEqualTo("rule:new-errors:burst");
                assertThat(a.message()).startsWith("10 new error groups");
                assertThat(a.message().lines().filter(l -> l.startsWith("- "))).hasSize(10);
            });
            assertThat(triggers()).isEqualTo(1);
        }
    }

    @Test
    void theBoundSlidesAndTheSummaryResolvesWhenItsGroupsAreResolved() {
        try (Monitor m =
                monitor(Rules.fromProperties("new-errors", Map.of("max-alerts", "1", "burst-window", "10m")))) {
            List<RuntimeException> errors = tenDistinctErrors();
            m.recordError(errors.get(0));
            m.recordError(errors.get(1));
            m.recordError(errors.get(2));
            m.flush(Duration.ofSeconds(5));
            assertThat(m.alerts().active())
                    .extracting(AlertRecord::dedupKey)
                    .hasSize(2)
                    .contains("rule:new-errors:burst");

            clock.advance(Duration.ofMinutes(11));
            m.recordError(errors.get(3));
            m.flush(Duration.ofSeconds(5));
            assertThat(m.alerts().active())
                    .as("the window has passed: an alert of its own")
                    .hasSize(3);

            AlertRecord summary = m.alerts().active().stream()
                    .filter(a -> a.dedupKey().endsWith(":burst"))
                    .findFirst()
                    .orElseThrow();
            for (ErrorGroup g : groups(m)) {
                m.errors().resolve(g.fingerprint(), "ada");
            }
            clock.advance(Duration.ofMinutes(5));
            m.runScheduledJobs();
            assertThat(m.alerts().get(summary.id()).orElseThrow().status()).isEqualTo(AlertStatus.RESOLVED);
        }
    }
}
