package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardParams.blank;
import static dev.vedette.spring.dashboard.DashboardParams.limit;

import dev.vedette.Monitor;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.LogLevel;
import dev.vedette.store.LogQuery;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code {base}/api/errors}, {@code /quarantine} and {@code /logs}: the errors and logs page. */
@DashboardApi
public class DashboardErrorsApi {
    private final Monitor monitor;
    private final DashboardViews views;
    private final DashboardParams params;

    DashboardErrorsApi(Monitor monitor, DashboardViews views, DashboardParams params) {
        this.monitor = monitor;
        this.views = views;
        this.params = params;
    }

    /** Error groups, newest first; {@code status} filters (default: all). */
    @GetMapping("/errors")
    public PageView<ErrorGroupView> errors(
            @RequestParam(required = false) @Nullable List<String> status,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        Set<ErrorGroupStatus> statuses = EnumSet.noneOf(ErrorGroupStatus.class);
        for (String s : DashboardParams.split(status)) {
            statuses.add(DashboardParams.enumValue(ErrorGroupStatus.class, "status", s));
        }
        return PageView.of(monitor.errors().groups(statuses, limit(limit), blank(after)), ErrorGroupView::of);
    }

    /** One error group with its last stack trace. */
    @GetMapping("/errors/{fingerprint}")
    public ErrorGroupView.Detail error(@PathVariable String fingerprint) {
        return monitor.errors()
                .group(fingerprint)
                .map(ErrorGroupView.Detail::of)
                .orElseThrow(() -> DashboardProblems.notFound("error group", fingerprint));
    }

    /** Marks an error group resolved (a new occurrence regresses it). */
    @PostMapping("/errors/{fingerprint}/resolve")
    public ErrorGroupView.Detail resolveError(@PathVariable String fingerprint, HttpServletRequest request) {
        if (!monitor.errors().resolve(fingerprint, DashboardSessionApi.user(request))) {
            throw DashboardProblems.notFound("error group", fingerprint);
        }
        return error(fingerprint);
    }

    /** Ignores an error group. */
    @PostMapping("/errors/{fingerprint}/ignore")
    public ErrorGroupView.Detail ignoreError(@PathVariable String fingerprint, HttpServletRequest request) {
        if (!monitor.errors().ignore(fingerprint, DashboardSessionApi.user(request))) {
            throw DashboardProblems.notFound("error group", fingerprint);
        }
        return error(fingerprint);
    }

    /** Records the store refused for good and the pipeline set aside, newest first; from memory. */
    @GetMapping("/quarantine")
    public QuarantineView quarantine() {
        return QuarantineView.of(monitor);
    }

    /** Log entries, newest first, filtered by minimum level, component, transaction, text and time. */
    @GetMapping("/logs")
    public PageView<ErrorGroupView.LogView> logs(
            @RequestParam(required = false) @Nullable String level,
            @RequestParam(required = false) @Nullable String component,
            @RequestParam(required = false) @Nullable String transactionId,
            @RequestParam(required = false) @Nullable String q,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        String lv = blank(level);
        LogQuery query = new LogQuery(
                lv == null ? null : DashboardParams.enumValue(LogLevel.class, "level", lv),
                blank(component),
                blank(transactionId),
                blank(q),
                params.instant("from", from, false),
                params.instant("to", to, true),
                limit(limit),
                blank(after));
        return PageView.of(monitor.errors().logs(query), l -> ErrorGroupView.LogView.of(l, views));
    }
}
