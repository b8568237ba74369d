package dev.vedette.notifiers;

import dev.vedette.alerting.Notification;
import dev.vedette.alerting.SendResult;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends alerts to PagerDuty through the Events API v2 ({@code POST <base>/v2/enqueue}).
 *
 * <pre>{@code
 * Notifier pagerDuty = new PagerDutyNotifier(PagerDutyConfig.builder(routingKey).build());
 * }</pre>
 *
 * <p>Event actions: {@link DeliveryKind#TRIGGER}, {@link DeliveryKind#REMINDER} and {@link
 * DeliveryKind#TEST} send {@code trigger}, {@link DeliveryKind#ACKNOWLEDGE} sends {@code
 * acknowledge}, {@link DeliveryKind#RESOLVE} sends {@code resolve}; digests are not supported. The
 * {@code dedup_key} is the alert's dedup key (keys over 255 characters are shortened
 * deterministically, with a SHA-256 suffix), so reminders fold into the open PagerDuty alert and a
 * resolve closes it. A grouped notification sends one event per alert, in order; the alerts a storm
 * cap left out are not sent.
 *
 * <p>Trigger payload: {@code summary} is the title and component (at most {@value #MAX_SUMMARY}
 * characters), {@code source} is configured (default the host name), {@code severity} maps
 * CRITICAL→critical, HIGH→error, MEDIUM→warning, LOW→info, {@code component} is the alert's
 * component, {@code group} its {@code group} label (else the configured group), {@code class} its
 * {@code class} label (else what raised it), and {@code custom_details} carry the message, labels,
 * occurrences and times. The whole body is kept under {@value #MAX_BODY_BYTES} bytes by cutting the
 * details.
 *
 * <p>Outcomes: 2xx (PagerDuty answers 202) is sent; 400 fails for good with PagerDuty's {@code
 * message} and {@code errors}; 429, 408, 5xx and I/O errors are retried; other statuses fail. The
 * routing key never appears in a result or log line.
 */
public final class PagerDutyNotifier extends ChannelNotifier {
    /** PagerDuty's limit on {@code payload.summary}. */
    public static final int MAX_SUMMARY = 1024;
    /** PagerDuty's limit on {@code dedup_key}. */
    public static final int MAX_DEDUP_KEY = 255;
    /** The body limit kept below PagerDuty's 512 KB. */
    public static final int MAX_BODY_BYTES = 500 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PagerDutyNotifier.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_MESSAGE_DETAIL = 64 * 1024;
    private static final Set<DeliveryKind> KINDS = Set.copyOf(EnumSet.of(
            DeliveryKind.TRIGGER,
            DeliveryKind.REMINDER,
            DeliveryKind.ACKNOWLEDGE,
            DeliveryKind.RESOLVE,
            DeliveryKind.TEST));

    private final PagerDutyConfig config;
    private final OkHttpClient client;
    private final Redactor redactor;
    private final String endpoint;

    /** Creates a notifier; opens no connection until the first send. */
    public PagerDutyNotifier(PagerDutyConfig config) {
        super(config);
        this.config = config;
        this.client = HttpSupport.client(config.timeouts());
        this.redactor = new Redactor(List.of(config.routingKey()));
        String base = config.baseUrl().toString();
        this.endpoint = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v2/enqueue";
    }

    /** The configured channel name, {@code pagerduty} by default. */
    @Override
    public String name() {
        return config.name();
    }

    /** TRIGGER, REMINDER, ACKNOWLEDGE, RESOLVE and TEST; not DIGEST. */
    @Override
    public Set<DeliveryKind> supportedKinds() {
        return KINDS;
    }

    /**
     * Sends one event per alert and returns the first result that is not "sent" (later alerts are
     * then not attempted; a retry re-sends all of them, which PagerDuty folds by dedup key). Never
     * throws.
     */
    @Override
    public SendResult send(Notification notification) {
        SendResult result;
        try {
            if (notification.kind() == DeliveryKind.DIGEST) {
                result = SendResult.failed(name() + " does not send digests");
            } else {
                result = SendResult.sent();
                for (AlertRecord alert : notification.alerts()) {
                    result = post(JSON.writeValueAsString(event(notification, alert)));
                    if (!(result instanceof SendResult.Sent)) {
                        break;
                    }
                }
            }
        } catch (Exception e) {
            result = HttpSupport.ioFailure(name(), e, redactor);
        }
        return Outcomes.log(LOG, name(), notification, result);
    }

    private SendResult post(String json) throws Exception {
        Request request = new Request.Builder()
                .url(endpoint)
                .header("User-Agent", HttpSupport.USER_AGENT)
                .post(RequestBody.create(json, HttpSupport.JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            if (response.isSuccessful()) {
                return SendResult.sent();
            }
            String body = HttpSupport.bodyText(response, 8 * 1024);
            String detail = HttpSupport.detail(redactor.redact(errorText(body)));
            return HttpSupport.failure(name(), response.code(), detail, response.header("Retry-After"), config.clock());
        }
    }

    /** {@code message: error1; error2} from a PagerDuty error body, or the raw body. */
    private static String errorText(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            StringBuilder b = new StringBuilder(node.path("message").asString(""));
            JsonNode errors = node.path("errors");
            for (int i = 0; i < errors.size(); i++) {
                b.append(i == 0 ? (b.isEmpty() ? "" : ": ") : "; ")
                        .append(errors.get(i).asString(""));
            }
            return b.isEmpty() ? body : b.toString();
        } catch (RuntimeException notJson) {
            return body;
        }
    }

    /** The Events API v2 body for one alert; package-private for tests. */
    ObjectNode event(Notification n, AlertRecord a) {
        ObjectNode root = JSON.createObjectNode();
        root.put("routing_key", config.routingKey());
        root.put("event_action", action(n.kind()));
        root.put("dedup_key", dedupKey(a.dedupKey()));
        if (n.kind() == DeliveryKind.ACKNOWLEDGE || n.kind() == DeliveryKind.RESOLVE) {
            return root;
        }
        root.put("client", "Vedette");
        if (n.dashboardLink() != null) {
            root.put("client_url", n.dashboardLink().toString());
        }
        ObjectNode payload = root.putObject("payload");
        String summary = Texts.oneLine(a.title()) + (a.component() == null ? "" : " (" + a.component() + ")");
        if (n.kind() == DeliveryKind.TEST) {
            summary = "[TEST] " + summary;
        }
        payload.put("summary", Texts.truncate(summary, MAX_SUMMARY, "..."));
        payload.put("source", config.source());
        payload.put("severity", severity(a.severity()));
        payload.put("timestamp", Texts.iso(a.lastSeen()));
        if (a.component() != null) {
            payload.put("component", a.component());
        }
        String group = a.labels().getOrDefault("group", config.group());
        if (group != null) {
            payload.put("group", group);
        }
        String clazz = a.labels().getOrDefault("class", a.source());
        if (clazz != null) {
            payload.put("class", clazz);
        }
        ObjectNode details = payload.putObject("custom_details");
        fillDetails(details, n, a, MAX_MESSAGE_DETAIL, true);
        if (n.dashboardLink() != null) {
            root.putArray("links")
                    .addObject()
                    .put("href", n.dashboardLink().toString())
                    .put("text", "Open in Vedette dashboard");
        }
        if (JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            details.removeAll();
            fillDetails(details, n, a, 1_000, false);
            details.put("note", "details were cut to keep the event under 512 KB");
        }
        return root;
    }

    private static void fillDetails(ObjectNode details, Notification n, AlertRecord a, int maxMessage, boolean labels) {
        if (a.message() != null) {
            details.put("message", Texts.truncate(a.message(), maxMessage, "... (truncated)"));
        }
        details.put("occurrences", a.occurrences());
        details.put("first_seen", Texts.iso(a.firstSeen()));
        details.put("last_seen", Texts.iso(a.lastSeen()));
        details.put("status", a.status().name());
        details.put("alert_id", a.id());
        details.put("delivery_id", n.deliveryId());
        if (labels) {
            ObjectNode l = details.putObject("labels");
            a.labels().forEach(l::put);
        }
    }

    static String action(DeliveryKind kind) {
        return switch (kind) {
            case TRIGGER, REMINDER, TEST -> "trigger";
            case ACKNOWLEDGE -> "acknowledge";
            case RESOLVE -> "resolve";
            case DIGEST -> throw new IllegalArgumentException("PagerDuty does not take digests");
            case REPORT -> throw new IllegalArgumentException("PagerDuty does not take reports");
        };
    }

    /** PagerDuty's severities: critical, error, warning, info. */
    static String severity(Severity s) {
        return switch (s) {
            case CRITICAL -> "critical";
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "info";
        };
    }

    /** The key itself when short enough, else a prefix and a SHA-256 of the whole key (255 chars). */
    static String dedupKey(String key) {
        if (key.length() <= MAX_DEDUP_KEY) {
            return key;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            String suffix = "#sha256:" + HexFormat.of().formatHex(hash);
            int keep = MAX_DEDUP_KEY - suffix.length();
            if (Character.isHighSurrogate(key.charAt(keep - 1))) {
                keep--;
            }
            return key.substring(0, keep) + suffix;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /**
     * Checks that the Events API answers, without sending the routing key or creating an event: it
     * posts an empty object, which PagerDuty rejects with 400. Any 4xx answer is UP (the key itself
     * cannot be checked without sending an event), 5xx and I/O errors are DOWN. Never throws.
     */
    @Override
    public Optional<HealthReport> checkHealth() {
        Request request = new Request.Builder()
                .url(endpoint)
                .header("User-Agent", HttpSupport.USER_AGENT)
                .post(RequestBody.create("{}", HttpSupport.JSON))
                .build();
        return HealthProbe.run(client, request, config, "PagerDuty", redactor, answer -> {
            int code = answer.code();
            if (code < 500 && code != 429) {
                return answer.report(HealthStatus.UP, "Events API reachable (routing key not verified)");
            }
            return answer.report(code == 429 ? HealthStatus.DEGRADED : HealthStatus.DOWN, answer.answeredHttp());
        });
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        HttpSupport.close(client);
    }
}
