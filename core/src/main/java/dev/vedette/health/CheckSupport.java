package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Helpers shared by the built-in checks and the runner. */
final class CheckSupport {
    /** Component name used when a check's {@code name()} is unusable. */
    static final String UNNAMED = "unnamed-check";

    private CheckSupport() {}

    /** Time since {@code startNanos} (a {@link System#nanoTime()} value). */
    static Duration since(long startNanos) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
    }

    /** "SimpleClassName: message", or the class name alone when there is no message. */
    static String describe(Throwable t) {
        String type = t.getClass().getSimpleName();
        if (type.isEmpty()) {
            type = t.getClass().getName();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    /**
     * A human duration: {@code 100ms}, {@code 1500ms}, {@code 5s}, {@code 31m}, {@code 1h30m}, {@code
     * 2d4h}. Below one minute a duration that is not a whole number of seconds is shown in
     * milliseconds; from one minute on it is cut to whole seconds.
     */
    static String format(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 60_000 && ms % 1_000 != 0) {
            return ms + "ms";
        }
        if (ms == 0) {
            return "0s";
        }
        long s = ms / 1_000;
        StringBuilder sb = new StringBuilder();
        append(sb, s / 86_400, "d");
        append(sb, s % 86_400 / 3_600, "h");
        append(sb, s % 3_600 / 60, "m");
        append(sb, s % 60, "s");
        return sb.toString();
    }

    private static void append(StringBuilder sb, long value, String unit) {
        if (value > 0) {
            sb.append(value).append(unit);
        }
    }

    /** A usable component name for a check: its {@code name()}, cleaned and cut to fit. */
    static String componentName(HealthCheck check) {
        String name;
        try {
            name = check.name();
        } catch (RuntimeException e) {
            return UNNAMED;
        }
        if (name == null) {
            return UNNAMED;
        }
        StringBuilder sb = new StringBuilder(Math.min(name.length(), HealthReport.MAX_COMPONENT_LENGTH));
        for (int i = 0; i < name.length() && sb.length() < HealthReport.MAX_COMPONENT_LENGTH; i++) {
            char c = name.charAt(i);
            sb.append(Character.isISOControl(c) ? '_' : c);
        }
        String clean = sb.toString().strip();
        return clean.isEmpty() ? UNNAMED : clean;
    }

    /** The check's timeout, or {@link HealthCheck#DEFAULT_TIMEOUT} when it is unusable. */
    static Duration timeoutOf(HealthCheck check) {
        try {
            Duration t = check.timeout();
            return t == null || t.isNegative() || t.isZero() ? HealthCheck.DEFAULT_TIMEOUT : t;
        } catch (RuntimeException e) {
            return HealthCheck.DEFAULT_TIMEOUT;
        }
    }

    /**
     * The latency above which a check is DEGRADED when none was set: {@code fallback}, or half the
     * timeout when the timeout is not longer than {@code fallback}, so a short timeout alone is valid.
     */
    static Duration defaultDegradedAbove(Duration fallback, Duration timeout) {
        return fallback.compareTo(timeout) < 0 ? fallback : timeout.dividedBy(2);
    }

    /** Requires {@code degradedAbove < timeout}, so that DEGRADED can happen at all. */
    static void requireBelowTimeout(Duration degradedAbove, Duration timeout) {
        if (degradedAbove.compareTo(timeout) >= 0) {
            throw new IllegalArgumentException(
                    "degradedAbove must be less than timeout (" + timeout + "), was " + degradedAbove);
        }
    }

    /** Requires a port number. */
    static int port(int port) {
        return Validate.between("port", port, 1, 65_535);
    }

    /** Requires a host name or address literal. */
    static String host(String host) {
        return Validate.identifier("host", host, 253);
    }

    /**
     * The report under {@code component}, with {@code responseTime} if it had none; {@code
     * checkedAt}, when given, replaces the report's own.
     */
    static HealthReport adopt(
            HealthReport report, String component, Duration responseTime, java.time.@Nullable Instant checkedAt) {
        HealthReport.Builder b;
        if (report.component().equals(component)) {
            b = report.toBuilder();
        } else {
            b = HealthReport.builder(component, report.status()).details(report.details());
            if (report.message() != null) {
                b.message(report.message());
            }
            if (report.checkedAt() != null) {
                b.checkedAt(report.checkedAt());
            }
        }
        b.responseTime(report.responseTime() != null ? report.responseTime() : responseTime);
        if (checkedAt != null) {
            b.checkedAt(checkedAt);
        }
        return b.build();
    }

    /**
     * {@code scheme://host} without port, path or user info (IPv6 literals bracketed), or empty if
     * there is no host or it does not form a URI.
     */
    static Optional<java.net.URI> target(String scheme, @Nullable String host) {
        if (host == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(scheme, null, host, -1, null, null, null));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** "slow: 1200ms above 1s" */
    static String slow(Duration took, Duration threshold) {
        return "slow: " + took.toMillis() + "ms above " + format(threshold);
    }
}
