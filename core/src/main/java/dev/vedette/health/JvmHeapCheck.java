package dev.vedette.health;

import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Checks how full the JVM heap is: used bytes divided by the maximum heap (or by the committed heap
 * when the maximum is undefined), from the {@link java.lang.management.MemoryMXBean}. DOWN above
 * {@link Builder#downAbove(double) downAbove} (default 0.98), DEGRADED above {@link
 * Builder#degradedAbove(double) degradedAbove} (default 0.90), UP otherwise. The fraction counts
 * garbage not yet collected, so a brief peak is normal; flap protection smooths it.
 *
 * <p>Details: {@code usedBytes}, {@code maxBytes}, {@code usedFraction}. Create one with {@link
 * HealthChecks#jvmHeap(String)}.
 */
public final class JvmHeapCheck extends AbstractCheck {
    /** Default used fraction above which the heap is DEGRADED: 0.90. */
    public static final double DEFAULT_DEGRADED_ABOVE = 0.90;
    /** Default used fraction above which the heap is DOWN: 0.98. */
    public static final double DEFAULT_DOWN_ABOVE = 0.98;

    private final double degradedAbove;
    private final double downAbove;

    private JvmHeapCheck(Builder b) {
        super(b);
        this.degradedAbove = b.degradedAbove;
        this.downAbove = b.downAbove;
    }

    /** Reads the heap usage. */
    @Override
    public HealthReport check() {
        long start = System.nanoTime();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        double fraction = max <= 0 ? 0 : (double) heap.getUsed() / max;
        double rounded = Math.round(fraction * 10_000) / 10_000.0;
        String summary = heap.getUsed() / (1024 * 1024) + " MiB of " + max / (1024 * 1024) + " MiB used ("
                + Math.round(fraction * 1000) / 10.0 + "%)";
        HealthReport.Builder report = fraction > downAbove
                ? HealthReport.builder(name, HealthStatus.DOWN).message("heap almost full: " + summary)
                : fraction > degradedAbove
                        ? HealthReport.builder(name, HealthStatus.DEGRADED).message("heap usage high: " + summary)
                        : HealthReport.builder(name, HealthStatus.UP);
        return report.responseTime(CheckSupport.since(start))
                .detail("usedBytes", heap.getUsed())
                .detail("maxBytes", max)
                .detail("usedFraction", rounded)
                .build();
    }

    /** Configures a {@link JvmHeapCheck}. */
    public static final class Builder extends HealthCheckBuilder<Builder> {
        private double degradedAbove = DEFAULT_DEGRADED_ABOVE;
        private double downAbove = DEFAULT_DOWN_ABOVE;

        Builder(String name) {
            super(name);
        }

        /**
         * Used fraction (0 to 1) above which the heap is DEGRADED, default {@value
         * #DEFAULT_DEGRADED_ABOVE}.
         *
         * @throws IllegalArgumentException if not between 0 and 1
         */
        public Builder degradedAbove(double fraction) {
            this.degradedAbove = fraction("degradedAbove", fraction);
            return this;
        }

        /**
         * Used fraction (0 to 1) above which the heap is DOWN, default {@value #DEFAULT_DOWN_ABOVE}.
         *
         * @throws IllegalArgumentException if not between 0 and 1
         */
        public Builder downAbove(double fraction) {
            this.downAbove = fraction("downAbove", fraction);
            return this;
        }

        private static double fraction(String field, double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException(field + " must be between 0 and 1, was " + fraction);
            }
            return fraction;
        }

        /** @throws IllegalArgumentException if downAbove is below degradedAbove */
        @Override
        public JvmHeapCheck build() {
            if (downAbove < degradedAbove) {
                throw new IllegalArgumentException(
                        "downAbove must not be below degradedAbove (" + degradedAbove + "), was " + downAbove);
            }
            return new JvmHeapCheck(this);
        }
    }
}
