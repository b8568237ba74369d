package dev.vedette.jdbc;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** The tables and columns, named with the configured prefix, for jOOQ's runtime DSL (no code generation). */
final class Schema {
    /** The schema version the migrations produce and {@code migrate(false)} expects. */
    static final String VERSION = "5";

    final Tx tx;
    final Events events;
    final Rollups rollups;
    final Components components;
    final ErrorGroups errorGroups;
    final Alerts alerts;
    final Deliveries deliveries;
    final Silences silences;
    final Locks locks;
    final Health health;
    final Logs logs;
    final Audit audit;
    final Reports reports;
    final ApiKeys apiKeys;

    Schema(String prefix) {
        tx = new Tx(prefix + "transactions");
        events = new Events(prefix + "transaction_events");
        rollups = new Rollups(prefix + "rollups");
        components = new Components(prefix + "component_states");
        errorGroups = new ErrorGroups(prefix + "error_groups");
        alerts = new Alerts(prefix + "alerts");
        deliveries = new Deliveries(prefix + "deliveries");
        silences = new Silences(prefix + "silences");
        locks = new Locks(prefix + "locks");
        health = new Health(prefix + "health_samples");
        logs = new Logs(prefix + "logs");
        audit = new Audit(prefix + "audit");
        reports = new Reports(prefix + "reports");
        apiKeys = new ApiKeys(prefix + "api_keys");
    }

    /** Every table, for schema validation. */
    List<Named> all() {
        return List.of(
                tx,
                events,
                rollups,
                components,
                errorGroups,
                alerts,
                deliveries,
                silences,
                locks,
                health,
                logs,
                audit,
                reports,
                apiKeys);
    }

    /** A table and a factory for its qualified columns. */
    abstract static class Named {
        final String tableName;
        final Table<Record> table;
        private final List<Field<?>> fields = new ArrayList<>();

        Named(String tableName) {
            this.tableName = tableName;
            this.table = table(name(tableName));
        }

        final <T> Field<T> f(String column, Class<T> type) {
            Field<T> f = field(name(tableName, column), type);
            fields.add(f);
            return f;
        }

        /** Every column, in declaration order; select these rather than {@code *} (names differ in case). */
        final List<Field<?>> fields() {
            return fields;
        }

        final Field<String> s(String column) {
            return f(column, String.class);
        }

        final Field<Long> l(String column) {
            return f(column, Long.class);
        }

        final Field<Integer> i(String column) {
            return f(column, Integer.class);
        }

        final Field<BigDecimal> d(String column) {
            // An explicit scale: H2 renders a bare DECIMAL cast with scale 0 and would round binds.
            Field<BigDecimal> f = field(name(tableName, column), SQLDataType.DECIMAL(38, 4));
            fields.add(f);
            return f;
        }
    }

    static final class Tx extends Named {
        final Field<String> id = s("id");
        final Field<String> statusCode = s("status_code");
        final Field<String> statusKind = s("status_kind");
        final Field<Long> statusAt = l("status_at");
        final Field<BigDecimal> amount = d("amount");
        final Field<String> currency = s("currency");
        final Field<String> customerEmail = s("customer_email");
        final Field<String> customerName = s("customer_name");
        final Field<String> provider = s("provider");
        final Field<String> providerOrderId = s("provider_order_id");
        final Field<String> providerPaymentId = s("provider_payment_id");
        final Field<String> paymentMethod = s("payment_method");
        final Field<String> errorCode = s("error_code");
        final Field<String> errorMessage = s("error_message");
        final Field<Integer> attempt = i("attempt");
        final Field<Long> latencyNanos = l("latency_nanos");
        final Field<Long> latencyMs = l("latency_ms");
        final Field<String> metadata = s("metadata");
        final Field<String> steps = s("steps");
        final Field<Long> createdAt = l("created_at");
        final Field<Long> lastEventAt = l("last_event_at");
        final Field<Long> completedAt = l("completed_at");
        final Field<Long> updatedAt = l("updated_at");
        final Field<Integer> eventCount = i("event_count");

        /**
         * {@code lower(customer_email)} as a generated column with an index (V4), on H2 and MySQL/MariaDB,
         * whose planners do not match an expression to an index; not among {@link #fields()}, so it is
         * never written or read as a value.
         */
        final Field<String> customerEmailLower = field(name(tableName, "customer_email_lower"), String.class);

        Tx(String n) {
            super(n);
        }
    }

    static final class Events extends Named {
        final Field<String> transactionId = s("transaction_id");
        final Field<Integer> seq = i("seq");
        final Field<Long> occurredAt = l("occurred_at");
        final Field<Long> recordedAt = l("recorded_at");
        final Field<String> statusCode = s("status_code");
        final Field<String> statusKind = s("status_kind");
        final Field<BigDecimal> amount = d("amount");
        final Field<String> currency = s("currency");
        final Field<String> customerEmail = s("customer_email");
        final Field<String> customerName = s("customer_name");
        final Field<String> provider = s("provider");
        final Field<String> providerOrderId = s("provider_order_id");
        final Field<String> providerPaymentId = s("provider_payment_id");
        final Field<String> paymentMethod = s("payment_method");
        final Field<String> errorCode = s("error_code");
        final Field<String> errorMessage = s("error_message");
        final Field<Integer> attempt = i("attempt");
        final Field<Long> latencyNanos = l("latency_nanos");
        final Field<String> metadata = s("metadata");
        final Field<String> step = s("step");

        Events(String n) {
            super(n);
        }
    }

    static final class Rollups extends Named {
        final Field<String> granularity = s("granularity");
        final Field<Long> bucketStart = l("bucket_start");
        final Field<String> currency = s("currency");
        final Field<String> statusCode = s("status_code");
        final Field<String> statusKind = s("status_kind");
        final Field<String> provider = s("provider");
        final Field<String> paymentMethod = s("payment_method");
        final Field<Long> cnt = l("cnt");
        final Field<BigDecimal> amount = d("amount");
        final List<Field<Long>> hist = new ArrayList<>();
        final Field<Long> maxMs = l("max_ms");

        Rollups(String n) {
            super(n);
            for (int b = 0; b < dev.vedette.model.LatencyHistogram.BUCKETS; b++) {
                hist.add(l(String.format("h%02d", b)));
            }
        }
    }

    static final class Components extends Named {
        final Field<String> component = s("component");
        final Field<String> status = s("status");
        final Field<Long> since = l("since");
        final Field<Integer> consecutiveFailures = i("consecutive_failures");
        final Field<Integer> consecutiveSuccesses = i("consecutive_successes");
        final Field<String> lastStatus = s("last_status");
        final Field<Long> lastResponseNanos = l("last_response_nanos");
        final Field<String> lastMessage = s("last_message");
        final Field<String> lastDetails = s("last_details");
        final Field<Long> lastCheckedAt = l("last_checked_at");
        final Field<String> alertId = s("alert_id");

        Components(String n) {
            super(n);
        }
    }

    static final class ErrorGroups extends Named {
        final Field<String> fingerprint = s("fingerprint");
        final Field<String> type = s("error_type");
        final Field<String> messageTemplate = s("message_template");
        final Field<String> component = s("component");
        final Field<Long> cnt = l("cnt");
        final Field<Long> firstSeen = l("first_seen");
        final Field<Long> lastSeen = l("last_seen");
        final Field<String> lastMessage = s("last_message");
        final Field<String> lastStackTrace = s("last_stack_trace");
        final Field<String> lastTransactionId = s("last_transaction_id");
        final Field<String> status = s("status");

        ErrorGroups(String n) {
            super(n);
        }
    }

    static final class Alerts extends Named {
        final Field<String> id = s("id");
        final Field<String> dedupKey = s("dedup_key");
        final Field<String> activeKey = s("active_key");
        final Field<String> severity = s("severity");
        final Field<String> title = s("title");
        final Field<String> message = s("message");
        final Field<String> component = s("component");
        final Field<String> labels = s("labels");
        final Field<String> source = s("source");
        final Field<String> status = s("status");
        final Field<Long> occurrences = l("occurrences");
        final Field<Long> firstSeen = l("first_seen");
        final Field<Long> lastSeen = l("last_seen");
        final Field<String> acknowledgedBy = s("acknowledged_by");
        final Field<Long> acknowledgedAt = l("acknowledged_at");
        final Field<String> resolvedBy = s("resolved_by");
        final Field<Long> resolvedAt = l("resolved_at");
        final Field<Long> lastNotifiedAt = l("last_notified_at");
        final Field<String> suppressedBy = s("suppressed_by");

        Alerts(String n) {
            super(n);
        }
    }

    static final class Deliveries extends Named {
        final Field<String> id = s("id");
        final Field<Long> ord = l("ord");
        final Field<String> alertId = s("alert_id");
        final Field<String> channel = s("channel");
        final Field<String> kind = s("kind");
        final Field<String> state = s("state");
        final Field<Integer> attempts = i("attempts");
        final Field<Long> nextAttemptAt = l("next_attempt_at");
        final Field<String> lastError = s("last_error");
        final Field<Long> createdAt = l("created_at");
        final Field<Long> sentAt = l("sent_at");
        final Field<String> claimedBy = s("claimed_by");
        final Field<Long> claimedUntil = l("claimed_until");

        Deliveries(String n) {
            super(n);
        }
    }

    static final class Silences extends Named {
        final Field<String> id = s("id");
        final Field<String> matchers = s("matchers");
        final Field<Long> startsAt = l("starts_at");
        final Field<Long> endsAt = l("ends_at");
        final Field<String> createdBy = s("created_by");
        final Field<String> reason = s("reason");
        final Field<Long> createdAt = l("created_at");

        Silences(String n) {
            super(n);
        }
    }

    static final class Locks extends Named {
        final Field<String> name = s("lock_name");
        final Field<String> owner = s("owner");
        final Field<Long> expiresAt = l("expires_at");

        Locks(String n) {
            super(n);
        }
    }

    static final class Health extends Named {
        final Field<Long> id = l("id");
        final Field<String> component = s("component");
        final Field<String> status = s("status");
        final Field<Long> responseNanos = l("response_nanos");
        final Field<String> message = s("message");
        final Field<String> details = s("details");
        final Field<Long> checkedAt = l("checked_at");

        Health(String n) {
            super(n);
        }
    }

    static final class Logs extends Named {
        final Field<Long> id = l("id");
        final Field<String> level = s("log_level");
        final Field<Integer> levelRank = i("level_rank");
        final Field<String> component = s("component");
        final Field<String> message = s("message");
        final Field<String> details = s("details");
        final Field<String> transactionId = s("transaction_id");
        final Field<String> customer = s("customer");
        final Field<Long> occurredAt = l("occurred_at");

        Logs(String n) {
            super(n);
        }
    }

    static final class ApiKeys extends Named {
        final Field<String> id = s("id");
        final Field<String> name = s("name");
        final Field<String> scope = s("scope");
        final Field<String> sha256 = s("sha256");
        final Field<Long> createdAt = l("created_at");
        final Field<String> createdBy = s("created_by");
        final Field<Long> revokedAt = l("revoked_at");
        final Field<String> revokedBy = s("revoked_by");

        ApiKeys(String n) {
            super(n);
        }
    }

    static final class Audit extends Named {
        final Field<Long> id = l("id");
        final Field<Long> at = l("at_time");
        final Field<String> actor = s("actor");
        final Field<String> action = s("action");
        final Field<String> target = s("target");
        final Field<String> details = s("details");

        Audit(String n) {
            super(n);
        }
    }

    static final class Reports extends Named {
        final Field<String> id = s("id");
        final Field<String> kind = s("kind");
        final Field<String> period = s("period");
        final Field<String> subject = s("subject");
        final Field<String> text = s("body_text");
        final Field<String> html = s("body_html");
        final Field<Long> createdAt = l("created_at");

        Reports(String n) {
            super(n);
        }
    }
}
