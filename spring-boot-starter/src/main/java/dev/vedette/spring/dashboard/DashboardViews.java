package dev.vedette.spring.dashboard;

import dev.vedette.analytics.Totals;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.ComponentState;
import dev.vedette.model.Delivery;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.HealthReport;
import dev.vedette.model.Money;
import dev.vedette.model.Silence;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.Transaction;
import dev.vedette.model.TransactionEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns Vedette's values into the JSON shapes of the dashboard API: plain maps of strings, numbers,
 * booleans, lists and maps, so the host's Jackson settings cannot change the contract. Times are
 * ISO-8601 strings, money amounts are decimal strings with their currency, durations are
 * milliseconds, NaN rates are null. E-mail addresses are masked when configured.
 */
final class DashboardViews {
    private final boolean maskEmails;

    DashboardViews(boolean maskEmails) {
        this.maskEmails = maskEmails;
    }

    /** {@code ada@example.com} becomes {@code a***@example.com}; text without {@code @} becomes {@code a***}. */
    static @Nullable String mask(@Nullable String email) {
        if (email == null || email.isEmpty()) {
            return email;
        }
        int at = email.lastIndexOf('@');
        String first = email.substring(0, email.offsetByCodePoints(0, 1));
        return at <= 0 ? first + "***" : first + "***" + email.substring(at);
    }

    @Nullable
    String email(@Nullable String email) {
        return maskEmails ? mask(email) : email;
    }

    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static @Nullable String time(@Nullable Instant t) {
        return t == null ? null : t.toString();
    }

    static @Nullable Long millis(@Nullable Duration d) {
        return d == null ? null : d.toMillis();
    }

    static @Nullable Double rate(double r) {
        return Double.isNaN(r) || Double.isInfinite(r) ? null : r;
    }

    static @Nullable Map<String, Object> money(@Nullable Money m) {
        return m == null
                ? null
                : obj(
                        "amount",
                        m.amount().toPlainString(),
                        "currency",
                        m.currency().getCurrencyCode());
    }

    static List<Map<String, Object>> amounts(Map<Currency, BigDecimal> byCurrency) {
        List<Map<String, Object>> out = new ArrayList<>();
        byCurrency.forEach((c, a) -> out.add(obj("currency", c.getCurrencyCode(), "amount", a.toPlainString())));
        return out;
    }

    static Map<String, Object> totals(Totals t) {
        return obj(
                "transactions", t.transactions(),
                "succeeded", t.succeeded(),
                "failed", t.failed(),
                "reversed", t.reversed(),
                "pending", t.pending(),
                "paid", t.paid(),
                "successRate", rate(t.successRate()),
                "failureRate", rate(t.failureRate()),
                "revenue", amounts(t.revenue()),
                "gross", amounts(t.gross()),
                "refunds", amounts(t.refunds()),
                "averageOrderValue", amounts(t.averageOrderValue()),
                "byStatus", new LinkedHashMap<>(t.byStatus()));
    }

    Map<String, Object> transaction(StoredTransaction t) {
        Map<String, Object> m = obj(
                "id", t.id(),
                "status", t.status().code(),
                "statusKind", t.status().kind().name(),
                "money", money(t.money()),
                "customerEmail", email(t.customerEmail()),
                "customerName", t.customerName(),
                "provider", t.provider(),
                "providerOrderId", t.providerOrderId(),
                "providerPaymentId", t.providerPaymentId(),
                "paymentMethod", t.paymentMethod(),
                "errorCode", t.errorCode(),
                "errorMessage", t.errorMessage(),
                "attempt", t.attempt(),
                "latencyMs", millis(t.latency()),
                "steps", List.copyOf(t.steps()),
                "createdAt", time(t.createdAt()),
                "statusAt", time(t.statusAt()),
                "lastEventAt", time(t.lastEventAt()),
                "completedAt", time(t.completedAt()),
                "updatedAt", time(t.updatedAt()),
                "eventCount", t.eventCount());
        return m;
    }

    Map<String, Object> transactionDetail(StoredTransaction t) {
        Map<String, Object> m = transaction(t);
        m.put("metadata", t.metadata());
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (TransactionEvent e : t.timeline()) {
            timeline.add(event(e));
        }
        m.put("timeline", timeline);
        return m;
    }

    private Map<String, Object> event(TransactionEvent e) {
        Transaction o = e.observation();
        return obj(
                "sequence", e.sequence(),
                "occurredAt", time(o.occurredAt()),
                "recordedAt", time(e.recordedAt()),
                "step", o.step(),
                "status", o.status() == null ? null : o.status().code(),
                "money", money(o.money()),
                "customerEmail", email(o.customerEmail()),
                "customerName", o.customerName(),
                "provider", o.provider(),
                "providerOrderId", o.providerOrderId(),
                "providerPaymentId", o.providerPaymentId(),
                "paymentMethod", o.paymentMethod(),
                "errorCode", o.errorCode(),
                "errorMessage", o.errorMessage(),
                "attempt", o.attempt(),
                "latencyMs", millis(o.latency()),
                "metadata", o.metadata());
    }

    static Map<String, Object> alert(AlertRecord a) {
        return obj(
                "id", a.id(),
                "dedupKey", a.dedupKey(),
                "severity", a.severity().name(),
                "title", a.title(),
                "message", a.message(),
                "component", a.component(),
                "labels", new LinkedHashMap<>(a.labels()),
                "source", a.source(),
                "status", a.status().name(),
                "occurrences", a.occurrences(),
                "firstSeen", time(a.firstSeen()),
                "lastSeen", time(a.lastSeen()),
                "acknowledgedBy", a.acknowledgedBy(),
                "acknowledgedAt", time(a.acknowledgedAt()),
                "resolvedBy", a.resolvedBy(),
                "resolvedAt", time(a.resolvedAt()),
                "lastNotifiedAt", time(a.lastNotifiedAt()),
                "suppressedBy", a.suppressedBy());
    }

    static Map<String, Object> delivery(Delivery d) {
        return obj(
                "id", d.id(),
                "alertId", d.alertId(),
                "channel", d.channel(),
                "kind", d.kind().name(),
                "state", d.state().name(),
                "attempts", d.attempts(),
                "nextAttemptAt", time(d.nextAttemptAt()),
                "lastError", d.lastError(),
                "createdAt", time(d.createdAt()),
                "sentAt", time(d.sentAt()));
    }

    static Map<String, Object> silence(Silence s) {
        return obj(
                "id", s.id(),
                "matchers", new LinkedHashMap<>(s.matchers()),
                "startsAt", time(s.startsAt()),
                "endsAt", time(s.endsAt()),
                "createdBy", s.createdBy(),
                "reason", s.reason(),
                "createdAt", time(s.createdAt()));
    }

    static @Nullable Map<String, Object> report(@Nullable HealthReport r) {
        if (r == null) {
            return null;
        }
        return obj(
                "component", r.component(),
                "status", r.status().code(),
                "responseTimeMs", millis(r.responseTime()),
                "message", r.message(),
                "details", r.details(),
                "checkedAt", time(r.checkedAt()));
    }

    static Map<String, Object> component(ComponentState s) {
        return obj(
                "name", s.component(),
                "status", s.status().code(),
                "light", light(s.status().code()),
                "since", time(s.since()),
                "consecutiveFailures", s.consecutiveFailures(),
                "consecutiveSuccesses", s.consecutiveSuccesses(),
                "lastReport", report(s.lastReport()),
                "alertId", s.alertId());
    }

    /** green for UP, red for DOWN, amber for anything else (DEGRADED, UNKNOWN, custom). */
    static String light(String status) {
        return switch (status) {
            case "UP" -> "green";
            case "DOWN" -> "red";
            default -> "amber";
        };
    }

    static Map<String, Object> errorGroup(ErrorGroup g, boolean withStack) {
        Map<String, Object> m = obj(
                "fingerprint", g.fingerprint(),
                "type", g.type(),
                "messageTemplate", g.messageTemplate(),
                "component", g.component(),
                "count", g.count(),
                "firstSeen", time(g.firstSeen()),
                "lastSeen", time(g.lastSeen()),
                "lastMessage", g.lastMessage(),
                "lastTransactionId", g.lastTransactionId(),
                "status", g.status().name());
        if (withStack) {
            m.put("lastStackTrace", g.lastStackTrace());
        }
        return m;
    }

    Map<String, Object> log(StoredLogEntry l) {
        return obj(
                "id", l.id(),
                "level", l.entry().level().name(),
                "component", l.entry().component(),
                "message", l.entry().message(),
                "details", l.entry().details(),
                "transactionId", l.entry().transactionId(),
                "customer", maskEmails ? mask(l.entry().customer()) : l.entry().customer(),
                "occurredAt", time(l.entry().occurredAt()));
    }
}
