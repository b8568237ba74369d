package dev.vedette.model;

import dev.vedette.internal.Validate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An inbound webhook from a payment provider, as the host handled it: "Stripe sent {@code
 * payment_intent.succeeded} for {@code pi_123}; we processed it in 40 ms on the first attempt".
 * Recorded with {@code Monitor.recordWebhook}; the failed webhooks of the seeds.
 *
 * <p>Webhook events are kept in the system log under the component {@code webhook:<provider>}
 * (level INFO, or ERROR when failed) with every field in the details, so they are searchable next
 * to everything else; the rules {@code webhook-failure-rate} and {@code webhook-gap} read them.
 *
 * <pre>{@code
 * monitor.recordWebhook(WebhookEvent.builder("stripe", "payment_intent.succeeded")
 *     .externalId(event.getId()).outcome(WebhookEvent.Outcome.PROCESSED)
 *     .processingTime(Duration.ofMillis(40)).build());
 * }</pre>
 */
public final class WebhookEvent {
    /** The system-log component prefix of webhook events. */
    public static final String COMPONENT_PREFIX = "webhook:";
    /** Maximum length of the provider name (the component must fit 64 characters). */
    public static final int MAX_PROVIDER_LENGTH = HealthReport.MAX_COMPONENT_LENGTH - COMPONENT_PREFIX.length();

    /** How the host handled the webhook. */
    public enum Outcome {
        /** Handled. */
        PROCESSED,
        /** Handling failed (bad signature, exception, unknown order); the provider will usually retry. */
        FAILED,
        /** Deliberately not handled (an event type the host does not use). Not counted in rates. */
        IGNORED
    }

    private final String provider;
    private final String eventType;
    private final @Nullable String externalId;
    private final Outcome outcome;
    private final int attempt;
    private final @Nullable Duration processingTime;
    private final @Nullable String error;
    private final @Nullable Instant occurredAt;

    private WebhookEvent(Builder b) {
        this.provider = b.provider;
        this.eventType = b.eventType;
        this.externalId = b.externalId;
        this.outcome = b.outcome;
        this.attempt = b.attempt;
        this.processingTime = b.processingTime;
        this.error = b.error;
        this.occurredAt = b.occurredAt;
    }

    /** Starts an event: the provider (e.g. {@code stripe}) and its event type. */
    public static Builder builder(String provider, String eventType) {
        return new Builder(provider, eventType);
    }

    /** The provider. */
    public String provider() {
        return provider;
    }

    /** The provider's event type, e.g. {@code PAYMENT.CAPTURE.COMPLETED}. */
    public String eventType() {
        return eventType;
    }

    /** The provider's event or object id, or null. */
    public @Nullable String externalId() {
        return externalId;
    }

    /** How it was handled. */
    public Outcome outcome() {
        return outcome;
    }

    /** The delivery attempt the provider reported, 1 or more. */
    public int attempt() {
        return attempt;
    }

    /** How long handling took, or null. */
    public @Nullable Duration processingTime() {
        return processingTime;
    }

    /** Why handling failed, or null. */
    public @Nullable String error() {
        return error;
    }

    /** When it arrived; null means "when recorded". */
    public @Nullable Instant occurredAt() {
        return occurredAt;
    }

    /** The system-log entry this event is kept as. */
    public LogEntry toLogEntry() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider);
        details.put("eventType", eventType);
        if (externalId != null) {
            details.put("externalId", externalId);
        }
        details.put("outcome", outcome.name());
        details.put("attempt", attempt);
        if (processingTime != null) {
            details.put("processingMs", processingTime.toMillis());
        }
        if (error != null) {
            details.put("error", error);
        }
        String message = provider + " " + eventType + " " + outcome.name().toLowerCase(java.util.Locale.ROOT)
                + (error == null ? "" : ": " + error);
        return new LogEntry(
                outcome == Outcome.FAILED ? LogLevel.ERROR : LogLevel.INFO,
                COMPONENT_PREFIX + provider,
                message,
                details,
                null,
                null,
                occurredAt);
    }

    /**
     * Reads back an event from its log entry, or null if the entry is not a webhook event.
     *
     * @return the provider and outcome of a webhook log entry, or null
     */
    public static @Nullable Outcome outcomeOf(LogEntry entry) {
        if (entry.component() == null || !entry.component().startsWith(COMPONENT_PREFIX)) {
            return null;
        }
        Object outcome = entry.details().get("outcome");
        try {
            return outcome == null ? null : Outcome.valueOf(outcome.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "WebhookEvent[" + provider + " " + eventType + " " + outcome + "]";
    }

    /** Builds a {@link WebhookEvent}. */
    public static final class Builder {
        private final String provider;
        private final String eventType;
        private @Nullable String externalId;
        private Outcome outcome = Outcome.PROCESSED;
        private int attempt = 1;
        private @Nullable Duration processingTime;
        private @Nullable String error;
        private @Nullable Instant occurredAt;

        private Builder(String provider, String eventType) {
            this.provider = Validate.identifier("provider", provider, MAX_PROVIDER_LENGTH);
            this.eventType = Validate.identifier("eventType", eventType, Transaction.MAX_CODE_LENGTH);
        }

        /** The provider's event or object id. */
        public Builder externalId(String externalId) {
            this.externalId = Validate.identifier("externalId", externalId, Transaction.MAX_PROVIDER_ID_LENGTH);
            return this;
        }

        /** How it was handled (default PROCESSED). */
        public Builder outcome(Outcome outcome) {
            this.outcome = Validate.notNull("outcome", outcome);
            return this;
        }

        /** A failure with its reason (free text, cut at 1,000 characters). */
        public Builder failed(String error) {
            this.outcome = Outcome.FAILED;
            this.error = Validate.text(Validate.notNull("error", error), 1_000);
            return this;
        }

        /** The provider's delivery attempt, 1 or more. */
        public Builder attempt(int attempt) {
            this.attempt = Validate.atLeast("attempt", attempt, 1);
            return this;
        }

        /** How long handling took. */
        public Builder processingTime(Duration processingTime) {
            this.processingTime = Validate.notNegative("processingTime", processingTime);
            return this;
        }

        /** When it arrived. */
        public Builder occurredAt(Instant occurredAt) {
            this.occurredAt = Validate.notNull("occurredAt", occurredAt);
            return this;
        }

        /** Builds the event. */
        public WebhookEvent build() {
            return new WebhookEvent(this);
        }
    }
}
