package dev.vedette.model;

import dev.vedette.internal.Validate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An alert to raise: what is wrong, how urgent, and where. Give it to {@code Monitor.raiseAlert};
 * the alerting engine deduplicates it against open alerts with the same {@link #dedupKey()}, routes
 * it by severity, component and labels, and delivers it.
 *
 * <p>The dedup key is explicit, or derived from the component and the title: two alerts with the
 * same title on the same component are the same problem. Keep numbers that change (counts,
 * amounts) out of the title, or set an explicit key.
 *
 * <pre>{@code
 * monitor.raiseAlert(Alert.critical("PayPal API failing").component("paypal")
 *     .message("5 of the last 20 captures timed out").label("region", "eu").build());
 * }</pre>
 */
public final class Alert {
    /** Maximum length of the title; longer titles are cut. */
    public static final int MAX_TITLE_LENGTH = 200;
    /** Maximum length of the message; longer messages are cut. */
    public static final int MAX_MESSAGE_LENGTH = 4_000;
    /** Maximum length of a dedup key (PagerDuty's limit). */
    public static final int MAX_DEDUP_KEY_LENGTH = 255;
    /** Maximum number of labels. */
    public static final int MAX_LABELS = 32;
    /** Maximum length of a label value; longer values are cut. */
    public static final int MAX_LABEL_VALUE_LENGTH = 256;

    private final Severity severity;
    private final String title;
    private final @Nullable String message;
    private final @Nullable String component;
    private final Map<String, String> labels;
    private final String dedupKey;
    private final @Nullable String source;
    private final @Nullable Instant occurredAt;

    private Alert(Builder b) {
        this.severity = b.severity;
        this.title = b.title;
        this.message = b.message;
        this.component = b.component;
        this.labels = Collections.unmodifiableMap(new TreeMap<>(b.labels));
        this.dedupKey = b.dedupKey != null ? b.dedupKey : deriveKey(b.component, b.title);
        this.source = b.source;
        this.occurredAt = b.occurredAt;
    }

    /** Starts an alert with this severity and title (free text, required, cut at 200 characters). */
    public static Builder builder(Severity severity, String title) {
        return new Builder(severity, title);
    }

    /** Starts a CRITICAL alert. */
    public static Builder critical(String title) {
        return builder(Severity.CRITICAL, title);
    }

    /** Starts a HIGH alert. */
    public static Builder high(String title) {
        return builder(Severity.HIGH, title);
    }

    /** Starts a MEDIUM alert. */
    public static Builder medium(String title) {
        return builder(Severity.MEDIUM, title);
    }

    /** Starts a LOW alert. */
    public static Builder low(String title) {
        return builder(Severity.LOW, title);
    }

    /**
     * The dedup key of an alert built without {@link Builder#dedupKey}: the component and the title,
     * trimmed, with runs of white space as one space, in lower case; a SHA-256 digest when that is
     * longer than {@value #MAX_DEDUP_KEY_LENGTH} characters or holds control characters.
     */
    public static String deriveKey(@Nullable String component, String title) {
        String normalised = title.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        String key = (component == null ? "" : component + "/") + normalised;
        if (key.length() <= MAX_DEDUP_KEY_LENGTH && key.chars().noneMatch(Character::isISOControl)) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return (component == null ? "" : component + "/") + "sha256:"
                    + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** How urgent. */
    public Severity severity() {
        return severity;
    }

    /** One line saying what is wrong. */
    public String title() {
        return title;
    }

    /** Details, or null. */
    public @Nullable String message() {
        return message;
    }

    /** The component affected (e.g. {@code paypal}, {@code database}), or null. */
    public @Nullable String component() {
        return component;
    }

    /** Labels for routing, grouping and silences; sorted by key, unmodifiable. */
    public Map<String, String> labels() {
        return labels;
    }

    /** Alerts with the same key are the same problem. */
    public String dedupKey() {
        return dedupKey;
    }

    /** What raised it: {@code api}, {@code rule:<name>}, {@code health:<component>}; null if not said. */
    public @Nullable String source() {
        return source;
    }

    /** When it happened; null means "when raised" (the monitor's clock). */
    public @Nullable Instant occurredAt() {
        return occurredAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Alert a
                && a.severity == severity
                && a.title.equals(title)
                && Objects.equals(a.message, message)
                && Objects.equals(a.component, component)
                && a.labels.equals(labels)
                && a.dedupKey.equals(dedupKey)
                && Objects.equals(a.source, source)
                && Objects.equals(a.occurredAt, occurredAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(severity, title, dedupKey);
    }

    @Override
    public String toString() {
        return "Alert[" + severity + " '" + Validate.quote(title) + "' key=" + Validate.quote(dedupKey) + "]";
    }

    /** Builds an {@link Alert}. */
    public static final class Builder {
        private final Severity severity;
        private final String title;
        private @Nullable String message;
        private @Nullable String component;
        private final Map<String, String> labels = new TreeMap<>();
        private @Nullable String dedupKey;
        private @Nullable String source;
        private @Nullable Instant occurredAt;

        private Builder(Severity severity, String title) {
            this.severity = Validate.notNull("severity", severity);
            Validate.notNull("title", title);
            if (title.isBlank()) {
                throw new IllegalArgumentException("title must not be blank");
            }
            this.title = Validate.text(title.strip(), MAX_TITLE_LENGTH);
        }

        /** Details; cut at 4,000 characters. */
        public Builder message(@Nullable String message) {
            this.message = Validate.text(message, MAX_MESSAGE_LENGTH);
            return this;
        }

        /** The component affected. */
        public Builder component(String component) {
            this.component = Validate.identifier("component", component, HealthReport.MAX_COMPONENT_LENGTH);
            return this;
        }

        /** Adds a label; the key is an identifier of at most 64 characters. */
        public Builder label(String key, String value) {
            Validate.identifier("label key", key, 64);
            Validate.notNull("label '" + Validate.quote(key) + "'", value);
            if (!labels.containsKey(key) && labels.size() >= MAX_LABELS) {
                throw new IllegalArgumentException("labels must have at most " + MAX_LABELS + " entries");
            }
            labels.put(key, Validate.text(value, MAX_LABEL_VALUE_LENGTH));
            return this;
        }

        /** Adds every label of the map. */
        public Builder labels(Map<String, String> labels) {
            Validate.notNull("labels", labels).forEach(this::label);
            return this;
        }

        /** An explicit dedup key (at most 255 characters, no control characters). */
        public Builder dedupKey(String dedupKey) {
            this.dedupKey = Validate.identifier("dedupKey", dedupKey, MAX_DEDUP_KEY_LENGTH);
            return this;
        }

        /** What raised the alert. */
        public Builder source(String source) {
            this.source = Validate.identifier("source", source, 128);
            return this;
        }

        /** When it happened. */
        public Builder occurredAt(Instant occurredAt) {
            this.occurredAt = Validate.notNull("occurredAt", occurredAt);
            return this;
        }

        /** Builds the alert. */
        public Alert build() {
            return new Alert(this);
        }
    }
}
