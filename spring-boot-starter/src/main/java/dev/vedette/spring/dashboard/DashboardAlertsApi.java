package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardParams.blank;
import static dev.vedette.spring.dashboard.DashboardParams.limit;
import static dev.vedette.spring.dashboard.DashboardSessionApi.user;

import dev.vedette.Monitor;
import dev.vedette.alerting.SendResult;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.Severity;
import dev.vedette.store.AlertQuery;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code {base}/api/alerts}, {@code /silences}, {@code /channels} and {@code /audit}: the alerts page.
 * Every action is audited with the dashboard user's name.
 */
@DashboardApi
public class DashboardAlertsApi {
    private static final long DEFAULT_SILENCE_MINUTES = 60;
    private static final long MAX_SILENCE_MINUTES = 43_200;

    private final Monitor monitor;

    DashboardAlertsApi(Monitor monitor) {
        this.monitor = monitor;
    }

    /**
     * The body of {@code POST /api/silences}: either {@code alertId} (silences alerts with its title
     * and component) or explicit {@code matchers}, a duration in minutes and a reason.
     *
     * @param alertId an alert whose title and component become the matchers
     * @param matchers label matchers (severity, component, source, title or any label)
     * @param minutes duration, 1 to 43200 (30 days)
     * @param reason why, shown in the list and the audit log
     */
    public record SilenceRequest(
            @Nullable String alertId,
            @Nullable Map<String, String> matchers,
            @Nullable Long minutes,
            @Nullable String reason) {}

    /**
     * A silence that was ended.
     *
     * @param id the silence
     * @param deleted always true
     */
    public record Deleted(String id, boolean deleted) {}

    /**
     * The notification channels and the routing table.
     *
     * @param items channels, each {@code {name}}
     * @param routes the routes, as text
     * @param deliveryCounts deliveries per state
     */
    public record Channels(List<Channel> items, List<String> routes, Map<String, Long> deliveryCounts) {}

    /**
     * A notification channel.
     *
     * @param name channel name
     */
    public record Channel(String name) {}

    /**
     * What a channel answered to a test notification.
     *
     * @param channel channel name
     * @param result SENT, RETRY_LATER or FAILED
     * @param reason the channel's reason, null when sent
     */
    public record TestResult(
            String channel, String result, @Nullable String reason) {}

    /**
     * An audit entry.
     *
     * @param id entry id
     * @param at ISO instant
     * @param actor who
     * @param action what
     * @param target on what
     * @param details details
     */
    public record AuditView(
            long id,
            String at,
            String actor,
            String action,
            @Nullable String target,
            Map<String, Object> details) {
        static AuditView of(AuditEntry e) {
            return new AuditView(e.id(), e.at().toString(), e.actor(), e.action(), e.target(), e.details());
        }
    }

    /** Alerts: {@code state=active} (default, open and acknowledged), {@code resolved} or {@code all}. */
    @GetMapping("/alerts")
    public PageView<AlertView> alerts(
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable List<String> severity,
            @RequestParam(required = false) @Nullable String component,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        String st = state == null || blank(state) == null ? "active" : state.toLowerCase(Locale.ROOT);
        Set<AlertStatus> statuses = switch (st) {
            case "active" -> Set.of(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED);
            case "resolved" -> Set.of(AlertStatus.RESOLVED);
            case "all" -> Set.of();
            default ->
                throw new IllegalArgumentException("state must be one of active, resolved, all, was '" + state + "'");
        };
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        for (String s : DashboardParams.split(severity)) {
            severities.add(DashboardParams.enumValue(Severity.class, "severity", s));
        }
        AlertQuery query =
                new AlertQuery(statuses, severities, blank(component), null, null, limit(limit), blank(after));
        return PageView.of(monitor.alerts().search(query), AlertView::of);
    }

    /** One alert with the state of its deliveries per channel. */
    @GetMapping("/alerts/{id}")
    public AlertView.Detail alert(@PathVariable String id) {
        AlertRecord a = monitor.alerts().get(id).orElseThrow(() -> DashboardProblems.notFound("alert", id));
        return new AlertView.Detail(
                AlertView.of(a),
                monitor.alerts().deliveries(id).stream()
                        .map(AlertView.DeliveryView::of)
                        .toList());
    }

    /** Acknowledges an open alert: reminders stop. 409 if it is not open, 404 if there is no such alert. */
    @PostMapping("/alerts/{id}/acknowledge")
    public AlertView.Detail acknowledge(@PathVariable String id, HttpServletRequest request) {
        if (monitor.alerts().acknowledge(id, user(request)).isEmpty()) {
            throw unchanged(id, "acknowledged", "it is not OPEN");
        }
        return alert(id);
    }

    /**
     * Resolves an active alert: channels that were notified get a resolve message. 409 if it is
     * already resolved, 404 if there is no such alert.
     */
    @PostMapping("/alerts/{id}/resolve")
    public AlertView.Detail resolve(@PathVariable String id, HttpServletRequest request) {
        if (monitor.alerts().resolve(id, user(request)).isEmpty()) {
            throw unchanged(id, "resolved", "it is already RESOLVED");
        }
        return alert(id);
    }

    private ErrorResponseException unchanged(String id, String verb, String why) {
        if (monitor.alerts().get(id).isEmpty()) {
            return DashboardProblems.notFound("alert", id);
        }
        return DashboardProblems.failure(HttpStatus.CONFLICT, "alert '" + id + "' was not " + verb + ": " + why);
    }

    /** Silences that have not ended. */
    @GetMapping("/silences")
    public ItemsView<AlertView.SilenceView> silences() {
        return new ItemsView<>(monitor.alerts().silences().stream()
                .map(AlertView.SilenceView::of)
                .toList());
    }

    /** Creates a silence. */
    @PostMapping("/silences")
    public AlertView.SilenceView silence(@RequestBody SilenceRequest body, HttpServletRequest request) {
        Map<String, String> matchers = new TreeMap<>();
        String alertId = body.alertId();
        if (alertId != null) {
            AlertRecord a =
                    monitor.alerts().get(alertId).orElseThrow(() -> DashboardProblems.notFound("alert", alertId));
            matchers.put("title", a.title());
            if (a.component() != null) {
                matchers.put("component", a.component());
            }
        }
        if (body.matchers() != null) {
            matchers.putAll(body.matchers());
        }
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs alertId or at least one matcher");
        }
        long minutes = body.minutes() == null ? DEFAULT_SILENCE_MINUTES : body.minutes();
        if (minutes < 1 || minutes > MAX_SILENCE_MINUTES) {
            throw new IllegalArgumentException(
                    "minutes must be between 1 and " + MAX_SILENCE_MINUTES + ", was " + minutes);
        }
        return AlertView.SilenceView.of(
                monitor.alerts().silence(matchers, Duration.ofMinutes(minutes), user(request), blank(body.reason())));
    }

    /** Ends a silence early. */
    @PostMapping("/silences/{id}/delete")
    public Deleted unsilence(@PathVariable String id, HttpServletRequest request) {
        if (!monitor.alerts().unsilence(id, user(request))) {
            throw DashboardProblems.notFound("silence", id);
        }
        return new Deleted(id, true);
    }

    /** The configured notification channels and the routing table. */
    @GetMapping("/channels")
    public Channels channels() {
        Map<String, Long> counts = new TreeMap<>();
        monitor.alerts().deliveryCounts().forEach((s, n) -> counts.put(s.name(), n));
        return new Channels(
                monitor.alerts().channels().stream().map(Channel::new).toList(),
                monitor.alerts().routes().stream().map(Object::toString).toList(),
                counts);
    }

    /** Sends a test notification to one channel now and reports what the channel answered. */
    @PostMapping("/channels/{channel}/test")
    public TestResult sendTest(@PathVariable String channel, HttpServletRequest request) {
        if (!monitor.alerts().channels().contains(channel)) {
            throw DashboardProblems.notFound("channel", channel);
        }
        return switch (monitor.alerts().sendTest(channel, user(request))) {
            case SendResult.Sent s -> new TestResult(channel, "SENT", null);
            case SendResult.RetryLater l -> new TestResult(channel, "RETRY_LATER", l.reason());
            case SendResult.Failed f -> new TestResult(channel, "FAILED", f.reason());
        };
    }

    /** Audit entries (who did what from the dashboard and elsewhere), newest first. */
    @GetMapping("/audit")
    public PageView<AuditView> audit(
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        return PageView.of(monitor.audit(limit(limit), blank(after)), AuditView::of);
    }
}
