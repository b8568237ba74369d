package dev.vedette.analytics;

import dev.vedette.model.LatencyHistogram;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AggregateRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Accumulates aggregate rows (grouped by status) into {@link Totals}. Not thread-safe. */
final class Tally {
    long transactions;
    long succeeded;
    long failed;
    long reversed;
    long pending;
    final Map<Currency, BigDecimal> succeededAmount = new HashMap<>();
    final Map<Currency, BigDecimal> reversedAmount = new HashMap<>();
    final Map<Currency, Long> succeededCount = new HashMap<>();
    final Map<Currency, Long> reversedCount = new HashMap<>();
    final TreeMap<String, Long> byStatus = new TreeMap<>();
    LatencyHistogram latency = LatencyHistogram.empty();

    /** Adds a row; rows must be grouped by status. */
    void add(AggregateRow row) {
        TransactionStatus status = row.status();
        if (status == null) {
            throw new IllegalStateException("aggregate rows must be grouped by status");
        }
        long n = row.count();
        transactions += n;
        byStatus.merge(status.code(), n, Long::sum);
        latency = latency.plus(row.latency());
        Currency c = row.currency();
        switch (status.kind()) {
            case SUCCEEDED -> {
                succeeded += n;
                if (c != null) {
                    succeededAmount.merge(c, row.amount(), BigDecimal::add);
                    succeededCount.merge(c, n, Long::sum);
                }
            }
            case REVERSED -> {
                reversed += n;
                if (c != null) {
                    reversedAmount.merge(c, row.amount(), BigDecimal::add);
                    reversedCount.merge(c, n, Long::sum);
                }
            }
            case FAILED -> failed += n;
            case PENDING -> pending += n;
        }
    }

    long paid(RefundAccounting accounting) {
        return accounting == RefundAccounting.SAME_TRANSACTION ? succeeded + reversed : succeeded;
    }

    Map<Currency, BigDecimal> gross(RefundAccounting accounting) {
        Map<Currency, BigDecimal> gross = new HashMap<>(succeededAmount);
        if (accounting == RefundAccounting.SAME_TRANSACTION) {
            reversedAmount.forEach((c, a) -> gross.merge(c, a, BigDecimal::add));
        }
        return gross;
    }

    Map<Currency, BigDecimal> revenue(RefundAccounting accounting) {
        Map<Currency, BigDecimal> revenue = new HashMap<>(gross(accounting));
        reversedAmount.forEach((c, a) -> revenue.merge(c, a.negate(), BigDecimal::add));
        return revenue;
    }

    Totals totals(RefundAccounting accounting) {
        long paid = paid(accounting);
        Map<Currency, BigDecimal> gross = gross(accounting);
        Map<Currency, BigDecimal> aov = new HashMap<>();
        gross.forEach((c, amount) -> {
            long orders = succeededCount.getOrDefault(c, 0L)
                    + (accounting == RefundAccounting.SAME_TRANSACTION ? reversedCount.getOrDefault(c, 0L) : 0L);
            if (orders > 0) {
                aov.put(c, amount.divide(BigDecimal.valueOf(orders), Amounts.digits(c), RoundingMode.HALF_EVEN));
            }
        });
        return new Totals(
                transactions,
                succeeded,
                failed,
                reversed,
                pending,
                paid,
                Amounts.ratio(paid, paid + failed),
                gross,
                reversedAmount,
                revenue(accounting),
                aov,
                byStatus);
    }
}
