package dev.vedette.model;

import dev.vedette.internal.Validate;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The health of a component: an open value object with well-known constants and an aggregation
 * order. Equality is by {@link #code()}.
 *
 * <p>When several components are combined into one status the worst wins, in this order (worst
 * first): {@link #DOWN}, {@link #DEGRADED}, {@link #UNKNOWN}, {@link #UP}. An empty set aggregates
 * to {@link #UNKNOWN}.
 */
public final class HealthStatus {
    /** Working, within its thresholds. */
    public static final HealthStatus UP = new HealthStatus("UP", 0);
    /** Not known: never checked, or the check could not decide. */
    public static final HealthStatus UNKNOWN = new HealthStatus("UNKNOWN", 1);
    /** Working but slow or close to a limit. */
    public static final HealthStatus DEGRADED = new HealthStatus("DEGRADED", 2);
    /** Not working. */
    public static final HealthStatus DOWN = new HealthStatus("DOWN", 3);

    private static final Map<String, HealthStatus> KNOWN =
            Map.of("UP", UP, "UNKNOWN", UNKNOWN, "DEGRADED", DEGRADED, "DOWN", DOWN);

    private final String code;
    private final int badness;

    private HealthStatus(String code, int badness) {
        this.code = code;
        this.badness = badness;
    }

    /**
     * The status with this code (case-insensitive).
     *
     * @throws IllegalArgumentException for anything other than UP, DEGRADED, DOWN or UNKNOWN
     */
    public static HealthStatus of(String code) {
        Validate.notNull("status", code);
        HealthStatus s = KNOWN.get(code.toUpperCase(Locale.ROOT));
        if (s == null) {
            throw new IllegalArgumentException(
                    "status must be one of UP, DEGRADED, DOWN, UNKNOWN, was '" + Validate.quote(code) + "'");
        }
        return s;
    }

    /** The worst of the given statuses, {@link #UNKNOWN} for none. */
    public static HealthStatus worst(Collection<HealthStatus> statuses) {
        HealthStatus worst = null;
        for (HealthStatus s : statuses) {
            if (worst == null || s.badness > worst.badness) {
                worst = s;
            }
        }
        return worst == null ? UNKNOWN : worst;
    }

    /** The code, e.g. {@code DOWN}. */
    public String code() {
        return code;
    }

    /** True if this is worse than {@code other} in the aggregation order. */
    public boolean isWorseThan(HealthStatus other) {
        return badness > other.badness;
    }

    /** True for {@link #UP} and {@link #DEGRADED}: the component answers. */
    public boolean isAvailable() {
        return this == UP || this == DEGRADED;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HealthStatus other && other.code.equals(code);
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }

    @Override
    public String toString() {
        return code;
    }
}
