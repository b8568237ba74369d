package dev.vedette.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class AmountBoundsTest {

    @Test
    void exponentFormsBecomeColumnScaledDecimals() {
        assertThat(AmountBounds.lower(new BigDecimal("1e2"))).isEqualByComparingTo("100");
        assertThat(AmountBounds.lower(new BigDecimal("1e2")).scale()).isEqualTo(4);
        assertThat(AmountBounds.upper(new BigDecimal("5E1"))).isEqualByComparingTo("50");
    }

    @Test
    void lowerBoundsRoundUpAndUpperBoundsDownSoTheSameAmountsMatch() {
        assertThat(AmountBounds.lower(new BigDecimal("1.00001"))).isEqualByComparingTo("1.0001");
        assertThat(AmountBounds.upper(new BigDecimal("1.00019"))).isEqualByComparingTo("1.0001");
        assertThat(AmountBounds.lower(new BigDecimal("-1.00019"))).isEqualByComparingTo("-1.0001");
        assertThat(AmountBounds.upper(new BigDecimal("-1.00001"))).isEqualByComparingTo("-1.0001");
    }

    @Test
    void tinyBoundsRoundWithoutDividingByAHugePowerOfTen() {
        assertThat(AmountBounds.lower(new BigDecimal("1e-999999999"))).isEqualByComparingTo("0.0001");
        assertThat(AmountBounds.upper(new BigDecimal("1e-999999999"))).isEqualByComparingTo("0");
        assertThat(AmountBounds.lower(new BigDecimal("-1e-999999999"))).isEqualByComparingTo("0");
        assertThat(AmountBounds.upper(new BigDecimal("-1e-999999999"))).isEqualByComparingTo("-0.0001");
    }

    @Test
    void boundsBeyondAnyStorableAmountAreClamped() {
        assertThat(AmountBounds.lower(new BigDecimal("1e18"))).isEqualByComparingTo("1e18");
        assertThat(AmountBounds.lower(new BigDecimal("1e999"))).isEqualByComparingTo("1e19");
        assertThat(AmountBounds.upper(new BigDecimal("-1e999"))).isEqualByComparingTo("-1e19");
    }
}
