package dev.vedette.notifiers;

import dev.vedette.alerting.Notification;
import dev.vedette.alerting.SendResult;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends alerts as SMS through the Twilio Messages API: one form-encoded {@code POST
 * <base>/2010-04-01/Accounts/<AccountSid>/Messages.json} per recipient, with HTTP basic auth (account
 * SID and auth token, or API key SID and secret).
 *
 * <pre>{@code
 * Notifier sms = new TwilioSmsNotifier(TwilioSmsConfig.builder(accountSid)
 *         .authToken(authToken)
 *         .from("+15005550006")
 *         .to("+447700900123")
 *         .build());
 * }</pre>
 *
 * <p>The text is {@code CRITICAL TRIGGERED: <title> (+N more) [<component>]} and, on the next line,
 * the dashboard link. It is cut (ending in {@code ...}, the link kept) to the configured number of
 * segments: 160 characters for one GSM-7 segment and 153 per concatenated segment, or 70 and 67
 * when the text needs UCS-2 (any character outside the GSM 03.38 alphabet, such as an emoji).
 *
 * <p>Outcomes per recipient: 201 (any 2xx) is sent; 429, 408, 5xx and I/O errors are temporary;
 * other statuses are permanent, with Twilio's code and message ({@code Twilio error 21211: ...}).
 * Every recipient is attempted. The delivery is then: sent if all were; <b>retried</b> if any
 * failure was temporary — the retry goes to every recipient again, because Twilio has no
 * idempotency key, so recipients who already got the text get it twice (at-least-once, preferred
 * to missing a page); failed for good if the remaining failures were all permanent, with a reason
 * that says how many recipients did get it. Numbers appear in reasons and log lines masked to their
 * last four digits, also where Twilio's error text quotes them; the token or key secret never appears.
 */
public final class TwilioSmsNotifier extends ChannelNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(TwilioSmsNotifier.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern E164_IN_TEXT = Pattern.compile("(?<![\\w+])\\+[1-9]\\d{6,14}(?!\\d)");

    private final TwilioSmsConfig config;
    private final OkHttpClient client;
    private final Redactor redactor;
    private final HttpUrl messagesUrl;
    private final HttpUrl accountUrl;
    private final String authorization;
    private final List<String> numbers;

    /** Creates a notifier; opens no connection until the first send. */
    public TwilioSmsNotifier(TwilioSmsConfig config) {
        super(config);
        this.config = config;
        this.client = HttpSupport.client(config.timeouts());
        this.authorization = Credentials.basic(config.username(), config.password());
        List<String> known = new ArrayList<>(config.to());
        if (config.from() != null) {
            known.add(config.from());
        }
        known.sort(java.util.Comparator.comparingInt(String::length).reversed());
        this.numbers = List.copyOf(known);
        this.redactor =
                new Redactor(List.of(config.password(), authorization, authorization.substring("Basic ".length())));
        HttpUrl base = HttpUrl.get(config.baseUrl().toString());
        this.accountUrl = base.newBuilder()
                .addPathSegment("2010-04-01")
                .addPathSegment("Accounts")
                .addPathSegment(config.accountSid() + ".json")
                .build();
        this.messagesUrl = base.newBuilder()
                .addPathSegment("2010-04-01")
                .addPathSegment("Accounts")
                .addPathSegment(config.accountSid())
                .addPathSegment("Messages.json")
                .build();
    }

    /** The configured channel name, {@code sms} by default. */
    @Override
    public String name() {
        return config.name();
    }

    /** The configured kinds; by default TRIGGER, REMINDER, RESOLVE and TEST. */
    @Override
    public Set<DeliveryKind> supportedKinds() {
        return config.supportedKinds();
    }

    /** Sends the text to every recipient; never throws. See the class comment for outcomes. */
    @Override
    public SendResult send(Notification notification) {
        SendResult result;
        try {
            String text = text(notification, config.maxSegments());
            List<SendResult> results = new ArrayList<>();
            for (String to : config.to()) {
                SendResult one;
                try {
                    one = post(to, text);
                } catch (Exception e) {
                    one = HttpSupport.ioFailure(name(), e, redactor);
                }
                results.add(masked(one));
            }
            result = combine(results, config.to());
        } catch (Exception e) {
            result = HttpSupport.ioFailure(name(), e, redactor);
        }
        return Outcomes.log(LOG, name(), notification, masked(result));
    }

    private SendResult post(String to, String text) throws Exception {
        FormBody.Builder form = new FormBody.Builder().add("To", to).add("Body", text);
        if (config.messagingServiceSid() != null) {
            form.add("MessagingServiceSid", config.messagingServiceSid());
        } else {
            form.add("From", java.util.Objects.requireNonNull(config.from()));
        }
        Request request = new Request.Builder()
                .url(messagesUrl)
                .header("Authorization", authorization)
                .header("User-Agent", HttpSupport.USER_AGENT)
                .post(form.build())
                .build();
        try (Response response = client.newCall(request).execute()) {
            if (response.isSuccessful()) {
                return SendResult.sent();
            }
            String reason = HttpSupport.detail(
                    redactor.redact(twilioError(response.code(), HttpSupport.bodyText(response, 4096))));
            return HttpSupport.classify(response.code(), reason, response.header("Retry-After"), config.clock());
        }
    }

    /** {@code Twilio error 21211: message (HTTP 400)}, or the status and raw body when not JSON. */
    private static String twilioError(int status, String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node.has("code") && !node.path("code").isNull()) {
                return "Twilio error " + node.path("code").asString() + ": "
                        + node.path("message").asString("") + " (HTTP " + status + ")";
            }
        } catch (RuntimeException notJson) {
            // fall through to the raw body
        }
        return "Twilio answered HTTP " + status + (body.isBlank() ? "" : ": " + body);
    }

    /** Combines per-recipient results as the class comment describes; package-private for tests. */
    static SendResult combine(List<SendResult> results, List<String> recipients) {
        int sent = 0;
        Duration delay = null;
        String firstTemporary = null;
        String firstPermanent = null;
        int temporary = 0;
        int permanent = 0;
        for (int i = 0; i < results.size(); i++) {
            String who = mask(recipients.get(i));
            switch (results.get(i)) {
                case SendResult.Sent s -> sent++;
                case SendResult.RetryLater r -> {
                    temporary++;
                    if (firstTemporary == null) {
                        firstTemporary = who + ": " + r.reason();
                    }
                    if (r.delay() != null && (delay == null || r.delay().compareTo(delay) > 0)) {
                        delay = r.delay();
                    }
                }
                case SendResult.Failed f -> {
                    permanent++;
                    if (firstPermanent == null) {
                        firstPermanent = who + ": " + f.reason();
                    }
                }
            }
        }
        int total = results.size();
        if (sent == total) {
            return SendResult.sent();
        }
        if (total == 1) {
            return results.get(0);
        }
        String summary = (total - sent) + " of " + total + " recipient(s) failed, " + sent + " sent; ";
        if (temporary > 0) {
            String reason = summary + firstTemporary + (permanent > 0 ? "; also " + firstPermanent : "");
            return delay == null ? SendResult.retryLater(reason) : SendResult.retryAfter(delay, reason);
        }
        return SendResult.failed(summary + firstPermanent);
    }

    /** {@code +*******0100}: enough to tell recipients apart in a reason. */
    static String mask(String number) {
        int keep = Math.min(4, number.length() - 1);
        return "+" + "*".repeat(number.length() - 1 - keep) + number.substring(number.length() - keep);
    }

    /**
     * The text with every phone number masked to its last four digits: the configured numbers (with
     * or without their {@code +}, as Twilio quotes them in error messages such as 21211's "The 'To'
     * number ... is not a valid phone number") and anything else shaped like an E.164 number.
     */
    String maskNumbers(String text) {
        String out = text;
        for (String number : numbers) {
            out = out.replace(number, mask(number)).replace(number.substring(1), mask(number));
        }
        return E164_IN_TEXT.matcher(out).replaceAll(m -> mask(m.group()));
    }

    private SendResult masked(SendResult result) {
        return switch (result) {
            case SendResult.Sent s -> s;
            case SendResult.RetryLater r ->
                r.delay() == null
                        ? SendResult.retryLater(maskNumbers(r.reason()))
                        : SendResult.retryAfter(r.delay(), maskNumbers(r.reason()));
            case SendResult.Failed f -> SendResult.failed(maskNumbers(f.reason()));
        };
    }

    /** The SMS text, cut to {@code maxSegments}; package-private for tests. */
    static String text(Notification n, int maxSegments) {
        AlertRecord a = n.alert();
        String head = Texts.headline(n) + (a.component() == null ? "" : " [" + Texts.oneLine(a.component()) + "]");
        String tail = link(n);
        return SmsText.fit(head, tail, maxSegments);
    }

    private static String link(Notification n) {
        return n.dashboardLink() == null ? "" : "\n" + n.dashboardLink();
    }

    /**
     * Fetches the account resource with the configured credentials: 200 is UP, 401/403 is DOWN
     * ("credentials rejected"), 429 is DEGRADED, anything else or an I/O error is DOWN. Sends no
     * message. Never throws.
     */
    @Override
    public Optional<HealthReport> checkHealth() {
        Request request = new Request.Builder()
                .url(accountUrl)
                .header("Authorization", authorization)
                .header("User-Agent", HttpSupport.USER_AGENT)
                .get()
                .build();
        return HealthProbe.run(client, request, config, "Twilio", redactor, answer -> {
            if (answer.response().isSuccessful()) {
                return answer.up();
            }
            int code = answer.code();
            String message = code == 401 || code == 403
                    ? "Twilio rejected the credentials (HTTP " + code + ")"
                    : answer.answeredHttp();
            return answer.report(code == 429 ? HealthStatus.DEGRADED : HealthStatus.DOWN, message);
        });
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        HttpSupport.close(client);
    }
}
