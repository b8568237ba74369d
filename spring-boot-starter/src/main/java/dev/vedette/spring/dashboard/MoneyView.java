package dev.vedette.spring.dashboard;

import dev.vedette.model.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An amount in the dashboard API: {@code {amount, currency}}, the amount a plain decimal string.
 *
 * @param amount decimal string, e.g. {@code "19.99"}
 * @param currency ISO 4217 code
 */
public record MoneyView(String amount, String currency) {
    static @Nullable MoneyView of(@Nullable Money m) {
        return m == null
                ? null
                : new MoneyView(m.amount().toPlainString(), m.currency().getCurrencyCode());
    }

    /**
     * An amount per currency, in the map's order, currency first: {@code {currency, amount}}.
     *
     * @param currency ISO 4217 code
     * @param amount decimal string
     */
    public record Amount(String currency, String amount) {
        static List<Amount> of(Map<Currency, BigDecimal> byCurrency) {
            return byCurrency.entrySet().stream()
                    .map(e -> new Amount(
                            e.getKey().getCurrencyCode(), e.getValue().toPlainString()))
                    .toList();
        }
    }
}
