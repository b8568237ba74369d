package dev.vedette.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Turns a query's amount bound into a value the {@code DECIMAL(30, 4)} amount column can be
 * compared with on every database. A {@link BigDecimal} may come with a negative scale ({@code
 * 1E+2}), thousands of fraction digits or a huge magnitude; bound as it is, H2 types the parameter
 * from it ("Value too long for column DECIMAL(1)") and the others may reject or slowly compare it.
 * The result matches exactly the same stored amounts: a lower bound is rounded up and an upper bound
 * down to the column's four decimals, and a magnitude beyond any storable amount (money holds at
 * most 18 integer digits) is clamped to {@code ±1E+19}.
 */
final class AmountBounds {
    private static final int SCALE = 4;
    private static final BigDecimal LIMIT = new BigDecimal("10000000000000000000");
    private static final BigDecimal STEP = new BigDecimal("0.0001");

    private AmountBounds() {}

    /** An inclusive lower bound, rounded up to the column's scale. */
    static BigDecimal lower(BigDecimal bound) {
        return bind(bound, RoundingMode.CEILING);
    }

    /** An inclusive upper bound, rounded down to the column's scale. */
    static BigDecimal upper(BigDecimal bound) {
        return bind(bound, RoundingMode.FLOOR);
    }

    private static BigDecimal bind(BigDecimal bound, RoundingMode mode) {
        if (bound.signum() == 0) {
            return BigDecimal.ZERO.setScale(SCALE);
        }
        int integerDigits = bound.precision() - bound.scale();
        if (integerDigits > LIMIT.precision()) {
            return bound.signum() > 0 ? LIMIT : LIMIT.negate();
        }
        if (integerDigits < -SCALE) {
            // |bound| < 0.0001: rounding would divide by a power of ten as large as the scale.
            boolean up = mode == RoundingMode.CEILING;
            return bound.signum() > 0
                    ? (up ? STEP : BigDecimal.ZERO.setScale(SCALE))
                    : (up ? BigDecimal.ZERO.setScale(SCALE) : STEP.negate());
        }
        return bound.setScale(SCALE, mode);
    }
}
