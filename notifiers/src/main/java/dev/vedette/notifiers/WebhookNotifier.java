package dev.vedette.notifiers;

import dev.vedette.alerting.Notification;
import dev.vedette.alerting.SendResult;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts notifications as a versioned JSON document to any HTTP endpoint, optionally signed with
 * HMAC-SHA256.
 *
 * <pre>{@code
 * Notifier webhook = new WebhookNotifier(WebhookConfig.builder("https://hooks.example.com/vedette")
 *         .signingSecret(secret)
 *         .build());
 * }</pre>
 *
 * <p>Body, version {@value #VERSION} (fields are only ever added within a version; absent values are
 * {@code null}; times are ISO-8601 UTC):
 *
 * <pre>{@code
 * {"version":1, "deliveryId":"d-1", "kind":"TRIGGER", "attempt":1, "createdAt":"...",
 *  "omitted":0, "dashboardLink":"https://..." | null,
 *  "alerts":[{"id","dedupKey","severity","title","message","component","labels":{...},"source",
 *             "status","occurrences","firstSeen","lastSeen","acknowledgedBy","acknowledgedAt",
 *             "resolvedBy","resolvedAt","lastNotifiedAt","suppressedBy"}]}
 * }</pre>
 *
 * <p>Headers: {@code Content-Type: application/json; charset=utf-8}, {@code X-Vedette-Delivery-Id}
 * (stable across retries, for de-duplication), {@code X-Vedette-Kind}, the configured extra headers,
 * and when a secret is set {@value WebhookSignature#TIMESTAMP_HEADER} and {@value
 * WebhookSignature#SIGNATURE_HEADER} as described in {@link WebhookSignature}.
 *
 * <p>Outcomes: 2xx is sent; 429 (honouring {@code Retry-After}), 408, 5xx and I/O errors are
 * retried; other statuses, including redirects, fail for good. The URL, secret and header values
 * never appear in a result or log line.
 */
public final class WebhookNotifier extends ChannelNotifier {
    /** The body format version. */
    public static final int VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebhookConfig config;
    private final OkHttpClient client;
    private final Redactor redactor;

    /** Creates a notifier; opens no connection until the first send. */
    public WebhookNotifier(WebhookConfig config) {
        super(config);
        this.config = config;
        this.client = HttpSupport.client(config.timeouts());
        List<@Nullable String> secrets = new ArrayList<>();
        secrets.add(config.url().toString());
        secrets.add(config.url().getRawPath());
        secrets.add(config.url().getRawQuery());
        secrets.add(config.signingSecret());
        secrets.addAll(config.headers().values());
        this.redactor = new Redactor(secrets);
    }

    /** The configured channel name, {@code webhook} by default. */
    @Override
    public String name() {
        return config.name();
    }

    /** Posts the notification; never throws. See the class comment for outcomes. */
    @Override
    public SendResult send(Notification notification) {
        SendResult result;
        try {
            result = post(notification);
        } catch (Exception e) {
            result = HttpSupport.ioFailure(name(), e, redactor);
        }
        return Outcomes.log(LOG, name(), notification, result);
    }

    private SendResult post(Notification n) throws Exception {
        byte[] body = JSON.writeValueAsBytes(body(n));
        Request.Builder request = new Request.Builder()
                .url(config.url().toString())
                .header("User-Agent", HttpSupport.USER_AGENT)
                .header("X-Vedette-Delivery-Id", Texts.oneLine(n.deliveryId()))
                .header("X-Vedette-Kind", n.kind().name())
                .post(RequestBody.create(body, HttpSupport.JSON));
        config.headers().forEach(request::header);
        String secret = config.signingSecret();
        if (secret != null) {
            long timestamp = config.clock().instant().getEpochSecond();
            request.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
            request.header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body));
        }
        try (Response response = client.newCall(request.build()).execute()) {
            if (response.isSuccessful()) {
                return SendResult.sent();
            }
            String detail = HttpSupport.detail(redactor.redact(HttpSupport.bodyText(response, HttpSupport.MAX_DETAIL)));
            return HttpSupport.failure(name(), response.code(), detail, response.header("Retry-After"), config.clock());
        }
    }

    /** The version-1 body; package-private for tests. */
    static ObjectNode body(Notification n) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("deliveryId", n.deliveryId());
        root.put("kind", n.kind().name());
        root.put("attempt", n.attempt());
        root.put("createdAt", iso(n.createdAt()));
        root.put("omitted", n.omitted());
        root.put(
                "dashboardLink",
                n.dashboardLink() == null ? null : n.dashboardLink().toString());
        var alerts = root.putArray("alerts");
        for (AlertRecord a : n.alerts()) {
            ObjectNode o = alerts.addObject();
            o.put("id", a.id());
            o.put("dedupKey", a.dedupKey());
            o.put("severity", a.severity().name());
            o.put("title", a.title());
            o.put("message", a.message());
            o.put("component", a.component());
            ObjectNode labels = o.putObject("labels");
            a.labels().forEach(labels::put);
            o.put("source", a.source());
            o.put("status", a.status().name());
            o.put("occurrences", a.occurrences());
            o.put("firstSeen", iso(a.firstSeen()));
            o.put("lastSeen", iso(a.lastSeen()));
            o.put("acknowledgedBy", a.acknowledgedBy());
            o.put("acknowledgedAt", iso(a.acknowledgedAt()));
            o.put("resolvedBy", a.resolvedBy());
            o.put("resolvedAt", iso(a.resolvedAt()));
            o.put("lastNotifiedAt", iso(a.lastNotifiedAt()));
            o.put("suppressedBy", a.suppressedBy());
        }
        return root;
    }

    private static @Nullable String iso(@Nullable Instant instant) {
        return instant == null ? null : Texts.iso(instant);
    }

    /**
     * Checks that the endpoint answers, with a {@code HEAD} request carrying the configured headers
     * (no body, no signature): any status below 500 is UP, 5xx and I/O errors are DOWN. Never throws.
     */
    @Override
    public Optional<HealthReport> checkHealth() {
        Request.Builder request = new Request.Builder()
                .url(config.url().toString())
                .header("User-Agent", HttpSupport.USER_AGENT)
                .head();
        config.headers().forEach(request::header);
        return HealthProbe.run(
                client,
                request.build(),
                config,
                "endpoint",
                redactor,
                answer -> answer.report(
                        answer.code() < 500 ? HealthStatus.UP : HealthStatus.DOWN, answer.answeredHttp()));
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        HttpSupport.close(client);
    }
}
