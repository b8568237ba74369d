package dev.vedette.spring.ingest;

import dev.vedette.model.Alert;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.LogEntry;
import dev.vedette.model.LogLevel;
import dev.vedette.model.Money;
import dev.vedette.model.Severity;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.model.WebhookEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns the JSON of each record endpoint into the value the Java API records, field by field, with
 * the same names as the builders. Every problem becomes a {@link FieldError}; a value builder that
 * still refuses the whole item is reported at the item's pointer.
 */
final class IngestRecords {
    /** One item read: the value (null when rejected), its id where it has one, and what was wrong. */
    record Item(@Nullable Object value, @Nullable String id, List<FieldError> errors) {}

    /** Reads one item at {@code pointer}. */
    interface Reader {
        Item read(JsonNode node, String pointer);
    }

    private static final Set<String> TRANSACTION = Set.of(
            "id",
            "status",
            "amount",
            "currency",
            "customer",
            "provider",
            "orderId",
            "paymentId",
            "paymentMethod",
            "error",
            "attempt",
            "latencyMs",
            "metadata",
            "occurredAt",
            "step");
    private static final List<String> STATUSES = List.of("PENDING", "COMPLETED", "FAILED", "ERROR", "REFUNDED");
    private static final Set<String> HEALTH =
            Set.of("component", "status", "responseTimeMs", "message", "details", "checkedAt");
    private static final Set<String> ERROR =
            Set.of("type", "message", "stackTrace", "component", "transactionId", "context", "occurredAt");
    private static final Set<String> LOG =
            Set.of("level", "message", "component", "transactionId", "details", "occurredAt");
    private static final Set<String> WEBHOOK = Set.of(
            "provider", "eventType", "externalId", "outcome", "error", "attempt", "processingTimeMs", "occurredAt");
    private static final Set<String> ACTIVITY = Set.of("userKey");
    static final Set<String> ALERT =
            Set.of("title", "severity", "message", "component", "labels", "dedupKey", "source", "occurredAt");

    private static final long MAX_MILLIS = Duration.ofDays(30).toMillis();

    private IngestRecords() {}

    static Item transaction(JsonNode node, String pointer) {
        List<FieldError> errors = Fields.list();
        Fields f = Fields.of(node, pointer, "a transaction", TRANSACTION, errors);
        if (f == null) {
            return new Item(null, null, errors);
        }
        String id = f.required("id", Transaction.MAX_ID_LENGTH);
        String status = f.oneOf("status", STATUSES, true);
        Money money = money(f);
        Fields customer = f.object("customer", "a customer", Set.of("email", "name"));
        String email = customer == null ? null : customer.string("email", Transaction.MAX_EMAIL_LENGTH);
        String name = customer == null ? null : customer.text("name");
        String provider = f.string("provider", Transaction.MAX_CODE_LENGTH);
        String orderId = f.string("orderId", Transaction.MAX_PROVIDER_ID_LENGTH);
        String paymentId = f.string("paymentId", Transaction.MAX_PROVIDER_ID_LENGTH);
        String method = f.string("paymentMethod", Transaction.MAX_CODE_LENGTH);
        Fields error = f.object("error", "an error", Set.of("code", "message"));
        String code = error == null ? null : error.string("code", Transaction.MAX_CODE_LENGTH);
        String message = error == null ? null : error.text("message");
        Long attempt = f.whole("attempt", 0, 1000);
        Long latency = f.whole("latencyMs", 0, MAX_MILLIS);
        Map<String, Object> metadata = f.scalars("metadata");
        Instant occurredAt = f.instant("occurredAt");
        String step = f.string("step", Transaction.MAX_CODE_LENGTH);
        if ((orderId != null || paymentId != null) && provider == null && !f.has("provider")) {
            f.error("provider", "is required with orderId or paymentId");
        }
        if (!errors.isEmpty() || id == null || status == null) {
            return new Item(null, id, errors);
        }
        return build(pointer, id, errors, () -> {
            Transaction.Builder b = Transaction.builder(id).status(TransactionStatus.of(status));
            if (money != null) {
                b.amount(money);
            }
            if (email != null || name != null) {
                b.customer(email, name);
            }
            if (provider != null) {
                b.provider(provider, orderId, paymentId);
            }
            if (method != null) {
                b.paymentMethod(method);
            }
            if (code != null || message != null) {
                b.error(code, message);
            }
            if (attempt != null) {
                b.attempt(attempt.intValue());
            }
            if (latency != null) {
                b.latency(Duration.ofMillis(latency));
            }
            if (!metadata.isEmpty()) {
                b.metadata(metadata);
            }
            if (occurredAt != null) {
                b.occurredAt(occurredAt);
            }
            if (step != null) {
                b.step(step);
            }
            return b.build();
        });
    }

    private static @Nullable Money money(Fields f) {
        JsonNode amount = f.raw("amount");
        String currency = f.string("currency", 3);
        if (amount == null) {
            if (currency != null) {
                f.error("amount", "is required with currency");
            }
            return null;
        }
        BigDecimal value;
        if (amount.isNumber()) {
            value = amount.decimalValue();
        } else if (amount.isString() && amount.stringValue().length() > Money.MAX_AMOUNT_TEXT) {
            f.error(
                    "amount",
                    "must be a decimal number of at most " + Money.MAX_AMOUNT_TEXT + " characters, was "
                            + amount.stringValue().length() + " characters");
            return null;
        } else if (amount.isString()) {
            try {
                value = new BigDecimal(amount.stringValue().strip());
            } catch (NumberFormatException e) {
                f.error("amount", "must be a decimal number, was " + Fields.quoted(amount.stringValue()));
                return null;
            }
        } else {
            f.error("amount", "must be a decimal number (a string or a number), was " + Fields.describe(amount));
            return null;
        }
        if (currency == null) {
            if (!f.has("currency")) {
                f.error("currency", "is required with amount");
            }
            return null;
        }
        try {
            return Money.of(value, currency);
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            f.error(
                    message.startsWith("currency") ? "currency" : "amount",
                    Fields.rule(message, message.startsWith("currency") ? "currency" : "amount"));
            return null;
        }
    }

    static Item health(JsonNode node, String pointer) {
        List<FieldError> errors = Fields.list();
        Fields f = Fields.of(node, pointer, "a health report", HEALTH, errors);
        if (f == null) {
            return new Item(null, null, errors);
        }
        String component = f.required("component", HealthReport.MAX_COMPONENT_LENGTH);
        String status = f.oneOf("status", List.of("UP", "DEGRADED", "DOWN", "UNKNOWN"), true);
        Long responseTime = f.whole("responseTimeMs", 0, MAX_MILLIS);
        String message = f.text("message");
        Map<String, Object> details = f.scalars("details");
        Instant checkedAt = f.instant("checkedAt");
        if (!errors.isEmpty() || component == null || status == null) {
            return new Item(null, component, errors);
        }
        return build(pointer, component, errors, () -> {
            HealthReport.Builder b = HealthReport.builder(component, HealthStatus.of(status));
            if (responseTime != null) {
                b.responseTime(Duration.ofMillis(responseTime));
            }
            b.message(message);
            if (!details.isEmpty()) {
                b.details(details);
            }
            if (checkedAt != null) {
                b.checkedAt(checkedAt);
            }
            return b.build();
        });
    }

    static Item error(JsonNode node, String pointer) {
        List<FieldError> errors = Fields.list();
        Fields f = Fields.of(node, pointer, "an error", ERROR, errors);
        if (f == null) {
            return new Item(null, null, errors);
        }
        String type = f.required("type", 256);
        String message = f.text("message");
        String stackTrace = f.text("stackTrace");
        String component = f.string("component", HealthReport.MAX_COMPONENT_LENGTH);
        String transactionId = f.string("transactionId", Transaction.MAX_ID_LENGTH);
        Map<String, Object> context = f.scalars("context");
        Instant occurredAt = f.instant("occurredAt");
        if (!errors.isEmpty() || type == null) {
            return new Item(null, type, errors);
        }
        return build(pointer, type, errors, () -> {
            ErrorEvent.Builder b = ErrorEvent.builder(type, message);
            if (stackTrace != null) {
                b.stack(List.of(), stackTrace);
            }
            if (component != null) {
                b.component(component);
            }
            if (transactionId != null) {
                b.transactionId(transactionId);
            }
            context.forEach(b::context);
            if (occurredAt != null) {
                b.occurredAt(occurredAt);
            }
            return b.build();
        });
    }

    static Item log(JsonNode node, String pointer) {
        List<FieldError> errors = Fields.list();
        Fields f = Fields.of(node, pointer, "a log entry", LOG, errors);
        if (f == null) {
            return new Item(null, null, errors);
        }
        String level = f.oneOf("level", List.of("ERROR", "WARN", "INFO", "DEBUG"), true);
        String message = f.has("message") ? f.text("message") : null;
        if (!f.has("message")) {
            f.error("message", "is required");
        }
        String component = f.string("component", HealthReport.MAX_COMPONENT_LENGTH);
        String transactionId = f.string("transactionId", Transaction.MAX_ID_LENGTH);
        Map<String, Object> details = f.scalars("details");
        Instant occurredAt = f.instant("occurredAt");
        if (!errors.isEmpty() || level == null || message == null) {
            return new Item(null, null, errors);
        }
        return build(
                pointer,
                null,
                errors,
                () -> new LogEntry(
                        LogLevel.valueOf(level), component, message, details, transactionId, null, occurredAt));
    }

    static Item webhook(JsonNode node, String pointer) {
        List<FieldError> errors = Fields.list();
        Fields f = Fields.of(node, pointer, "a webhook event", WEBHOOK, errors);
        if (f == null) {
            return new Item(null, null, errors);
        }
        String provider = f.required("provider", WebhookEvent.MAX_PROVIDER_LENGTH);
        String eventType = f.required("eventType", 128);
        String externalId = f.string("externalId", 128);
        String outcome = f.oneOf("outcome", List.of("PROCESSED", "FAILED", "IGNORED"), false);
        String error = f.text("error");
        Long attempt = f.whole("attempt", 1, 1000);
        Long processing = f.whole("processingTimeMs", 0, MAX_MILLIS);
        Instant occurredAt = f.instant("occurredAt");
        if (!errors.isEmpty() || provider == null || eventType == null) {
            return new Item(null, externalId, errors);
        }
        return build(pointer, externalId, errors, () -> {
            WebhookEvent.Builder b = WebhookEvent.builder(provider, eventType);
            if (externalId != null) {
                b.externalId(externalId);
            }
            if (error != null) {
                b.failed(error);
            }
            if (outcome != null) {
                b.outcome(WebhookEvent.Outcome.valueOf(outcome));
            }
            if (attempt != null) {
                b.attempt(attempt.intValue());
            }
            if (processing != null) {
                b.processingTime(Duration.ofMillis(processing));
            }
            if (occurredAt != null) {
                b.occurredAt(occurredAt);
            }
            return b.build();
        });
    }

    static Item activity(JsonNode node, String pointer) {
        List<FieldError> errors = Fields.list();
        Fields f = Fields.of(node, pointer, "an activity", ACTIVITY, errors);
        if (f == null) {
            return new Item(null, null, errors);
        }
        String userKey = f.required("userKey", 256);
        return new Item(errors.isEmpty() ? userKey : null, null, errors);
    }

    /** The alert of {@code POST alerts}, or null with the errors filled in. */
    static @Nullable Alert alert(JsonNode node, List<FieldError> errors) {
        Fields f = Fields.of(node, "", "an alert", ALERT, errors);
        if (f == null) {
            return null;
        }
        String title = f.required("title", Alert.MAX_TITLE_LENGTH);
        String severity = f.oneOf("severity", List.of("CRITICAL", "HIGH", "MEDIUM", "LOW"), true);
        String message = f.text("message");
        String component = f.string("component", HealthReport.MAX_COMPONENT_LENGTH);
        Map<String, String> labels = f.strings("labels");
        String dedupKey = f.string("dedupKey", Alert.MAX_DEDUP_KEY_LENGTH);
        String source = f.string("source", 128);
        Instant occurredAt = f.instant("occurredAt");
        if (!errors.isEmpty() || title == null || severity == null) {
            return null;
        }
        Item item = build("", dedupKey, errors, () -> {
            Alert.Builder b = Alert.builder(Severity.valueOf(severity), title).message(message);
            if (component != null) {
                b.component(component);
            }
            if (!labels.isEmpty()) {
                b.labels(labels);
            }
            if (dedupKey != null) {
                b.dedupKey(dedupKey);
            }
            if (source != null) {
                b.source(source);
            }
            if (occurredAt != null) {
                b.occurredAt(occurredAt);
            }
            return b.build();
        });
        return (Alert) item.value();
    }

    private static Item build(String pointer, @Nullable String id, List<FieldError> errors, Supplier<Object> build) {
        try {
            return new Item(build.get(), id, errors);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(pointer, String.valueOf(e.getMessage())));
            return new Item(null, id, errors);
        }
    }
}
