package dev.vedette.model;

import dev.vedette.internal.Metadata;
import dev.vedette.internal.Validate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One health measurement of a component: its status, how long the check took, a message and
 * details. Produced by a {@code HealthCheck} or measured by the host and given to {@code
 * Monitor.recordHealth}.
 *
 * <pre>{@code
 * monitor.recordHealth(HealthReport.down("smtp", Duration.ofMillis(1200), "Connection refused"));
 * }</pre>
 */
public final class HealthReport {
    /** Maximum length of a component name. */
    public static final int MAX_COMPONENT_LENGTH = 64;
    /** Maximum length of the message; longer messages are cut. */
    public static final int MAX_MESSAGE_LENGTH = 1_000;

    private final String component;
    private final HealthStatus status;
    private final @Nullable Duration responseTime;
    private final @Nullable String message;
    private final Map<String, Object> details;
    private final @Nullable Instant checkedAt;

    private HealthReport(Builder b) {
        this.component = b.component;
        this.status = b.status;
        this.responseTime = b.responseTime;
        this.message = b.message;
        this.details = Metadata.copy("details", b.details);
        this.checkedAt = b.checkedAt;
    }

    /** Starts a report for a component (an identifier of at most 64 characters). */
    public static Builder builder(String component, HealthStatus status) {
        return new Builder(component, status);
    }

    /** The component is up; the check took {@code responseTime}. */
    public static HealthReport up(String component, Duration responseTime) {
        return builder(component, HealthStatus.UP).responseTime(responseTime).build();
    }

    /** The component answers but is slow or near a limit. */
    public static HealthReport degraded(String component, Duration responseTime, String message) {
        return builder(component, HealthStatus.DEGRADED)
                .responseTime(responseTime)
                .message(message)
                .build();
    }

    /** The component is down. */
    public static HealthReport down(String component, Duration responseTime, String message) {
        return builder(component, HealthStatus.DOWN)
                .responseTime(responseTime)
                .message(message)
                .build();
    }

    /** The component's state is unknown. */
    public static HealthReport unknown(String component, String message) {
        return builder(component, HealthStatus.UNKNOWN).message(message).build();
    }

    /** The component name. */
    public String component() {
        return component;
    }

    /** The status. */
    public HealthStatus status() {
        return status;
    }

    /** How long the check took, if measured. */
    public @Nullable Duration responseTime() {
        return responseTime;
    }

    /** A message (error text for DOWN), or null. */
    public @Nullable String message() {
        return message;
    }

    /** JSON-compatible details; unmodifiable. */
    public Map<String, Object> details() {
        return details;
    }

    /** When measured; null means "when recorded" (the monitor stamps it). */
    public @Nullable Instant checkedAt() {
        return checkedAt;
    }

    /** This report with {@link #checkedAt()} set, unless already set. */
    public HealthReport stampedAt(Instant now) {
        if (checkedAt != null) {
            return this;
        }
        return toBuilder().checkedAt(now).build();
    }

    /** A builder holding this report's values. */
    public Builder toBuilder() {
        Builder b = new Builder(component, status);
        b.responseTime = responseTime;
        b.message = message;
        b.details = new LinkedHashMap<>(details);
        b.checkedAt = checkedAt;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HealthReport r
                && r.component.equals(component)
                && r.status.equals(status)
                && Objects.equals(r.responseTime, responseTime)
                && Objects.equals(r.message, message)
                && r.details.equals(details)
                && Objects.equals(r.checkedAt, checkedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(component, status, checkedAt);
    }

    @Override
    public String toString() {
        return "HealthReport[" + component + " " + status
                + (responseTime == null ? "" : " " + responseTime.toMillis() + "ms")
                + (message == null ? "" : " '" + Validate.quote(message) + "'") + "]";
    }

    /** Builds a {@link HealthReport}. */
    public static final class Builder {
        private final String component;
        private final HealthStatus status;
        private @Nullable Duration responseTime;
        private @Nullable String message;
        private Map<String, Object> details = new LinkedHashMap<>();
        private @Nullable Instant checkedAt;

        private Builder(String component, HealthStatus status) {
            this.component = Validate.identifier("component", component, MAX_COMPONENT_LENGTH);
            this.status = Validate.notNull("status", status);
        }

        /** How long the check took. */
        public Builder responseTime(Duration responseTime) {
            this.responseTime = Validate.notNegative("responseTime", responseTime);
            return this;
        }

        /** A message; cut at {@value HealthReport#MAX_MESSAGE_LENGTH} characters. */
        public Builder message(@Nullable String message) {
            this.message = Validate.text(message, MAX_MESSAGE_LENGTH);
            return this;
        }

        /** Adds a detail. */
        public Builder detail(String key, Object value) {
            Validate.identifier("details key", key, Metadata.MAX_KEY);
            details.put(key, Validate.notNull("details['" + Validate.quote(key) + "']", value));
            return this;
        }

        /** Replaces the details. */
        public Builder details(Map<String, ?> details) {
            this.details = new LinkedHashMap<>(Validate.notNull("details", details));
            return this;
        }

        /** When measured. */
        public Builder checkedAt(Instant checkedAt) {
            this.checkedAt = Validate.notNull("checkedAt", checkedAt);
            return this;
        }

        /** Builds the report. */
        public HealthReport build() {
            return new HealthReport(this);
        }
    }
}
