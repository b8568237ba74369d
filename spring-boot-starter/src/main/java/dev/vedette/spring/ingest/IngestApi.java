package dev.vedette.spring.ingest;

import dev.vedette.Monitor;
import dev.vedette.health.Heartbeat;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.ApiKey;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The handlers of the ingest API, over the {@link Monitor} facade only: the record endpoints (one
 * object or a batch, all good items queued together or none), alerts, and check-ins.
 */
final class IngestApi {
    /** Most items in one batch. */
    static final int MAX_BATCH = 1_000;

    /** Seconds a client is asked to wait when the record queue is full. */
    static final long QUEUE_RETRY_SECONDS = 1;

    /** Default grace of a check-in schedule. */
    static final long DEFAULT_GRACE_SECONDS = 300;

    private static final Pattern CHECKIN = Pattern.compile("/checkins/([A-Za-z0-9_.-]{1,64})");

    /** The routes; {@code reader} is null for the ones that are not record endpoints. */
    enum Route {
        TRANSACTIONS(IngestRecords::transaction),
        HEALTH(IngestRecords::health),
        ERRORS(IngestRecords::error),
        LOGS(IngestRecords::log),
        WEBHOOKS(IngestRecords::webhook),
        ACTIVITY(IngestRecords::activity),
        ALERTS(null),
        ACKNOWLEDGE(null),
        RESOLVE(null),
        CHECKIN(null);

        final IngestRecords.@Nullable Reader reader;

        Route(IngestRecords.@Nullable Reader reader) {
            this.reader = reader;
        }

        boolean bodyOptional() {
            return this == CHECKIN;
        }
    }

    private static final Map<String, Route> ROUTES = Map.of(
            "/transactions", Route.TRANSACTIONS,
            "/health", Route.HEALTH,
            "/errors", Route.ERRORS,
            "/logs", Route.LOGS,
            "/webhooks", Route.WEBHOOKS,
            "/activity", Route.ACTIVITY,
            "/alerts", Route.ALERTS,
            "/alerts/acknowledge", Route.ACKNOWLEDGE,
            "/alerts/resolve", Route.RESOLVE);

    private final Monitor monitor;

    IngestApi(Monitor monitor) {
        this.monitor = monitor;
    }

    static @Nullable Route route(String rel) {
        Route r = ROUTES.get(rel);
        if (r != null) {
            return r;
        }
        return rel.startsWith("/checkins/") ? Route.CHECKIN : null;
    }

    Reply handle(Route route, String rel, @Nullable JsonNode body, ApiKey key) {
        return switch (route) {
            case ALERTS -> raise(body);
            case ACKNOWLEDGE, RESOLVE -> act(route, body, key);
            case CHECKIN -> checkIn(rel, body);
            default -> records(route, body);
        };
    }

    private Reply records(Route route, @Nullable JsonNode body) {
        IngestRecords.Reader reader = route.reader;
        if (body == null || reader == null) {
            return new Reply(400, "invalid-json", "the body must be JSON");
        }
        boolean batch = body.isArray();
        if (batch && body.size() > MAX_BATCH) {
            return new Reply(413, "too-large", "a batch must have at most " + MAX_BATCH + " items, had " + body.size());
        }
        if (batch && body.isEmpty()) {
            return new Reply(
                    400,
                    "invalid-field",
                    "a batch must have 1 to " + MAX_BATCH + " items",
                    List.of(new FieldError("", "must have at least 1 item, had 0")));
        }
        List<IngestRecords.Item> items = new ArrayList<>();
        if (batch) {
            for (int i = 0; i < body.size(); i++) {
                items.add(reader.read(body.get(i), "/" + i));
            }
        } else {
            items.add(reader.read(body, ""));
            if (!items.get(0).errors().isEmpty()) {
                List<FieldError> errors = items.get(0).errors();
                return new Reply(
                        400,
                        "invalid-field",
                        errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid",
                        errors);
            }
        }
        List<Object> records = new ArrayList<>();
        List<String> users = new ArrayList<>();
        for (IngestRecords.Item item : items) {
            if (item.errors().isEmpty() && item.value() != null) {
                if (route == Route.ACTIVITY) {
                    users.add((String) item.value());
                } else {
                    records.add(item.value());
                }
            }
        }
        int taken = records.isEmpty() ? 0 : monitor.recordAll(records);
        if (!records.isEmpty() && taken == 0) {
            return new Reply(
                    429,
                    "queue-full",
                    "the record queue cannot take the " + records.size()
                            + " records of this request now; none was taken, send the request again",
                    List.of(),
                    null,
                    QUEUE_RETRY_SECONDS);
        }
        users.forEach(monitor::recordActivity);
        List<IngestResult.ItemResult> results = new ArrayList<>();
        int good = 0;
        int accepted = 0;
        for (int i = 0; i < items.size(); i++) {
            IngestRecords.Item item = items.get(i);
            String pointer = batch ? "/" + i : "";
            if (!item.errors().isEmpty() || item.value() == null) {
                results.add(new IngestResult.ItemResult(i, "rejected", item.id(), item.errors()));
            } else if (route == Route.ACTIVITY || good++ < taken) {
                accepted++;
                results.add(new IngestResult.ItemResult(i, "accepted", item.id(), List.of()));
            } else {
                results.add(new IngestResult.ItemResult(
                        i,
                        "rejected",
                        item.id(),
                        List.of(new FieldError(pointer, "the record queue filled up; send this item again"))));
            }
        }
        IngestResult result = new IngestResult(accepted, items.size() - accepted, results);
        return new Reply(202, "", "", List.of(), result, taken < records.size() ? QUEUE_RETRY_SECONDS : 0);
    }

    private Reply raise(@Nullable JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        Alert alert = body == null ? null : IngestRecords.alert(body, errors);
        if (alert == null) {
            return invalid(errors);
        }
        AlertRecord record = monitor.raiseAlert(alert);
        return Reply.ok(201, AlertResult.of(record, record.occurrences() > 1));
    }

    private Reply act(Route route, @Nullable JsonNode body, ApiKey key) {
        List<FieldError> errors = new ArrayList<>();
        Fields f = body == null ? null : Fields.of(body, "", "an alert action", Set.of("dedupKey", "by"), errors);
        String dedupKey = f == null ? null : f.required("dedupKey", Alert.MAX_DEDUP_KEY_LENGTH);
        String by = f == null ? null : f.string("by", 128);
        if (!errors.isEmpty() || dedupKey == null) {
            return invalid(errors);
        }
        String actor = by != null ? by : "key:" + key.prefix();
        Optional<AlertRecord> done;
        if (route == Route.RESOLVE) {
            done = monitor.alerts().resolveByKey(dedupKey, actor);
        } else {
            done = monitor.alerts().active().stream()
                    .filter(a -> a.dedupKey().equals(dedupKey) && a.status() != AlertStatus.RESOLVED)
                    .findFirst()
                    .flatMap(a -> monitor.alerts().acknowledge(a.id(), actor));
        }
        return done.map(a -> Reply.ok(200, AlertResult.of(a, false)))
                .orElseGet(() -> new Reply(
                        404,
                        "not-found",
                        "no open or acknowledged alert has the dedup key " + Fields.quoted(dedupKey)));
    }

    private Reply checkIn(String rel, @Nullable JsonNode body) {
        var m = CHECKIN.matcher(rel);
        if (!m.matches()) {
            return new Reply(
                    400,
                    "invalid-path",
                    "a check-in name must be 1 to 64 of A-Z a-z 0-9 _ . -, was "
                            + Fields.quoted(rel.substring("/checkins/".length())));
        }
        String name = m.group(1);
        List<FieldError> errors = new ArrayList<>();
        String status = "success";
        Long duration = null;
        String message = null;
        Long every = null;
        long grace = DEFAULT_GRACE_SECONDS;
        if (body != null) {
            Fields f = Fields.of(
                    body,
                    "",
                    "a check-in",
                    Set.of("status", "durationMs", "message", "everySeconds", "graceSeconds"),
                    errors);
            if (f != null) {
                String s = f.oneOf("status", List.of("start", "success", "fail"), false);
                status = s == null ? status : s;
                duration = f.whole("durationMs", 0, Duration.ofDays(30).toMillis());
                message = f.text("message");
                every = f.whole("everySeconds", 1, Duration.ofDays(30).toSeconds());
                Long g = f.whole("graceSeconds", 0, Duration.ofDays(1).toSeconds());
                grace = g == null ? grace : g;
            }
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        var health = monitor.health();
        if (every != null) {
            Duration interval = Duration.ofSeconds(Math.min(every + grace, Heartbeat.MAX_INTERVAL.toSeconds()));
            Heartbeat.Builder heartbeat = Heartbeat.builder(name, interval);
            if (grace > 0) {
                heartbeat.maxRunTime(Duration.ofSeconds(grace));
            }
            try {
                health.register(heartbeat.build());
            } catch (IllegalStateException e) {
                return new Reply(409, "conflict", String.valueOf(e.getMessage()));
            }
        }
        if (health.isHeartbeat(name)) {
            switch (status) {
                case "start" -> health.start(name);
                case "fail" -> health.fail(name, message);
                default -> health.beat(name);
            }
            Optional<HealthReport> report = health.evaluate(name);
            return Reply.ok(
                    202,
                    new CheckInResult(
                            name,
                            report.map(r -> r.status().code()).orElse("UNKNOWN"),
                            report.map(HealthReport::message).orElse(null)));
        }
        if (status.equals("start")) {
            return Reply.ok(202, new CheckInResult(name, "UNKNOWN", "run started; the job has no schedule"));
        }
        HealthReport.Builder sample = HealthReport.builder(
                        name, status.equals("fail") ? HealthStatus.DOWN : HealthStatus.UP)
                .message(message != null ? message : status.equals("fail") ? "run failed" : "run succeeded");
        if (duration != null) {
            sample.responseTime(Duration.ofMillis(duration));
        }
        HealthReport report = sample.build();
        if (monitor.recordAll(List.of(report)) == 0) {
            return new Reply(
                    429,
                    "queue-full",
                    "the record queue cannot take the check-in now; send it again",
                    List.of(),
                    null,
                    QUEUE_RETRY_SECONDS);
        }
        return Reply.ok(202, new CheckInResult(name, report.status().code(), report.message()));
    }

    private static Reply invalid(List<FieldError> errors) {
        if (errors.isEmpty()) {
            errors = List.of(new FieldError("", "must be a JSON object"));
        }
        return new Reply(
                400,
                "invalid-field",
                errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid",
                errors);
    }
}
