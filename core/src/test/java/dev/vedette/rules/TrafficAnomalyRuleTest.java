package dev.vedette.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vedette.model.Alert;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.store.WriteBatch;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A synthetic shop: busy weekday days (60/h), quiet nights (5/h), calmer weekends (25/h), with
 * ±15 % noise. Four weeks of history, then a fifth week watched hour by hour with one planted drop.
 */
class TrafficAnomalyRuleTest {
    private static final Instant HISTORY_START = Instant.parse("2026-06-01T00:00:00Z"); // a Monday
    private static final Instant WATCH_START = HISTORY_START.plus(Duration.ofDays(28));
    private static final Instant DROP_HOUR =
            WATCH_START.plus(Duration.ofDays(2)).plus(Duration.ofHours(14));

    private final Random random = new Random(42);
    private final InMemoryStore store =
            InMemoryStore.builder().maxTransactions(200_000).build();
    private int ids;

    private static int usual(Instant hour) {
        ZonedDateTime t = hour.atZone(ZoneOffset.UTC);
        boolean weekend = t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY;
        boolean day = t.getHour() >= 8 && t.getHour() < 21;
        return !day ? 5 : weekend ? 25 : 60;
    }

    private void writeHour(Instant hour, int count) {
        List<Transaction> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(Transaction.builder("t" + ids++)
                    .status(TransactionStatus.COMPLETED)
                    .occurredAt(hour.plusSeconds(i * 3_599L / Math.max(1, count)))
                    .build());
        }
        store.write(WriteBatch.ofTransactions(list));
    }

    private int noisy(int usual) {
        return (int) Math.round(usual * (0.85 + 0.3 * random.nextDouble()));
    }

    @Test
    void alertsOnThePlantedDropAndNotOnWeeklySeasonality() {
        for (Instant h = HISTORY_START; h.isBefore(WATCH_START); h = h.plus(Duration.ofHours(1))) {
            writeHour(h, noisy(usual(h)));
        }
        FakeRuleContext ctx = new FakeRuleContext(WATCH_START.plusSeconds(60), store);
        TrafficAnomalyRule rule = Rules.trafficAnomaly();
        rule.evaluate(ctx);
        assertThat(rule.expectedAt(DROP_HOUR))
                .as("learned from the store's history")
                .isBetween(50.0, 70.0);
        assertThat(rule.expectedAt(DROP_HOUR.plus(Duration.ofHours(10)))).isBetween(3.0, 7.0);

        for (Instant h = WATCH_START;
                h.isBefore(WATCH_START.plus(Duration.ofDays(7)));
                h = h.plus(Duration.ofHours(1))) {
            writeHour(h, h.equals(DROP_HOUR) ? 8 : noisy(usual(h)));
            ctx.clock.set(h.plus(Duration.ofMinutes(65)));
            rule.evaluate(ctx);
            if (h.equals(DROP_HOUR)) {
                assertThat(ctx.active)
                        .as("raised within the evaluation after the hour ends")
                        .containsKey("rule:traffic-anomaly:drop");
            }
        }
        assertThat(ctx.raised).extracting(Alert::dedupKey).containsExactly("rule:traffic-anomaly:drop");
        assertThat(ctx.raised.get(0).message())
                .startsWith("8 transactions in the hour from Wed 2026-07-01 14:00 Z; expected");
        assertThat(ctx.resolved).containsExactly("rule:traffic-anomaly:drop");
    }

    @Test
    void aSpikeIsCaughtWhileTheHourIsStillRunning() {
        for (Instant h = HISTORY_START; h.isBefore(WATCH_START); h = h.plus(Duration.ofHours(1))) {
            writeHour(h, usual(h));
        }
        FakeRuleContext ctx = new FakeRuleContext(WATCH_START.plusSeconds(60), store);
        TrafficAnomalyRule rule = Rules.trafficAnomaly();
        rule.evaluate(ctx);
        Instant busyHour = WATCH_START.plus(Duration.ofHours(10));
        for (Instant h = WATCH_START; h.isBefore(busyHour); h = h.plus(Duration.ofHours(1))) {
            writeHour(h, usual(h));
        }
        ctx.clock.set(busyHour.plus(Duration.ofMinutes(20)));
        writeHour(busyHour, 300);
        rule.evaluate(ctx);
        assertThat(ctx.raised).extracting(Alert::dedupKey).containsExactly("rule:traffic-anomaly:spike");
        assertThat(ctx.raised.get(0).message())
                .as("a third of the 300 fell into the first 20 minutes")
                .startsWith("101 transactions so far in the hour from Mon 2026-06-29 10:00 Z; expected 60.0 ± 23.2");
    }

    @Test
    void aFreshInstallWarmsUpBeforeItMayAlert() {
        FakeRuleContext ctx = new FakeRuleContext(WATCH_START, store);
        TrafficAnomalyRule rule = Rules.trafficAnomaly();
        rule.evaluate(ctx);
        for (Instant h = WATCH_START;
                h.isBefore(WATCH_START.plus(Duration.ofDays(7)));
                h = h.plus(Duration.ofHours(1))) {
            writeHour(h, h.equals(DROP_HOUR) ? 0 : usual(h));
            ctx.clock.set(h.plus(Duration.ofMinutes(65)));
            rule.evaluate(ctx);
        }
        assertThat(ctx.raised)
                .as("one week of history is below the two-week warm-up")
                .isEmpty();
    }
}
