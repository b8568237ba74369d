package dev.vedette.model;

import dev.vedette.internal.Metadata;
import dev.vedette.internal.Validate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An error that happened in the host: an exception (or an error without one) with the context
 * needed to act on it. {@code Monitor.recordError} groups errors by fingerprint (exception type,
 * normalised top application frames and message template), so one bug is one group however often
 * it happens.
 *
 * <p>The stack trace is captured as text at build time (cut at {@value #MAX_STACK_TRACE_LENGTH}
 * characters), so the event holds no reference to the throwable or its objects.
 */
public final class ErrorEvent {
    /** Maximum length of the captured stack trace. */
    public static final int MAX_STACK_TRACE_LENGTH = 16_000;
    /** Maximum length of the message. */
    public static final int MAX_MESSAGE_LENGTH = 2_000;

    private final String type;
    private final @Nullable String message;
    private final List<StackTraceElement> frames;
    private final @Nullable String stackTrace;
    private final @Nullable String component;
    private final @Nullable String transactionId;
    private final Map<String, Object> context;
    private final @Nullable Instant occurredAt;

    private ErrorEvent(Builder b) {
        this.type = b.type;
        this.message = b.message;
        this.frames = List.copyOf(b.frames);
        this.stackTrace = b.stackTrace;
        this.component = b.component;
        this.transactionId = b.transactionId;
        this.context = Metadata.copy("context", b.context);
        this.occurredAt = b.occurredAt;
    }

    /** An error event for this throwable with no further context. */
    public static ErrorEvent of(Throwable error) {
        return builder(error).build();
    }

    /** Starts an event from a throwable: type, message, frames and stack trace are taken from it. */
    public static Builder builder(Throwable error) {
        Validate.notNull("error", error);
        Builder b = new Builder(error.getClass().getName(), error.getMessage());
        StackTraceElement[] trace = error.getStackTrace();
        for (int i = 0; i < trace.length && i < 64; i++) {
            b.frames.add(trace[i]);
        }
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        b.stackTrace = Validate.text(out.toString(), MAX_STACK_TRACE_LENGTH);
        return b;
    }

    /** Starts an event for an error without an exception, e.g. {@code builder("WebhookRejected", "bad signature")}. */
    public static Builder builder(String type, @Nullable String message) {
        return new Builder(type, message);
    }

    /** The exception class name, or the host's error type. */
    public String type() {
        return type;
    }

    /** The message, or null. */
    public @Nullable String message() {
        return message;
    }

    /** The top stack frames (at most 64); empty for errors without an exception. */
    public List<StackTraceElement> frames() {
        return frames;
    }

    /** The printed stack trace, cut at its limit, or null. */
    public @Nullable String stackTrace() {
        return stackTrace;
    }

    /** The component it happened in, or null. */
    public @Nullable String component() {
        return component;
    }

    /** The transaction it happened in, or null. */
    public @Nullable String transactionId() {
        return transactionId;
    }

    /** JSON-compatible context. */
    public Map<String, Object> context() {
        return context;
    }

    /** When it happened; null means "when recorded". */
    public @Nullable Instant occurredAt() {
        return occurredAt;
    }

    /** This event with {@link #occurredAt()} set, unless already set. */
    public ErrorEvent stampedAt(Instant now) {
        if (occurredAt != null) {
            return this;
        }
        Builder b = new Builder(type, message);
        b.frames.addAll(frames);
        b.stackTrace = stackTrace;
        b.component = component;
        b.transactionId = transactionId;
        b.context.putAll(context);
        b.occurredAt = now;
        return b.build();
    }

    /**
     * A copy with the message, the stack trace text and the context rewritten (for scrubbing
     * secrets); type, frames, component, transaction and time are kept, so the fingerprint is too.
     * Returns this event when nothing changes.
     */
    public ErrorEvent withText(
            java.util.function.UnaryOperator<@Nullable String> text,
            java.util.function.UnaryOperator<Map<String, Object>> contextMapper) {
        String m = text.apply(message);
        String st = text.apply(stackTrace);
        Map<String, Object> ctx = contextMapper.apply(context);
        if (java.util.Objects.equals(m, message) && java.util.Objects.equals(st, stackTrace) && ctx.equals(context)) {
            return this;
        }
        Builder b = new Builder(type, m);
        b.frames.addAll(frames);
        b.stackTrace = Validate.text(st, MAX_STACK_TRACE_LENGTH);
        b.component = component;
        b.transactionId = transactionId;
        b.context.putAll(ctx);
        b.occurredAt = occurredAt;
        return b.build();
    }

    @Override
    public String toString() {
        return "ErrorEvent[" + type + (message == null ? "" : ": " + Validate.quote(message)) + "]";
    }

    /** Builds an {@link ErrorEvent}. */
    public static final class Builder {
        private final String type;
        private final @Nullable String message;
        private final List<StackTraceElement> frames = new ArrayList<>();
        private @Nullable String stackTrace;
        private @Nullable String component;
        private @Nullable String transactionId;
        private final Map<String, Object> context = new LinkedHashMap<>();
        private @Nullable Instant occurredAt;

        private Builder(String type, @Nullable String message) {
            this.type = Validate.identifier("type", type, 256);
            this.message = Validate.text(message, MAX_MESSAGE_LENGTH);
        }

        /**
         * Replaces the captured stack: the top frames (the first 64 are kept) and the printed text
         * (cut at {@value #MAX_STACK_TRACE_LENGTH} characters, may be null). For events rebuilt from
         * elsewhere, as Vedette's disk spool does; {@link #builder(Throwable)} captures both itself.
         */
        public Builder stack(List<StackTraceElement> frames, @Nullable String stackTrace) {
            Validate.notNull("frames", frames);
            this.frames.clear();
            for (int i = 0; i < frames.size() && i < 64; i++) {
                this.frames.add(Validate.notNull("frames[" + i + "]", frames.get(i)));
            }
            this.stackTrace = Validate.text(stackTrace, MAX_STACK_TRACE_LENGTH);
            return this;
        }

        /** The component it happened in. */
        public Builder component(String component) {
            this.component = Validate.identifier("component", component, HealthReport.MAX_COMPONENT_LENGTH);
            return this;
        }

        /** The transaction it happened in. */
        public Builder transactionId(String transactionId) {
            this.transactionId = Validate.identifier("transactionId", transactionId, Transaction.MAX_ID_LENGTH);
            return this;
        }

        /** Adds a context entry. */
        public Builder context(String key, Object value) {
            Validate.identifier("context key", key, Metadata.MAX_KEY);
            context.put(key, Validate.notNull("context['" + Validate.quote(key) + "']", value));
            return this;
        }

        /** When it happened. */
        public Builder occurredAt(Instant occurredAt) {
            this.occurredAt = Validate.notNull("occurredAt", occurredAt);
            return this;
        }

        /** Builds the event. */
        public ErrorEvent build() {
            return new ErrorEvent(this);
        }
    }
}
