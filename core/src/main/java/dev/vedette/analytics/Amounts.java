package dev.vedette.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Helpers for per-currency amounts: never summed across currencies, always scaled to the currency. */
final class Amounts {
    static final Comparator<Currency> BY_CODE = Comparator.comparing(Currency::getCurrencyCode);

    private Amounts() {}

    static int digits(Currency c) {
        return Math.max(0, c.getDefaultFractionDigits());
    }

    static BigDecimal scale(Currency c, BigDecimal amount) {
        return amount.setScale(digits(c), RoundingMode.HALF_EVEN);
    }

    static BigDecimal zero(Currency c) {
        return BigDecimal.ZERO.setScale(digits(c));
    }

    /** An unmodifiable copy ordered by currency code, each amount scaled to its currency. */
    static Map<Currency, BigDecimal> sorted(Map<Currency, BigDecimal> amounts) {
        Set<Currency> keys = new TreeSet<>(BY_CODE);
        keys.addAll(amounts.keySet());
        Map<Currency, BigDecimal> out = new LinkedHashMap<>();
        for (Currency c : keys) {
            out.put(c, scale(c, amounts.get(c)));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    static <V> Map<Currency, V> sortedValues(Map<Currency, V> values) {
        Set<Currency> keys = new TreeSet<>(BY_CODE);
        keys.addAll(values.keySet());
        Map<Currency, V> out = new LinkedHashMap<>();
        for (Currency c : keys) {
            out.put(c, values.get(c));
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    static String format(Map<Currency, BigDecimal> amounts) {
        if (amounts.isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        amounts.forEach((c, a) -> {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(a.toPlainString()).append(' ').append(c.getCurrencyCode());
        });
        return sb.toString();
    }

    static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f %%", share * 100);
    }

    static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }
}
