package dev.vedette.notifiers;

import dev.vedette.alerting.Notification;
import dev.vedette.alerting.SendResult;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import dev.vedette.model.Severity;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts alerts to a Slack channel through an incoming webhook, as a Block Kit message with a
 * plain-text {@code text} fallback for notifications and clients that cannot show blocks.
 *
 * <pre>{@code
 * Notifier slack = new SlackNotifier(SlackConfig.builder(webhookUrl).build());
 * }</pre>
 *
 * <p>The message opens with a header ({@code :red_circle: CRITICAL TRIGGERED: title}; a resolved
 * alert gets {@code :white_check_mark:}), then for each alert a section with the title and message
 * and a section of fields (severity, status, component, occurrences, first and last seen in
 * ISO-8601 UTC, labels), and a button to the dashboard when the notification has a link. Slack's
 * limits are respected by cutting, never by failing: header text {@value #MAX_HEADER} characters,
 * section text {@value #MAX_SECTION}, field text {@value #MAX_FIELD}, {@value #MAX_BLOCKS} blocks
 * (alerts that do not fit are counted in an "and N more" line). {@code &}, {@code <} and {@code >}
 * are escaped, so alert text cannot mention {@code @channel} or forge links.
 *
 * <p>Outcomes: HTTP 200 is sent; 429 is retried after {@code Retry-After}; 408, 5xx and I/O errors
 * (including timeouts) are retried; any other status (400 {@code invalid_payload}, 403 {@code
 * action_prohibited}, 404 {@code no_service} or {@code channel_not_found}, 410 {@code
 * channel_is_archived}) fails for good with Slack's error text. The webhook URL never appears in a
 * result or log line.
 */
public final class SlackNotifier extends ChannelNotifier {
    /** Slack's limit on header block text. */
    public static final int MAX_HEADER = 150;
    /** Slack's limit on section text. */
    public static final int MAX_SECTION = 3000;
    /** Slack's limit on one section field. */
    public static final int MAX_FIELD = 2000;
    /** Slack's limit on blocks per message. */
    public static final int MAX_BLOCKS = 50;
    /** Marker appended to cut text. */
    public static final String TRUNCATION_MARKER = "… (truncated)";

    private static final Logger LOG = LoggerFactory.getLogger(SlackNotifier.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_FALLBACK_TEXT = 3000;
    private static final int MAX_BUTTON_URL = 3000;

    private final SlackConfig config;
    private final OkHttpClient client;
    private final Redactor redactor;

    /** Creates a notifier; opens no connection until the first send. */
    public SlackNotifier(SlackConfig config) {
        super(config);
        this.config = config;
        this.client = HttpSupport.client(config.timeouts());
        String url = config.webhookUrl().toString();
        this.redactor = new Redactor(List.of(url, config.webhookUrl().getRawPath()));
    }

    /** The configured channel name, {@code slack} by default. */
    @Override
    public String name() {
        return config.name();
    }

    /**
     * Posts the notification; never throws. See the class comment for how responses map to results.
     */
    @Override
    public SendResult send(Notification notification) {
        SendResult result;
        try {
            result = post(JSON.writeValueAsString(payload(notification)));
        } catch (Exception e) {
            result = HttpSupport.ioFailure(name(), e, redactor);
        }
        return Outcomes.log(LOG, name(), notification, result);
    }

    private SendResult post(String json) throws Exception {
        Request request = new Request.Builder()
                .url(config.webhookUrl().toString())
                .header("User-Agent", HttpSupport.USER_AGENT)
                .post(RequestBody.create(json, HttpSupport.JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            if (response.isSuccessful()) {
                return SendResult.sent();
            }
            String detail = HttpSupport.detail(redactor.redact(HttpSupport.bodyText(response, HttpSupport.MAX_DETAIL)));
            return HttpSupport.failure(name(), response.code(), detail, response.header("Retry-After"), config.clock());
        }
    }

    /**
     * Checks that the webhook exists without posting a message: it sends an empty JSON object, which
     * Slack rejects with 400 {@code no_text} or {@code invalid_payload} when the URL is valid, and
     * with 403/404/410 ({@code no_service}, {@code invalid_token}, {@code channel_is_archived}) when
     * it is not. Never throws.
     */
    @Override
    public Optional<HealthReport> checkHealth() {
        Request request = new Request.Builder()
                .url(config.webhookUrl().toString())
                .header("User-Agent", HttpSupport.USER_AGENT)
                .post(RequestBody.create("{}", HttpSupport.JSON))
                .build();
        return HealthProbe.run(client, request, config, "Slack", redactor, answer -> {
            String body = HttpSupport.detail(redactor.redact(HttpSupport.bodyText(answer.response(), 200)));
            int code = answer.code();
            if (code == 200
                    || (code == 400
                            && (body.contains("no_text")
                                    || body.contains("invalid_payload")
                                    || body.contains("missing_text")))) {
                return answer.up();
            }
            return answer.report(HealthStatus.DOWN, answer.answeredHttp() + (body.isBlank() ? "" : ": " + body));
        });
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        HttpSupport.close(client);
    }

    /** The Block Kit payload for a notification; package-private for tests. */
    static ObjectNode payload(Notification n) {
        ObjectNode root = JSON.createObjectNode();
        root.put("text", fallbackText(n));
        ArrayNode blocks = root.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text")
                .put("type", "plain_text")
                .put("emoji", true)
                .put("text", Texts.truncate(emoji(n) + " " + Texts.headline(n), MAX_HEADER, TRUNCATION_MARKER));

        // a cut URL is a broken link: a link longer than Slack's button limit is left out
        boolean link = n.dashboardLink() != null && n.dashboardLink().toString().length() <= MAX_BUTTON_URL;
        // header + optional "and N more" context + optional actions block
        int budget = MAX_BLOCKS - 1 - 1 - (link ? 1 : 0);
        List<AlertRecord> alerts = n.alerts();
        int shown = 0;
        for (AlertRecord a : alerts) {
            int needed = shown == 0 ? 2 : 3; // divider between alerts
            if (needed > budget) {
                break;
            }
            if (shown > 0) {
                blocks.addObject().put("type", "divider");
            }
            addAlert(blocks, n.kind(), a, alerts.size() > 1 || n.kind() == DeliveryKind.DIGEST);
            budget -= needed;
            shown++;
        }
        int more = alerts.size() - shown + n.omitted();
        if (more > 0) {
            ObjectNode context = blocks.addObject().put("type", "context");
            context.putArray("elements")
                    .addObject()
                    .put("type", "mrkdwn")
                    .put("text", "… and " + more + " more " + (more == 1 ? "alert" : "alerts"));
        }
        if (link) {
            ObjectNode actions = blocks.addObject().put("type", "actions");
            ObjectNode button = actions.putArray("elements").addObject().put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", "Open in dashboard");
            button.put("url", n.dashboardLink().toString());
        }
        return root;
    }

    private static void addAlert(ArrayNode blocks, DeliveryKind kind, AlertRecord a, boolean several) {
        StringBuilder text = new StringBuilder();
        if (several) {
            text.append(severityEmoji(a.severity())).append(' ');
        }
        text.append('*').append(escape(Texts.oneLine(a.title()))).append('*');
        if (a.message() != null && !a.message().isBlank()) {
            text.append('\n').append(escape(a.message()));
        }
        blocks.addObject()
                .put("type", "section")
                .putObject("text")
                .put("type", "mrkdwn")
                .put("text", Texts.truncateEscaped(text.toString(), MAX_SECTION, TRUNCATION_MARKER));

        ObjectNode fields = blocks.addObject().put("type", "section");
        ArrayNode f = fields.putArray("fields");
        field(f, "Severity", a.severity().name());
        field(f, "Status", kind == DeliveryKind.DIGEST ? a.status().name() : Texts.status(kind));
        field(f, "Component", Texts.orDash(a.component()));
        field(f, "Occurrences", Long.toString(a.occurrences()));
        field(f, "First seen", Texts.iso(a.firstSeen()));
        field(f, "Last seen", Texts.iso(a.lastSeen()));
        field(f, "Labels", Texts.labels(a.labels()));
        if (kind == DeliveryKind.RESOLVE && a.resolvedAt() != null) {
            field(f, "Resolved", Texts.iso(a.resolvedAt()) + " by " + Texts.orDash(a.resolvedBy()));
        }
        if (kind == DeliveryKind.ACKNOWLEDGE && a.acknowledgedAt() != null) {
            field(f, "Acknowledged", Texts.iso(a.acknowledgedAt()) + " by " + Texts.orDash(a.acknowledgedBy()));
        }
    }

    private static void field(ArrayNode fields, String label, String value) {
        String text = "*" + label + "*\n" + escape(value);
        fields.addObject().put("type", "mrkdwn").put("text", Texts.truncateEscaped(text, MAX_FIELD, TRUNCATION_MARKER));
    }

    private static String fallbackText(Notification n) {
        StringBuilder b = new StringBuilder(Texts.headline(n));
        AlertRecord a = n.alert();
        if (n.kind() != DeliveryKind.DIGEST && a.component() != null) {
            b.append(" [").append(Texts.oneLine(a.component())).append(']');
        }
        return Texts.truncateEscaped(escape(b.toString()), MAX_FALLBACK_TEXT, TRUNCATION_MARKER);
    }

    private static String emoji(Notification n) {
        return switch (n.kind()) {
            case RESOLVE -> ":white_check_mark:";
            case ACKNOWLEDGE -> ":eyes:";
            case DIGEST -> ":clipboard:";
            case TEST -> ":test_tube:";
            case REPORT -> ":bar_chart:";
            case TRIGGER, REMINDER -> severityEmoji(n.alert().severity());
        };
    }

    static String severityEmoji(Severity s) {
        return switch (s) {
            case CRITICAL -> ":red_circle:";
            case HIGH -> ":large_orange_circle:";
            case MEDIUM -> ":large_yellow_circle:";
            case LOW -> ":large_blue_circle:";
        };
    }

    /** Escapes Slack's control characters: {@code &}, {@code <} and {@code >}. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
