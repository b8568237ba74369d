package dev.vedette.analytics;

import static dev.vedette.analytics.Fixtures.ms;
import static dev.vedette.analytics.Fixtures.store;
import static dev.vedette.analytics.Fixtures.tx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.vedette.model.Money;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.InMemoryStore;
import dev.vedette.test.TestClock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KpisTest {
    static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");
    static final Instant NEXT_DAY = DAY.plus(Duration.ofDays(1));
    static final Currency EUR = Currency.getInstance("EUR");
    static final Currency USD = Currency.getInstance("USD");
    static final Currency JPY = Currency.getInstance("JPY");

    static Instant at(int hour) {
        return DAY.plus(Duration.ofHours(hour));
    }

    /** The day described in docs/analytics.md's worked example; figures are computed by hand. */
    static List<Transaction> day() {
        return List.of(
                tx("t1", TransactionStatus.COMPLETED, at(9))
                        .amount("100.00", "EUR")
                        .customer("ada@example.com", null)
                        .provider("paypal")
                        .paymentMethod("card")
                        .latency(ms(120))
                        .build(),
                tx("t2", TransactionStatus.COMPLETED, at(10))
                        .amount("50", "EUR")
                        .customer("BOB@example.com", null)
                        .provider("stripe")
                        .paymentMethod("card")
                        .latency(ms(80))
                        .build(),
                tx("t3", TransactionStatus.COMPLETED, at(11))
                        .amount("20.00", "USD")
                        .customer("Ada@Example.com", null)
                        .provider("stripe")
                        .paymentMethod("ideal")
                        .latency(ms(300))
                        .build(),
                tx("t4", TransactionStatus.FAILED, at(12))
                        .amount("30.00", "EUR")
                        .customer("carl@example.com", null)
                        .provider("paypal")
                        .paymentMethod("card")
                        .error("INSTRUMENT_DECLINED", "Card declined")
                        .latency(ms(900))
                        .build(),
                tx("t5", TransactionStatus.FAILED, at(13))
                        .amount("10.00", "USD")
                        .customer("dora@example.com", null)
                        .provider("stripe")
                        .paymentMethod("card")
                        .error("INSTRUMENT_DECLINED", "Do not honor")
                        .build(),
                tx("t6", TransactionStatus.ERROR, at(14))
                        .provider("paypal")
                        .error("TIMEOUT", "Read timed out")
                        .build(),
                tx("t7", TransactionStatus.COMPLETED, at(15))
                        .amount("40.00", "EUR")
                        .customer("eve@example.com", null)
                        .provider("paypal")
                        .paymentMethod("card")
                        .build(),
                tx("t7", TransactionStatus.REFUNDED, at(16)).build(),
                tx("t8", TransactionStatus.PENDING, at(17))
                        .amount("5.00", "EUR")
                        .customer("fay@example.com", null)
                        .build(),
                tx("t10", TransactionStatus.COMPLETED, at(18))
                        .amount("1200", "JPY")
                        .customer("gus@example.com", null)
                        .provider("stripe")
                        .build(),
                tx("t9", TransactionStatus.COMPLETED, NEXT_DAY)
                        .amount("999.00", "EUR")
                        .customer("late@example.com", null)
                        .build());
    }

    static Analytics analytics(InMemoryStore store) {
        return new Analytics(store, new TestClock(NEXT_DAY), ZoneOffset.UTC);
    }

    static BigDecimal eur(String v) {
        return new BigDecimal(v);
    }

    @Test
    void countsEveryStatusKindOfTheRangeAndNothingOutsideIt() {
        Totals t = analytics(store(day())).kpis(DAY, NEXT_DAY).totals();

        assertThat(t.transactions()).isEqualTo(9);
        assertThat(t.succeeded()).isEqualTo(4);
        assertThat(t.failed()).isEqualTo(3);
        assertThat(t.reversed()).isEqualTo(1);
        assertThat(t.pending()).isEqualTo(1);
        assertThat(t.byStatus())
                .containsExactly(
                        entry("COMPLETED", 4L),
                        entry("ERROR", 1L),
                        entry("FAILED", 2L),
                        entry("PENDING", 1L),
                        entry("REFUNDED", 1L));
    }

    @Test
    void revenueIsPerCurrencyAndARefundedOrderLeavesItOnce() {
        Totals t = analytics(store(day())).kpis(DAY, NEXT_DAY).totals();

        // gross: paid orders, the refunded t7 included; revenue = gross - refunds
        assertThat(t.gross())
                .containsExactly(
                        entry(EUR, eur("190.00")), entry(JPY, new BigDecimal("1200")), entry(USD, eur("20.00")));
        assertThat(t.refunds()).containsExactly(entry(EUR, eur("40.00")));
        assertThat(t.revenue())
                .containsExactly(
                        entry(EUR, eur("150.00")), entry(JPY, new BigDecimal("1200")), entry(USD, eur("20.00")));
        assertThat(t.revenue(EUR).scale()).isEqualTo(2);
        assertThat(t.revenue(JPY).scale()).isZero();
    }

    @Test
    void successRateIsPaidOverPaidPlusFailed() {
        Totals t = analytics(store(day())).kpis(DAY, NEXT_DAY).totals();

        assertThat(t.paid()).isEqualTo(5); // 4 completed + 1 refunded
        assertThat(t.successRate()).isEqualTo(5.0 / 8);
        assertThat(t.failureRate()).isEqualTo(3.0 / 8);
    }

    @Test
    void averageOrderValueIsGrossOverPaidOrdersRoundedToTheCurrency() {
        Totals t = analytics(store(day())).kpis(DAY, NEXT_DAY).totals();

        assertThat(t.averageOrderValue())
                .containsExactly(
                        entry(EUR, eur("63.33")), entry(JPY, new BigDecimal("1200")), entry(USD, eur("20.00")));
    }

    @Test
    void uniqueCustomersIgnoreCaseAndPayingCustomersNeedAPaidTransaction() {
        Kpis k = analytics(store(day())).kpis(DAY, NEXT_DAY);

        assertThat(k.uniqueCustomers()).isEqualTo(7); // ada twice in two cases, t6 has no e-mail
        assertThat(k.payingCustomers()).isEqualTo(4); // ada, bob, eve (refunded), gus
    }

    @Test
    void topFailureReasonsAreCountedByErrorCodeWithTheNewestMessage() {
        Kpis k = analytics(store(day())).kpis(DAY, NEXT_DAY);

        assertThat(k.topFailureReasons())
                .containsExactly(
                        new Kpis.FailureReason("INSTRUMENT_DECLINED", 2, 2.0 / 3, "Do not honor"),
                        new Kpis.FailureReason("TIMEOUT", 1, 1.0 / 3, "Read timed out"));
    }

    @Test
    void topFailureReasonsAreCutToTheConfiguredNumber() {
        InMemoryStore store = store(day());
        Analytics analytics = Analytics.builder(store).topFailureReasons(1).build();

        assertThat(analytics.kpis(DAY, NEXT_DAY).topFailureReasons())
                .extracting(Kpis.FailureReason::errorCode)
                .containsExactly("INSTRUMENT_DECLINED");
    }

    @Test
    void providerPerformanceHasRatesRevenueAndLatencyPercentiles() {
        Kpis k = analytics(store(day())).kpis(DAY, NEXT_DAY);

        assertThat(k.providers()).extracting(Segment::name).containsExactly("paypal", "stripe", Analytics.NONE);
        Segment paypal = k.providers().get(0);
        assertThat(paypal.transactions()).isEqualTo(4);
        assertThat(paypal.successRate()).isEqualTo(0.5);
        assertThat(paypal.errorRate()).isEqualTo(0.5);
        assertThat(paypal.revenue()).containsExactly(entry(EUR, eur("100.00")));
        // latencies 120 ms and 900 ms: p50 is the upper bound of 120's bucket (150), p95 the largest seen
        assertThat(paypal.p50()).isEqualTo(ms(150));
        assertThat(paypal.p95()).isEqualTo(ms(900));
        Segment stripe = k.providers().get(1);
        assertThat(stripe.successRate()).isEqualTo(0.75);
        assertThat(stripe.revenue())
                .containsExactly(
                        entry(EUR, eur("50.00")), entry(JPY, new BigDecimal("1200")), entry(USD, eur("20.00")));
        assertThat(k.providers().get(2).p95()).isNull();
    }

    @Test
    void paymentMethodPerformanceGroupsByMethod() {
        Kpis k = analytics(store(day())).kpis(DAY, NEXT_DAY);

        assertThat(k.paymentMethods())
                .extracting(Segment::name, Segment::transactions)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("card", 5L),
                        org.assertj.core.groups.Tuple.tuple(Analytics.NONE, 3L),
                        org.assertj.core.groups.Tuple.tuple("ideal", 1L));
    }

    @Test
    void separateRefundTransactionsAreSubtractedFromCompletedRevenue() {
        List<Transaction> data = List.of(
                tx("o1", TransactionStatus.COMPLETED, at(9))
                        .amount("100.00", "EUR")
                        .build(),
                tx("r1", TransactionStatus.REFUNDED, at(10))
                        .amount("30.00", "EUR")
                        .build(),
                tx("o2", TransactionStatus.FAILED, at(11))
                        .amount("10.00", "EUR")
                        .build());
        InMemoryStore store = store(data);

        Totals separate = Analytics.builder(store)
                .refundAccounting(RefundAccounting.SEPARATE_TRANSACTION)
                .build()
                .totals(DAY, NEXT_DAY);
        Totals same = Analytics.builder(store).build().totals(DAY, NEXT_DAY);

        assertThat(separate.gross()).containsExactly(entry(EUR, eur("100.00")));
        assertThat(separate.refunds()).containsExactly(entry(EUR, eur("30.00")));
        assertThat(separate.revenue()).containsExactly(entry(EUR, eur("70.00")));
        assertThat(separate.paid()).isEqualTo(1);
        assertThat(separate.successRate()).isEqualTo(0.5);
        assertThat(separate.averageOrderValue()).containsExactly(entry(EUR, eur("100.00")));
        assertThat(same.gross()).containsExactly(entry(EUR, eur("130.00")));
        assertThat(same.revenue()).containsExactly(entry(EUR, eur("100.00")));
        assertThat(same.successRate()).isEqualTo(2.0 / 3);
    }

    @Test
    void refundsExceedingSalesGiveNegativeRevenueInTheSeparateModel() {
        InMemoryStore store = store(tx("r1", TransactionStatus.REFUNDED, at(10))
                .amount("30.00", "EUR")
                .build());

        Totals t = Analytics.builder(store)
                .refundAccounting(RefundAccounting.SEPARATE_TRANSACTION)
                .build()
                .totals(DAY, NEXT_DAY);

        assertThat(t.revenue()).containsExactly(entry(EUR, eur("-30.00")));
        assertThat(t.successRate()).isNaN();
    }

    @Test
    void converterGivesALabelledTotalInTheReportingCurrency() {
        Kpis k = analytics(store(day())).kpis(DAY, NEXT_DAY, EUR, m -> {
            BigDecimal rate = m.currency().equals(USD) ? new BigDecimal("0.5") : new BigDecimal("0.01");
            return new Money(m.amount().multiply(rate).setScale(2, RoundingMode.HALF_EVEN), EUR);
        });

        assertThat(k.converted()).isNotNull();
        assertThat(k.converted().gross()).isEqualByComparingTo("212.00"); // 190 + 20 * 0.5 + 1200 * 0.01
        assertThat(k.converted().refunds()).isEqualByComparingTo("40.00");
        assertThat(k.converted().revenue()).isEqualByComparingTo("172.00");
        assertThat(k.converted().label()).isEqualTo("converted to EUR");
        assertThat(k.totals().revenue()).hasSize(3); // the per-currency figures stay as they are
    }

    @Test
    void converterReturningAnotherCurrencyIsRejectedWithTheAmount() {
        Analytics analytics = analytics(store(day()));

        assertThatThrownBy(() -> analytics.kpis(DAY, NEXT_DAY, EUR, m -> m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("converter must return money in EUR")
                .hasMessageMatching(".*returned [0-9.]+ (USD|JPY)");
    }

    @Test
    void emptyRangeHasZeroCountsNoMoneyAndUndefinedRates() {
        Kpis k = analytics(store(day())).kpis(DAY.minus(Duration.ofDays(7)), DAY.minus(Duration.ofDays(6)));

        assertThat(k.totals().transactions()).isZero();
        assertThat(k.totals().successRate()).isNaN();
        assertThat(k.totals().revenue()).isEmpty();
        assertThat(k.totals().averageOrderValue()).isEmpty();
        assertThat(k.uniqueCustomers()).isZero();
        assertThat(k.topFailureReasons()).isEmpty();
        assertThat(k.providers()).isEmpty();
        assertThat(k.totals().revenue(EUR)).isEqualByComparingTo("0");
    }

    @Test
    void kpisAreExactWhateverTheScanBound() {
        Analytics analytics = Analytics.builder(store(day())).maxScanRows(1).build();

        Kpis k = analytics.kpis(DAY, NEXT_DAY);

        assertThat(k.uniqueCustomers()).isEqualTo(7);
        assertThat(k.payingCustomers()).isEqualTo(4);
        assertThat(k.topFailureReasons()).extracting(Kpis.FailureReason::count).containsExactly(2L, 1L);
    }

    @Test
    void badRangesAreRejectedWithTheValues() {
        Analytics analytics = analytics(new InMemoryStore());

        assertThatThrownBy(() -> analytics.kpis(NEXT_DAY, DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from must be before to, was " + NEXT_DAY + " >= " + DAY);
        assertThatThrownBy(() -> analytics.kpis(DAY, DAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> analytics.kpis(null, DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from");
        assertThatThrownBy(() -> Analytics.builder(analytics_store()).maxScanRows(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxScanRows");
        assertThatThrownBy(() -> new Analytics(null, new TestClock(DAY), ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store");
    }

    private static InMemoryStore analytics_store() {
        return new InMemoryStore();
    }

    @Test
    void totalsMapsAreUnmodifiable() {
        Totals t = analytics(store(day())).totals(DAY, NEXT_DAY);

        assertThatThrownBy(() -> t.revenue().put(EUR, BigDecimal.ONE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(Map.copyOf(t.revenue())).hasSize(3);
    }
}
