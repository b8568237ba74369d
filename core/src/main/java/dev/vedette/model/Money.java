package dev.vedette.model;

import dev.vedette.internal.Validate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;

/**
 * An amount of money in one currency. Amounts are never negative (a refund is a status, not a
 * negative amount) and carry exactly the currency's number of fraction digits, so sums compare
 * exactly: {@code 19.9 USD} is stored as {@code 19.90}.
 *
 * @param amount the amount, scaled to the currency's fraction digits
 * @param currency the ISO 4217 currency
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {
    /** The longest amount text {@link #of(String, String)} parses. */
    public static final int MAX_AMOUNT_TEXT = 64;

    /**
     * Validates and normalises.
     *
     * @throws IllegalArgumentException if either is null, the amount is negative, has more fraction
     *     digits than the currency allows (19.999 USD), or the currency has no fraction digits defined
     */
    public Money {
        Validate.notNull("amount", amount);
        Validate.notNull("currency", currency);
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(
                    "currency must be a currency of money, was '" + currency.getCurrencyCode() + "'");
        }
        if (amount.scale() > 100 || amount.scale() < -100 || amount.precision() > 40) {
            throw new IllegalArgumentException(
                    "amount must be a plain decimal number, was " + Validate.quote(amount.toString()));
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException(
                    "amount must not be negative, was " + Validate.quote(amount.toPlainString()));
        }
        if (amount.stripTrailingZeros().scale() > digits) {
            throw new IllegalArgumentException("amount must have at most " + digits + " fraction digits for "
                    + currency.getCurrencyCode() + ", was " + Validate.quote(amount.toPlainString()));
        }
        if (amount.precision() - amount.scale() > 18) {
            throw new IllegalArgumentException(
                    "amount must be below 10^18, was " + Validate.quote(amount.toPlainString()));
        }
        amount = amount.setScale(digits, RoundingMode.UNNECESSARY);
    }

    /**
     * Parses an amount such as {@code "19.99"} and a currency code such as {@code "USD"} (any case:
     * Stripe sends {@code "usd"}).
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Money of(String amount, String currency) {
        Validate.notNull("amount", amount);
        if (amount.length() > MAX_AMOUNT_TEXT) {
            // a megabyte of digits would cost seconds to parse, and no amount needs more than this
            throw new IllegalArgumentException("amount must be a decimal number of at most " + MAX_AMOUNT_TEXT
                    + " characters, was " + amount.length() + " characters ('" + Validate.quote(amount) + "')");
        }
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(amount.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount must be a decimal number, was '" + Validate.quote(amount) + "'");
        }
        return new Money(parsed, currency(currency));
    }

    /** As {@link #of(String, String)} with a {@link BigDecimal} amount. */
    public static Money of(BigDecimal amount, String currency) {
        return new Money(amount, currency(currency));
    }

    /**
     * Money from an amount in minor units, as Stripe and Adyen send it: {@code ofMinor(1999, "USD")}
     * is 19.99 USD.
     */
    public static Money ofMinor(long minorUnits, String currency) {
        Currency c = currency(currency);
        return new Money(BigDecimal.valueOf(minorUnits, Math.max(0, c.getDefaultFractionDigits())), c);
    }

    /**
     * Resolves an ISO 4217 code, case-insensitively.
     *
     * @throws IllegalArgumentException {@code "currency must be an ISO 4217 code, was 'usd1'"}
     */
    public static Currency currency(String code) {
        Validate.notNull("currency", code);
        if (code.length() != 3) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was '" + Validate.quote(code) + "'");
        }
        try {
            return Currency.getInstance(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was '" + code + "'");
        }
    }

    /** The amount in minor units (cents), exact. */
    public long minorUnits() {
        return amount.movePointRight(currency.getDefaultFractionDigits()).longValueExact();
    }

    /** Adds money of the same currency. */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
