package dev.vedette.analytics;

import dev.vedette.model.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;
import java.util.function.Function;

/** Converts a tally's money of every currency into one reporting currency with a host's converter. */
final class Conversions {
    private Conversions() {}

    /** See {@link Analytics#kpis(java.time.Instant, java.time.Instant, Currency, Function)}. */
    static Kpis.Converted convert(
            Tally tally, RefundAccounting refundAccounting, Currency reporting, Function<Money, Money> converter) {
        BigDecimal gross = Amounts.zero(reporting);
        for (Map.Entry<Currency, BigDecimal> e : tally.gross(refundAccounting).entrySet()) {
            gross = gross.add(convertOne(e.getKey(), e.getValue(), reporting, converter));
        }
        BigDecimal refunds = Amounts.zero(reporting);
        for (Map.Entry<Currency, BigDecimal> e : tally.reversedAmount.entrySet()) {
            refunds = refunds.add(convertOne(e.getKey(), e.getValue(), reporting, converter));
        }
        return new Kpis.Converted(
                reporting,
                Amounts.scale(reporting, gross),
                Amounts.scale(reporting, refunds),
                Amounts.scale(reporting, gross.subtract(refunds)),
                "converted to " + reporting.getCurrencyCode());
    }

    private static BigDecimal convertOne(
            Currency from, BigDecimal amount, Currency reporting, Function<Money, Money> converter) {
        Money source = new Money(Amounts.scale(from, amount), from);
        if (from.equals(reporting)) {
            return source.amount();
        }
        Money out = converter.apply(source);
        if (out == null || !out.currency().equals(reporting)) {
            throw new IllegalArgumentException("converter must return money in " + reporting.getCurrencyCode() + " for "
                    + source + ", returned " + out);
        }
        return out.amount();
    }
}
