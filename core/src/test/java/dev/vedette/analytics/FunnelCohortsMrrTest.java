package dev.vedette.analytics;

import static dev.vedette.analytics.Fixtures.paid;
import static dev.vedette.analytics.Fixtures.store;
import static dev.vedette.analytics.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FunnelCohortsMrrTest {
    static final Currency EUR = Currency.getInstance("EUR");
    static final Currency USD = Currency.getInstance("USD");

    static Analytics analytics(InMemoryStore store) {
        return new Analytics(store, new TestClock(Instant.parse("2026-06-01T00:00:00Z")), ZoneOffset.UTC);
    }

    static Instant day(int month, int day) {
        return Instant.parse(String.format("2026-%02d-%02dT12:00:00Z", month, day));
    }

    // ------------------------------------------------------------------ funnel

    @Test
    void funnelCountsEachStepWithConversionAndDropOff() {
        List<Transaction> data = new ArrayList<>();
        Instant t = day(3, 10);
        for (int i = 0; i < 10; i++) {
            String id = "f" + i;
            TransactionStatus status = i < 6 ? TransactionStatus.COMPLETED : TransactionStatus.FAILED;
            data.add(tx(id, status, t.plusSeconds(i)).build());
            if (i < 5) {
                data.add(Transaction.builder(id)
                        .step("user_created")
                        .occurredAt(t.plusSeconds(100 + i))
                        .build());
            }
            if (i < 4) {
                data.add(Transaction.builder(id)
                        .step("email_sent")
                        .occurredAt(t.plusSeconds(200 + i))
                        .build());
            }
        }

        Funnel f = analytics(store(data))
                .funnel(day(3, 1), day(4, 1), List.of("created", "completed", "user_created", "email_sent"));

        assertThat(f.steps()).extracting(Funnel.Step::count).containsExactly(10L, 6L, 5L, 4L);
        assertThat(f.steps()).extracting(Funnel.Step::conversion).containsExactly(1.0, 0.6, 0.5, 0.4);
        assertThat(f.steps()).extracting(Funnel.Step::dropOff).containsExactly(0.0, 0.4, 1.0 / 6, 0.2);
    }

    @Test
    void funnelOfAnEmptyRangeHasUndefinedRates() {
        Funnel f = analytics(new InMemoryStore()).funnel(day(3, 1), day(4, 1), List.of("created", "completed"));

        assertThat(f.steps().get(0).count()).isZero();
        assertThat(f.steps().get(1).conversion()).isNaN();
        assertThat(f.steps().get(1).dropOff()).isNaN();
    }

    @Test
    void funnelRejectsEmptyBlankAndRepeatedSteps() {
        Analytics a = analytics(new InMemoryStore());

        assertThatThrownBy(() -> a.funnel(day(3, 1), day(4, 1), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("steps must not be empty");
        assertThatThrownBy(() -> a.funnel(day(3, 1), day(4, 1), List.of("created", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> a.funnel(day(3, 1), day(4, 1), List.of("created", "created")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("steps must not repeat a name, 'created' did");
    }

    // ------------------------------------------------------------------ cohorts

    @Test
    void cohortsGroupCustomersByFirstPaymentMonthAndTrackRetention() {
        InMemoryStore store = store(
                paid("j1", "10.00", "EUR", "ada@example.com", day(1, 5)),
                paid("j2", "10.00", "EUR", "bob@example.com", day(1, 6)),
                paid("j3", "10.00", "EUR", "carl@example.com", day(1, 7)),
                paid("f1", "10.00", "EUR", "ADA@example.com", day(2, 5)),
                paid("f2", "10.00", "EUR", "dan@example.com", day(2, 6)),
                tx("f3", TransactionStatus.FAILED, day(2, 7))
                        .customer("bob@example.com", null)
                        .build(),
                paid("m1", "10.00", "EUR", "ada@example.com", day(3, 5)),
                paid("m2", "10.00", "USD", "bob@example.com", day(3, 6)),
                paid("m3", "10.00", "EUR", "dan@example.com", day(3, 7)),
                paid("m4", "10.00", "EUR", "eve@example.com", day(3, 8)),
                tx("m5", TransactionStatus.COMPLETED, day(3, 9))
                        .amount("1.00", "EUR")
                        .build());

        Cohorts c = analytics(store).cohorts(YearMonth.of(2026, 1), YearMonth.of(2026, 3));

        assertThat(c.cohorts())
                .extracting(Cohorts.Cohort::month)
                .containsExactly(YearMonth.of(2026, 1), YearMonth.of(2026, 2), YearMonth.of(2026, 3));
        Cohorts.Cohort jan = c.cohorts().get(0);
        assertThat(jan.customers()).isEqualTo(3);
        assertThat(jan.active()).containsExactly(3L, 1L, 2L);
        assertThat(jan.retention()).containsExactly(1.0, 1.0 / 3, 2.0 / 3);
        assertThat(c.cohorts().get(1).active()).containsExactly(1L, 1L);
        assertThat(c.cohorts().get(2).active()).containsExactly(1L);
        assertThat(c.scan().complete()).isTrue();
    }

    @Test
    void emptyCohortHasNanRetention() {
        Cohorts c = analytics(new InMemoryStore()).cohorts(YearMonth.of(2026, 1), YearMonth.of(2026, 2));

        assertThat(c.cohorts().get(0).customers()).isZero();
        assertThat(c.cohorts().get(0).retention().get(0)).isNaN();
    }

    @Test
    void cohortRangeIsValidated() {
        Analytics a = analytics(new InMemoryStore());

        assertThatThrownBy(() -> a.cohorts(YearMonth.of(2026, 3), YearMonth.of(2026, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from must not be after to, was 2026-03 > 2026-01");
        assertThatThrownBy(() -> a.cohorts(YearMonth.of(2000, 1), YearMonth.of(2026, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 120 months");
    }

    // ------------------------------------------------------------------ MRR

    static Transaction sub(String id, String amount, String currency, String email, Instant at, Object... meta) {
        Transaction.Builder b = tx(id, TransactionStatus.COMPLETED, at)
                .amount(amount, currency)
                .customer(email, null)
                .metadata("subscription", true);
        for (int i = 0; i < meta.length; i += 2) {
            b.metadata((String) meta[i], meta[i + 1]);
        }
        return b.build();
    }

    static Instant month(int year, int month) {
        return Instant.parse(String.format("%d-%02d-10T12:00:00Z", year, month));
    }

    @Test
    void mrrSplitsMovementsIntoNewReactivationExpansionContractionAndChurn() {
        InMemoryStore store = store(
                // A, by subscription id: 10 in Dec and Jan, upgraded to 20 (basic -> pro) in Feb
                sub(
                        "a0",
                        "10.00",
                        "EUR",
                        "a@example.com",
                        month(2025, 12),
                        "subscription_id",
                        "sub_A",
                        "plan",
                        "basic"),
                sub("a1", "10.00", "EUR", "a@example.com", month(2026, 1), "subscription_id", "sub_A", "plan", "basic"),
                sub("a2", "20.00", "EUR", "a@example.com", month(2026, 2), "subscription_id", "sub_A", "plan", "pro"),
                sub("a3", "20.00", "EUR", "a@example.com", month(2026, 3), "subscription_id", "sub_A", "plan", "pro"),
                // B: new in Jan, skips Feb (churn), back in Mar (reactivation)
                sub("b1", "15.00", "EUR", "b@example.com", month(2026, 1)),
                sub("b3", "15.00", "EUR", "B@example.com", month(2026, 3)),
                // C: plan_amount 30 in Dec, 25 in Jan (charged 300: an annual top-up, plan amount wins), gone in Feb
                sub("c0", "30.00", "EUR", "c@example.com", month(2025, 12), "plan_amount", "30"),
                sub("c1", "300.00", "EUR", "c@example.com", month(2026, 1), "plan_amount", new BigDecimal("25")),
                // D: new in March, in USD
                sub("d3", "12.00", "USD", "d@example.com", month(2026, 3)),
                // ignored: not a subscription, failed subscription payment
                paid("x1", "99.00", "EUR", "x@example.com", month(2026, 2)),
                tx("x2", TransactionStatus.FAILED, month(2026, 2))
                        .amount("50.00", "EUR")
                        .customer("y@example.com", null)
                        .metadata("subscription", "true")
                        .build());

        Mrr mrr = analytics(store).mrr(YearMonth.of(2026, 1), YearMonth.of(2026, 3));

        assertThat(mrr.months())
                .extracting(m -> m.month() + " " + m.currency())
                .containsExactly("2026-01 EUR", "2026-02 EUR", "2026-03 EUR", "2026-03 USD");
        Mrr.Month jan = mrr.months().get(0);
        assertThat(jan.mrr()).isEqualByComparingTo("50.00");
        assertThat(jan.newMrr()).isEqualByComparingTo("15.00");
        assertThat(jan.contractionMrr()).isEqualByComparingTo("5.00");
        assertThat(jan.expansionMrr()).isEqualByComparingTo("0");
        assertThat(jan.churnedMrr()).isEqualByComparingTo("0");
        assertThat(jan.subscribers()).isEqualTo(3);
        assertThat(jan.newSubscribers()).isEqualTo(1);
        Mrr.Month feb = mrr.months().get(1);
        assertThat(feb.mrr()).isEqualByComparingTo("20.00");
        assertThat(feb.expansionMrr()).isEqualByComparingTo("10.00");
        assertThat(feb.churnedMrr()).isEqualByComparingTo("40.00");
        assertThat(feb.churnedSubscribers()).isEqualTo(2);
        assertThat(feb.planChanges()).isEqualTo(1);
        Mrr.Month mar = mrr.months().get(2);
        assertThat(mar.mrr()).isEqualByComparingTo("35.00");
        assertThat(mar.reactivationMrr()).isEqualByComparingTo("15.00");
        assertThat(mar.newMrr()).isEqualByComparingTo("0");
        Mrr.Month usd = mrr.months().get(3);
        assertThat(usd.currency()).isEqualTo(USD);
        assertThat(usd.newMrr()).isEqualByComparingTo("12.00");
        assertThat(usd.mrr().scale()).isEqualTo(2);
        // the movements explain the change from the month before: 40 (Dec baseline) -> 50 -> 20 -> 35
        assertThat(jan.netNewMrr()).isEqualByComparingTo("10.00");
        assertThat(feb.netNewMrr()).isEqualByComparingTo("-30.00");
        assertThat(mar.netNewMrr()).isEqualByComparingTo("15.00");
    }

    @Test
    void newestPaymentOfAMonthSetsTheSubscribersAmount() {
        InMemoryStore store = store(
                sub("a1", "10.00", "EUR", "a@example.com", month(2026, 1)),
                sub("a2", "18.00", "EUR", "a@example.com", month(2026, 1).plus(Duration.ofDays(5))));

        Mrr mrr = analytics(store).mrr(YearMonth.of(2026, 1), YearMonth.of(2026, 1));

        assertThat(mrr.months())
                .singleElement()
                .satisfies(m -> assertThat(m.mrr()).isEqualByComparingTo("18.00"));
    }

    record Payment(int subscriber, int month, int cents) {}

    @Provide
    Arbitrary<List<Payment>> payments() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(100, 5_000))
                .as(Payment::new)
                .list()
                .ofMaxSize(40);
    }

    @Property(tries = 100)
    void mrrOfEachMonthIsThePreviousPlusItsMovements(@ForAll("payments") List<Payment> payments) {
        List<Transaction> data = new ArrayList<>();
        for (int i = 0; i < payments.size(); i++) {
            Payment p = payments.get(i);
            data.add(sub(
                    "p" + i,
                    BigDecimal.valueOf(p.cents(), 2).toPlainString(),
                    "EUR",
                    "s" + p.subscriber() + "@example.com",
                    month(2026, 1 + p.month()).plusSeconds(i)));
        }
        Mrr mrr = analytics(store(data)).mrr(YearMonth.of(2026, 1), YearMonth.of(2026, 6));

        Map<YearMonth, BigDecimal> byMonth = new HashMap<>();
        mrr.months().forEach(m -> byMonth.put(m.month(), m.mrr()));
        for (Mrr.Month m : mrr.months()) {
            BigDecimal previous = byMonth.getOrDefault(m.month().minusMonths(1), BigDecimal.ZERO);
            assertThat(previous.add(m.netNewMrr())).isEqualByComparingTo(m.mrr());
            assertThat(m.mrr().signum()).isNotNegative();
        }
    }
}
