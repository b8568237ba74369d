package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardViews.obj;

import dev.vedette.Monitor;
import dev.vedette.alerting.SendResult;
import dev.vedette.analytics.Analytics;
import dev.vedette.analytics.Comparison;
import dev.vedette.analytics.CsvExport;
import dev.vedette.analytics.CsvWriter;
import dev.vedette.analytics.Funnel;
import dev.vedette.analytics.Interval;
import dev.vedette.analytics.Kpis;
import dev.vedette.analytics.Segment;
import dev.vedette.analytics.TimeSeries;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AlertStatus;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ComponentState;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.HealthStats;
import dev.vedette.model.LogLevel;
import dev.vedette.model.MonitorStats;
import dev.vedette.model.Severity;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.model.StoredTransaction;
import dev.vedette.model.TransactionStatus;
import dev.vedette.store.AlertQuery;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import dev.vedette.store.TransactionQuery;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The dashboard's JSON API under {@code {base-path}/api}. Every list is bounded ({@code limit} at
 * most {@value #MAX_LIMIT}) and keyset-paged with the store's cursors; every action is a POST,
 * needs the CSRF token (see {@link DashboardFilter}) and is audited with the dashboard user's name.
 * The endpoints and shapes are documented in {@code docs/dashboard.md}.
 */
@RestController
@Conditional(NotComponentScanned.class)
@RequestMapping("/api")
public class DashboardApiController {
    /** Largest page any list endpoint returns. */
    public static final int MAX_LIMIT = 200;

    private static final int DEFAULT_LIMIT = 50;
    private static final String SPRING_CSRF_ATTRIBUTE = "org.springframework.security.web.csrf.CsrfToken";
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,9})?");
    private static final int AMOUNT_SCALE = 4;
    private static final BigDecimal AMOUNT_STEP = BigDecimal.ONE.movePointLeft(AMOUNT_SCALE);
    private static final BigDecimal AMOUNT_LIMIT = BigDecimal.ONE.movePointRight(26);
    private static final List<String> KNOWN_STATUSES = Stream.of(
                    TransactionStatus.COMPLETED,
                    TransactionStatus.PENDING,
                    TransactionStatus.FAILED,
                    TransactionStatus.ERROR,
                    TransactionStatus.REFUNDED)
            .map(TransactionStatus::code)
            .toList();
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private final Monitor monitor;
    private final Analytics analytics;
    private final DashboardSettings settings;
    private final DashboardAccess access;
    private final DashboardViews views;
    private final ZoneId zone;
    private final String zoneName;

    DashboardApiController(Monitor monitor, Analytics analytics, DashboardSettings settings, DashboardAccess access) {
        this.monitor = monitor;
        this.analytics = analytics;
        this.settings = settings;
        this.access = access;
        this.views = new DashboardViews(settings.maskEmails());
        this.zone = analytics.zone();
        this.zoneName = browserZone(zone);
    }

    /**
     * The business zone as an id that browsers' {@code Intl} accepts: region ids as they are, {@code Z}
     * as {@code UTC}, whole-hour offsets as {@code Etc/GMT-9} (POSIX sign), other offsets as {@code +05:30}.
     */
    static String browserZone(ZoneId zone) {
        ZoneId z = zone.normalized();
        if (z instanceof ZoneOffset offset) {
            int seconds = offset.getTotalSeconds();
            if (seconds == 0) {
                return "UTC";
            }
            if (seconds % 3600 == 0) {
                int hours = seconds / 3600;
                return "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours);
            }
            return offset.getId();
        }
        return z.getId();
    }

    // ------------------------------------------------------------------ session

    /** Who is signed in, the CSRF token to send back, and settings the pages need. */
    @GetMapping("/session")
    public Map<String, Object> session(HttpServletRequest request, HttpServletResponse response) {
        Map<String, Object> m = obj(
                "user", user(request),
                "mode", access.mode().name(),
                "csrfHeader", DashboardAccess.CSRF_HEADER,
                "csrfToken", access.csrfToken(request, response),
                "basePath", request.getContextPath() + access.basePath(),
                "maskEmails", settings.maskEmails(),
                "zone", zoneName,
                "channels", List.copyOf(monitor.alerts().channels()),
                "logout", access.loginFormEnabled() && access.mode() == DashboardAccess.Mode.TOKEN);
        Object springToken = request.getAttribute(SPRING_CSRF_ATTRIBUTE);
        if (springToken != null) {
            m.put("springCsrf", springCsrf(springToken));
        }
        return m;
    }

    private static @Nullable Map<String, Object> springCsrf(Object token) {
        try {
            Class<?> type =
                    Class.forName(SPRING_CSRF_ATTRIBUTE, false, token.getClass().getClassLoader());
            Method header = type.getMethod("getHeaderName");
            Method value = type.getMethod("getToken");
            return obj("headerName", header.invoke(token), "token", value.invoke(token));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ overview

    /** Today's figures, the last 24 hours, hourly trend, active alerts and status lights; from rollups only. */
    @GetMapping("/overview")
    public Map<String, Object> overview() {
        Instant now = monitor.clock().instant();
        Instant startOfDay = LocalDate.ofInstant(now, zone).atStartOfDay(zone).toInstant();
        Instant dayAgo = now.minus(Duration.ofHours(24));
        Instant trendFrom = Interval.HOUR.start(now.minus(Duration.ofHours(23)), zone);
        List<Map<String, Object>> trend = new ArrayList<>();
        for (TimeSeries.Point p :
                analytics.series(trendFrom, now, Interval.HOUR).points()) {
            trend.add(point(p));
        }
        List<AlertRecord> active = monitor.alerts().active();
        Map<String, Object> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            bySeverity.put(
                    s.name(), active.stream().filter(a -> a.severity() == s).count());
        }
        List<ComponentState> components = monitor.health().components();
        MonitorStats stats = monitor.stats();
        return obj(
                "generatedAt", now.toString(),
                "zone", zoneName,
                "today", with(DashboardViews.totals(analytics.totals(startOfDay, now)), "from", startOfDay.toString()),
                "last24h", with(DashboardViews.totals(analytics.totals(dayAgo, now)), "from", dayAgo.toString()),
                "trend", trend,
                "alerts",
                        obj(
                                "active",
                                active.size(),
                                "bySeverity",
                                bySeverity,
                                "items",
                                active.stream()
                                        .limit(5)
                                        .map(DashboardViews::alert)
                                        .toList()),
                "health",
                        obj(
                                "status",
                                monitor.health().status().code(),
                                "light",
                                DashboardViews.light(monitor.health().status().code()),
                                "components",
                                components.stream()
                                        .map(DashboardViews::component)
                                        .toList()),
                "pipeline",
                        obj(
                                "accepted", stats.accepted(),
                                "written", stats.written(),
                                "dropped", stats.dropped(),
                                "writeFailures", stats.writeFailures(),
                                "queueDepth", stats.queueDepth(),
                                "queueCapacity", stats.queueCapacity(),
                                "lastWriteError", stats.lastWriteError()));
    }

    private static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
        m.put(key, value);
        return m;
    }

    private static Map<String, Object> point(TimeSeries.Point p) {
        return obj(
                "start", p.start().toString(),
                "end", p.end().toString(),
                "label", p.label(),
                "transactions", p.totals().transactions(),
                "succeeded", p.totals().succeeded(),
                "failed", p.totals().failed(),
                "successRate", DashboardViews.rate(p.totals().successRate()),
                "revenue", DashboardViews.amounts(p.totals().revenue()));
    }

    // ------------------------------------------------------------------ transactions

    /** Transactions matching the filters, newest first, one keyset page. */
    @GetMapping("/transactions")
    public Map<String, Object> transactions(
            @RequestParam(required = false) @Nullable List<String> status,
            @RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String provider,
            @RequestParam(required = false) @Nullable String providerId,
            @RequestParam(required = false) @Nullable String method,
            @RequestParam(required = false) @Nullable String currency,
            @RequestParam(required = false) @Nullable String min,
            @RequestParam(required = false) @Nullable String max,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        TransactionQuery query = transactionQuery(
                status, email, provider, providerId, method, currency, min, max, from, to, q, limit(limit), after);
        Page<StoredTransaction> page = monitor.transactions().search(query);
        Map<String, Object> m =
                obj("items", page.items().stream().map(views::transaction).toList(), "nextCursor", page.nextCursor());
        String text = blank(q);
        if (text != null && after == null) {
            m.put(
                    "match",
                    monitor.transactions().get(text).map(views::transaction).orElse(null));
        }
        return m;
    }

    /** One transaction with its whole timeline and metadata. */
    @GetMapping("/transactions/{id}")
    public Map<String, Object> transaction(@PathVariable String id) {
        return monitor.transactions()
                .get(id)
                .map(views::transactionDetail)
                .orElseThrow(() -> notFound("transaction", id));
    }

    TransactionQuery transactionQuery(
            @Nullable List<String> status,
            @Nullable String email,
            @Nullable String provider,
            @Nullable String providerId,
            @Nullable String method,
            @Nullable String currency,
            @Nullable String min,
            @Nullable String max,
            @Nullable String from,
            @Nullable String to,
            @Nullable String q,
            int limit,
            @Nullable String after) {
        TransactionQuery.Builder b = TransactionQuery.builder();
        for (String s : split(status)) {
            b.status(transactionStatus(s));
        }
        Instant fromTime = instant("from", from, false);
        Instant toTime = instant("to", to, true);
        checkOrder(fromTime, from, toTime, to);
        BigDecimal minAmount = amount("min", min, RoundingMode.CEILING);
        BigDecimal maxAmount = amount("max", max, RoundingMode.FLOOR);
        if (minAmount != null && maxAmount != null && minAmount.compareTo(maxAmount) > 0) {
            throw new IllegalArgumentException("min must not be greater than max, was "
                    + minAmount.stripTrailingZeros().toPlainString() + " > "
                    + maxAmount.stripTrailingZeros().toPlainString());
        }
        b.customerEmail(blank(email))
                .provider(blank(provider))
                .providerId(blank(providerId))
                .paymentMethod(blank(method))
                .currency(currency(currency))
                .amountBetween(minAmount, maxAmount)
                .createdBetween(fromTime, toTime)
                .text(blank(q))
                .limit(limit)
                .after(blank(after));
        return b.build();
    }

    // ------------------------------------------------------------------ health

    /** Every component with its status light, last report and uptime over 24 h / 7 d / 30 d. */
    @GetMapping("/health")
    public Map<String, Object> health() {
        List<Map<String, Object>> components = new ArrayList<>();
        for (ComponentState c : monitor.health().components()) {
            Map<String, Object> m = DashboardViews.component(c);
            m.put("uptime", UptimeView.of(monitor.health(), c.component()));
            components.add(m);
        }
        String status = monitor.health().status().code();
        return obj("status", status, "light", DashboardViews.light(status), "components", components);
    }

    /** One component: samples for the response-time chart and history, and statistics over the window. */
    @GetMapping("/health/{component}")
    public Map<String, Object> component(
            @PathVariable String component,
            @RequestParam(required = false) @Nullable Integer hours,
            @RequestParam(required = false) @Nullable Integer limit) {
        ComponentState state =
                monitor.health().component(component).orElseThrow(() -> notFound("component", component));
        int h = hours == null ? 24 : hours;
        if (h < 1 || h > 24 * 30) {
            throw new IllegalArgumentException("hours must be between 1 and 720, was '" + h + "'");
        }
        Instant now = monitor.clock().instant();
        Instant from = now.minus(Duration.ofHours(h));
        HealthStats stats = monitor.health().stats(component, from, now);
        Map<String, Object> byStatus = new TreeMap<>();
        stats.samplesByStatus().forEach((s, n) -> byStatus.put(s.code(), n));
        Map<String, Object> m = DashboardViews.component(state);
        m.put("uptime", UptimeView.of(monitor.health(), component));
        m.put(
                "window",
                obj(
                        "from", from.toString(),
                        "to", now.toString(),
                        "samples", stats.samples(),
                        "byStatus", byStatus,
                        "uptime", DashboardViews.rate(stats.uptime()),
                        "p50Ms", DashboardViews.millis(stats.responseTime().percentile(0.50)),
                        "p95Ms", DashboardViews.millis(stats.responseTime().percentile(0.95)),
                        "p99Ms", DashboardViews.millis(stats.responseTime().percentile(0.99))));
        m.put(
                "samples",
                monitor.health().samples(component, from, now, limit(limit == null ? MAX_LIMIT : limit)).stream()
                        .map(DashboardViews::report)
                        .toList());
        return m;
    }

    // ------------------------------------------------------------------ errors and logs

    /** Error groups, newest first; {@code status} filters (default: all). */
    @GetMapping("/errors")
    public Map<String, Object> errors(
            @RequestParam(required = false) @Nullable List<String> status,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        Set<ErrorGroupStatus> statuses = EnumSet.noneOf(ErrorGroupStatus.class);
        for (String s : split(status)) {
            statuses.add(enumValue(ErrorGroupStatus.class, "status", s));
        }
        Page<ErrorGroup> page = monitor.errors().groups(statuses, limit(limit), blank(after));
        return obj(
                "items",
                page.items().stream()
                        .map(g -> DashboardViews.errorGroup(g, false))
                        .toList(),
                "nextCursor",
                page.nextCursor());
    }

    /** One error group with its last stack trace. */
    @GetMapping("/errors/{fingerprint}")
    public Map<String, Object> error(@PathVariable String fingerprint) {
        return monitor.errors()
                .group(fingerprint)
                .map(g -> DashboardViews.errorGroup(g, true))
                .orElseThrow(() -> notFound("error group", fingerprint));
    }

    /** Marks an error group resolved (a new occurrence regresses it). */
    @PostMapping("/errors/{fingerprint}/resolve")
    public Map<String, Object> resolveError(@PathVariable String fingerprint, HttpServletRequest request) {
        if (!monitor.errors().resolve(fingerprint, user(request))) {
            throw notFound("error group", fingerprint);
        }
        return error(fingerprint);
    }

    /** Ignores an error group. */
    @PostMapping("/errors/{fingerprint}/ignore")
    public Map<String, Object> ignoreError(@PathVariable String fingerprint, HttpServletRequest request) {
        if (!monitor.errors().ignore(fingerprint, user(request))) {
            throw notFound("error group", fingerprint);
        }
        return error(fingerprint);
    }

    /** Log entries, newest first, filtered by minimum level, component, transaction, text and time. */
    @GetMapping("/logs")
    public Map<String, Object> logs(
            @RequestParam(required = false) @Nullable String level,
            @RequestParam(required = false) @Nullable String component,
            @RequestParam(required = false) @Nullable String transactionId,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        String lv = blank(level);
        Page<StoredLogEntry> page = monitor.errors()
                .logs(new LogQuery(
                        lv == null ? null : enumValue(LogLevel.class, "level", lv),
                        blank(component),
                        blank(transactionId),
                        blank(q),
                        instant("from", from, false),
                        instant("to", to, true),
                        limit(limit),
                        blank(after)));
        return obj("items", page.items().stream().map(views::log).toList(), "nextCursor", page.nextCursor());
    }

    // ------------------------------------------------------------------ alerts

    /** Alerts: {@code state=active} (default, open and acknowledged), {@code resolved} or {@code all}. */
    @GetMapping("/alerts")
    public Map<String, Object> alerts(
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable List<String> severity,
            @RequestParam(required = false) @Nullable String component,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        String st = blank(state) == null ? "active" : state.toLowerCase(Locale.ROOT);
        Set<AlertStatus> statuses = switch (st) {
            case "active" -> Set.of(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED);
            case "resolved" -> Set.of(AlertStatus.RESOLVED);
            case "all" -> Set.of();
            default ->
                throw new IllegalArgumentException("state must be one of active, resolved, all, was '" + state + "'");
        };
        Set<Severity> severities = EnumSet.noneOf(Severity.class);
        for (String s : split(severity)) {
            severities.add(enumValue(Severity.class, "severity", s));
        }
        Page<AlertRecord> page = monitor.alerts()
                .search(new AlertQuery(statuses, severities, blank(component), null, null, limit(limit), blank(after)));
        return obj("items", page.items().stream().map(DashboardViews::alert).toList(), "nextCursor", page.nextCursor());
    }

    /** One alert with the state of its deliveries per channel. */
    @GetMapping("/alerts/{id}")
    public Map<String, Object> alert(@PathVariable String id) {
        AlertRecord a = monitor.alerts().get(id).orElseThrow(() -> notFound("alert", id));
        Map<String, Object> m = DashboardViews.alert(a);
        m.put(
                "deliveries",
                monitor.alerts().deliveries(id).stream()
                        .map(DashboardViews::delivery)
                        .toList());
        return m;
    }

    /** Acknowledges an open alert: reminders stop. 409 if it is not open, 404 if there is no such alert. */
    @PostMapping("/alerts/{id}/acknowledge")
    public Map<String, Object> acknowledge(@PathVariable String id, HttpServletRequest request) {
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
    public Map<String, Object> resolve(@PathVariable String id, HttpServletRequest request) {
        if (monitor.alerts().resolve(id, user(request)).isEmpty()) {
            throw unchanged(id, "resolved", "it is already RESOLVED");
        }
        return alert(id);
    }

    private ResponseStatusException unchanged(String id, String verb, String why) {
        if (monitor.alerts().get(id).isEmpty()) {
            return notFound("alert", id);
        }
        return new ResponseStatusException(HttpStatus.CONFLICT, "alert '" + id + "' was not " + verb + ": " + why);
    }

    /** Silences that have not ended. */
    @GetMapping("/silences")
    public Map<String, Object> silences() {
        return obj(
                "items",
                monitor.alerts().silences().stream()
                        .map(DashboardViews::silence)
                        .toList());
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

    /** Creates a silence. */
    @PostMapping("/silences")
    public Map<String, Object> silence(@RequestBody SilenceRequest body, HttpServletRequest request) {
        Map<String, String> matchers = new TreeMap<>();
        if (body.alertId() != null) {
            AlertRecord a = monitor.alerts().get(body.alertId()).orElseThrow(() -> notFound("alert", body.alertId()));
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
        long minutes = body.minutes() == null ? 60 : body.minutes();
        if (minutes < 1 || minutes > 43_200) {
            throw new IllegalArgumentException("minutes must be between 1 and 43200, was " + minutes);
        }
        return DashboardViews.silence(
                monitor.alerts().silence(matchers, Duration.ofMinutes(minutes), user(request), blank(body.reason())));
    }

    /** Ends a silence early. */
    @PostMapping("/silences/{id}/delete")
    public Map<String, Object> unsilence(@PathVariable String id, HttpServletRequest request) {
        if (!monitor.alerts().unsilence(id, user(request))) {
            throw notFound("silence", id);
        }
        return obj("id", id, "deleted", true);
    }

    /** The configured notification channels and the routing table. */
    @GetMapping("/channels")
    public Map<String, Object> channels() {
        Map<String, Object> counts = new TreeMap<>();
        monitor.alerts().deliveryCounts().forEach((s, n) -> counts.put(s.name(), n));
        return obj(
                "items",
                monitor.alerts().channels().stream().map(c -> obj("name", c)).toList(),
                "routes",
                monitor.alerts().routes().stream().map(Object::toString).toList(),
                "deliveryCounts",
                counts);
    }

    /** Sends a test notification to one channel now and reports what the channel answered. */
    @PostMapping("/channels/{channel}/test")
    public Map<String, Object> sendTest(@PathVariable String channel, HttpServletRequest request) {
        if (!monitor.alerts().channels().contains(channel)) {
            throw notFound("channel", channel);
        }
        SendResult r = monitor.alerts().sendTest(channel, user(request));
        return switch (r) {
            case SendResult.Sent s -> obj("channel", channel, "result", "SENT", "reason", null);
            case SendResult.RetryLater l -> obj("channel", channel, "result", "RETRY_LATER", "reason", l.reason());
            case SendResult.Failed f -> obj("channel", channel, "result", "FAILED", "reason", f.reason());
        };
    }

    /** Audit entries (who did what from the dashboard and elsewhere), newest first. */
    @GetMapping("/audit")
    public Map<String, Object> audit(
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        Page<AuditEntry> page = monitor.audit(limit(limit), blank(after));
        return obj(
                "items",
                page.items().stream()
                        .map(e -> obj(
                                "id", e.id(),
                                "at", e.at().toString(),
                                "actor", e.actor(),
                                "action", e.action(),
                                "target", e.target(),
                                "details", e.details()))
                        .toList(),
                "nextCursor",
                page.nextCursor());
    }

    // ------------------------------------------------------------------ analytics

    /**
     * Revenue and volume over the last {@code days} against the period before, success rates, provider
     * and payment-method performance, top failure reasons and the conversion funnel.
     */
    @GetMapping("/analytics")
    public Map<String, Object> analytics(
            @RequestParam(required = false) @Nullable Integer days,
            @RequestParam(required = false) @Nullable String interval) {
        int d = days == null ? 7 : days;
        if (d < 1 || d > 366) {
            throw new IllegalArgumentException("days must be between 1 and 366, was '" + d + "'");
        }
        Interval iv = blank(interval) == null
                ? (d <= 2 ? Interval.HOUR : Interval.DAY)
                : enumValue(Interval.class, "interval", interval);
        Instant now = monitor.clock().instant();
        Instant from = now.minus(Duration.ofDays(d));
        Instant previousFrom = from.minus(Duration.ofDays(d));
        Comparison cmp = analytics.compare(from, now);
        Kpis kpis = analytics.kpis(from, now);
        Funnel funnel = analytics.funnel(from, now, settings.funnelSteps());
        Map<String, Object> revenueChange = new LinkedHashMap<>();
        cmp.revenue().forEach((c, ch) -> revenueChange.put(c.getCurrencyCode(), change(ch)));
        return obj(
                "zone", zoneName,
                "from", from.toString(),
                "to", now.toString(),
                "previousFrom", previousFrom.toString(),
                "interval", iv.name(),
                "current", DashboardViews.totals(cmp.current()),
                "previous", DashboardViews.totals(cmp.previous()),
                "change",
                        obj(
                                "revenue", revenueChange,
                                "transactions", change(cmp.transactions()),
                                "paid", change(cmp.paid()),
                                "failed", change(cmp.failed()),
                                "successRatePoints", DashboardViews.rate(cmp.successRatePoints())),
                "series",
                        analytics.series(from, now, iv).points().stream()
                                .map(DashboardApiController::point)
                                .toList(),
                "previousSeries",
                        analytics.series(previousFrom, from, iv).points().stream()
                                .map(DashboardApiController::point)
                                .toList(),
                "providers",
                        kpis.providers().stream()
                                .map(DashboardApiController::segment)
                                .toList(),
                "paymentMethods",
                        kpis.paymentMethods().stream()
                                .map(DashboardApiController::segment)
                                .toList(),
                "topFailureReasons",
                        kpis.topFailureReasons().stream()
                                .map(f -> obj(
                                        "errorCode", f.errorCode(),
                                        "count", f.count(),
                                        "share", DashboardViews.rate(f.share()),
                                        "sampleMessage", f.sampleMessage()))
                                .toList(),
                "funnel",
                        obj(
                                "steps",
                                funnel.steps().stream()
                                        .map(s -> obj(
                                                "name", s.name(),
                                                "count", s.count(),
                                                "conversion", DashboardViews.rate(s.conversion()),
                                                "dropOff", DashboardViews.rate(s.dropOff())))
                                        .toList(),
                                "complete",
                                funnel.scan().complete(),
                                "rowsScanned",
                                funnel.scan().rowsScanned()),
                "scanComplete", kpis.scan().complete());
    }

    private static Map<String, Object> change(Comparison.Change c) {
        return obj(
                "current", c.current().toPlainString(),
                "previous", c.previous().toPlainString(),
                "percent", c.percent() == null ? null : DashboardViews.rate(c.percent()));
    }

    private static Map<String, Object> segment(Segment s) {
        return obj(
                "name", s.name(),
                "transactions", s.transactions(),
                "successRate", DashboardViews.rate(s.successRate()),
                "errorRate", DashboardViews.rate(s.errorRate()),
                "revenue", DashboardViews.amounts(s.revenue()),
                "p50Ms", DashboardViews.millis(s.p50()),
                "p95Ms", DashboardViews.millis(s.p95()),
                "p99Ms", DashboardViews.millis(s.p99()));
    }

    // ------------------------------------------------------------------ reports

    /**
     * Every transaction matching the same filters as {@code /api/transactions}, as RFC 4180 CSV,
     * streamed page by page; cells that a spreadsheet would run as a formula are neutralised.
     */
    @GetMapping(value = "/reports/transactions.csv")
    public ResponseEntity<StreamingResponseBody> transactionsCsv(
            @RequestParam(required = false) @Nullable List<String> status,
            @RequestParam(required = false) @Nullable String email,
            @RequestParam(required = false) @Nullable String provider,
            @RequestParam(required = false) @Nullable String providerId,
            @RequestParam(required = false) @Nullable String method,
            @RequestParam(required = false) @Nullable String currency,
            @RequestParam(required = false) @Nullable String min,
            @RequestParam(required = false) @Nullable String max,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String q) {
        TransactionQuery query = transactionQuery(
                status,
                email,
                provider,
                providerId,
                method,
                currency,
                min,
                max,
                from,
                to,
                q,
                TransactionQuery.MAX_LIMIT,
                null);
        StreamingResponseBody body = out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writeTransactions(query, w);
            w.flush();
        };
        return csv("transactions-" + LocalDate.ofInstant(monitor.clock().instant(), zone) + ".csv", body);
    }

    /** Key figures per day and currency over [{@code from}, {@code to}) (dates in the business zone), from rollups. */
    @GetMapping(value = "/reports/daily.csv")
    public ResponseEntity<StreamingResponseBody> dailyCsv(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        Instant now = monitor.clock().instant();
        Instant end = instant("to", to, true);
        Instant start = instant("from", from, false);
        Instant t = end == null ? now : end;
        Instant f = start == null
                ? LocalDate.ofInstant(t, zone).minusDays(29).atStartOfDay(zone).toInstant()
                : start;
        checkOrder(f, from == null ? f.toString() : from, t, to == null ? t.toString() : to);
        StreamingResponseBody body = out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            analytics.csv().kpisPerDay(f, t, w);
            w.flush();
        };
        return csv("daily-" + LocalDate.ofInstant(t, zone) + ".csv", body);
    }

    private void writeTransactions(TransactionQuery query, Writer out) {
        CsvWriter csv = new CsvWriter(out);
        csv.row(CsvExport.TRANSACTION_COLUMNS);
        String after = null;
        do {
            Page<StoredTransaction> page =
                    monitor.transactions().search(query.toBuilder().after(after).build());
            for (StoredTransaction t : page.items()) {
                var money = t.money();
                csv.row(
                        t.id(),
                        t.createdAt().toString(),
                        t.status().code(),
                        t.status().kind().name(),
                        money == null ? null : money.amount(),
                        money == null ? null : money.currency().getCurrencyCode(),
                        views.email(t.customerEmail()),
                        t.customerName(),
                        t.provider(),
                        t.providerOrderId(),
                        t.providerPaymentId(),
                        t.paymentMethod(),
                        t.errorCode(),
                        t.errorMessage(),
                        t.attempt() == 0 ? null : t.attempt(),
                        t.latency() == null ? null : t.latency().toMillis(),
                        t.completedAt() == null ? null : t.completedAt().toString(),
                        String.join(";", t.steps()));
            }
            after = page.nextCursor();
        } while (after != null);
        csv.flush();
    }

    private static ResponseEntity<StreamingResponseBody> csv(String filename, StreamingResponseBody body) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(body);
    }

    // ------------------------------------------------------------------ errors and parameters

    /** Bad parameters answer 400 with the reason. */
    @ExceptionHandler(IllegalArgumentException.class)
    @ResponseBody
    public ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_JSON)
                .body(obj("error", e.getMessage(), "status", 400));
    }

    /**
     * A parameter that Spring could not convert (a {@code limit} or {@code days} that is not a whole
     * number) answers 400 naming the parameter and the value, not the converter's message.
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    @ResponseBody
    public ResponseEntity<Map<String, Object>> badConversion(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type == Integer.class || type == int.class || type == Long.class || type == long.class
                ? "a whole number"
                : "a " + (type == null ? "valid value" : type.getSimpleName());
        return badRequest(new IllegalArgumentException(
                e.getName() + " must be " + expected + ", was '" + shorten(String.valueOf(e.getValue())) + "'"));
    }

    /** Unknown ids answer 404. */
    @ExceptionHandler(ResponseStatusException.class)
    @ResponseBody
    public ResponseEntity<Map<String, Object>> status(ResponseStatusException e) {
        return ResponseEntity.status(e.getStatusCode())
                .contentType(MediaType.APPLICATION_JSON)
                .body(obj("error", e.getReason(), "status", e.getStatusCode().value()));
    }

    private static ResponseStatusException notFound(String what, @Nullable String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no " + what + " '" + id + "'");
    }

    static String user(HttpServletRequest request) {
        Object u = request.getAttribute(DashboardFilter.USER_ATTRIBUTE);
        if (u == null) {
            throw new IllegalStateException("dashboard request without a user");
        }
        return u.toString();
    }

    private static int limit(@Nullable Integer limit) {
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (l < 1 || l > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was '" + l + "'");
        }
        return l;
    }

    private static @Nullable String blank(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static List<String> split(@Nullable List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
            }
        }
        return out;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    field + " must be one of " + EnumSet.allOf(type) + ", was '" + value + "'");
        }
    }

    private static @Nullable Currency currency(@Nullable String code) {
        String c = blank(code);
        if (c == null) {
            return null;
        }
        try {
            return Currency.getInstance(c.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was '" + code + "'");
        }
    }

    private static TransactionStatus transactionStatus(String code) {
        try {
            return TransactionStatus.of(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "status must be one of " + KNOWN_STATUSES + ", was '" + shorten(code) + "'");
        }
    }

    /**
     * An amount bound: a decimal number with ASCII digits, optionally signed and with an exponent
     * ({@code 12.50}, {@code -3}, {@code 1e2}, {@code 5E-1}), less than 10^26 in magnitude (the
     * stores keep 26 digits before the point and 4 after it). A bound with more than 4 decimals is
     * rounded so that it matches the same amounts: a minimum up, a maximum down.
     */
    private static @Nullable BigDecimal amount(String field, @Nullable String value, RoundingMode rounding) {
        String v = blank(value);
        if (v == null) {
            return null;
        }
        BigDecimal d;
        try {
            if (!DECIMAL.matcher(v).matches()) {
                throw new NumberFormatException();
            }
            d = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    field + " must be a decimal number such as 12.50 or 1e2, was '" + shorten(value) + "'");
        }
        if (d.abs().compareTo(AMOUNT_LIMIT) >= 0) {
            throw new IllegalArgumentException(
                    field + " must be less than 1e26 in magnitude, was '" + shorten(value) + "'");
        }
        if (d.signum() != 0 && d.abs().compareTo(AMOUNT_STEP) < 0) {
            // too small for setScale to be cheap with an exponent like 1e-999999999: round by hand
            boolean awayFromZero = (rounding == RoundingMode.CEILING) == (d.signum() > 0);
            return awayFromZero
                    ? AMOUNT_STEP.multiply(BigDecimal.valueOf(d.signum()))
                    : BigDecimal.ZERO.setScale(AMOUNT_SCALE);
        }
        return d.setScale(AMOUNT_SCALE, rounding);
    }

    /** Rejects a range whose start is not before its end, naming both as the client sent them. */
    private static void checkOrder(
            @Nullable Instant from, @Nullable String fromText, @Nullable Instant to, @Nullable String toText) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException(
                    "from must be before to, was '" + shorten(fromText) + "' and '" + shorten(toText) + "'");
        }
    }

    private static String shorten(@Nullable String value) {
        String v = String.valueOf(value);
        return v.length() > 64 ? v.substring(0, 61) + "..." : v;
    }

    /**
     * A date ({@code 2026-11-23}, in the business zone; an end date is inclusive) or an ISO instant
     * ({@code 2026-11-23T10:00:00Z}, or with an offset), between the years 1 and 9999.
     */
    private @Nullable Instant instant(String field, @Nullable String value, boolean end) {
        String v = blank(value);
        if (v == null) {
            return null;
        }
        try {
            if (v.length() == 10) {
                // dates are checked as dates: 0001-01-01 starts before year 1 in zones east of UTC
                LocalDate d = LocalDate.parse(v);
                if (d.getYear() < 1 || d.getYear() > 9999) {
                    throw outOfRange(field, value);
                }
                return (end ? d.plusDays(1) : d).atStartOfDay(zone).toInstant();
            }
            Instant t = Instant.parse(v);
            if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
                throw outOfRange(field, value);
            }
            return t;
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(field + " must be a date (2026-11-23) or an ISO-8601 instant"
                    + " (2026-11-23T10:00:00Z), was '" + shorten(value) + "'");
        }
    }

    private static IllegalArgumentException outOfRange(String field, @Nullable String value) {
        return new IllegalArgumentException(
                field + " must be between 0001-01-01 and 9999-12-31, was '" + shorten(value) + "'");
    }
}
