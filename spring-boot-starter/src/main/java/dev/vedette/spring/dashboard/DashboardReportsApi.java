package dev.vedette.spring.dashboard;

import dev.vedette.Monitor;
import dev.vedette.analytics.Analytics;
import dev.vedette.analytics.Reports;
import dev.vedette.store.TransactionQuery;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code {base}/api/reports}: the past daily and weekly reports with the delivery state of each
 * channel, and the reports page's downloads ({@code *.csv}), written by core's {@link
 * dev.vedette.analytics.CsvExport} (RFC 4180, cells a spreadsheet would run as a formula neutralised).
 */
@DashboardApi
public class DashboardReportsApi {
    private static final int DAILY_DAYS = 30;

    private final Monitor monitor;
    private final Analytics analytics;
    private final DashboardViews views;
    private final DashboardParams params;
    private final ZoneId zone;

    DashboardReportsApi(Monitor monitor, Analytics analytics, DashboardViews views, DashboardParams params) {
        this.monitor = monitor;
        this.analytics = analytics;
        this.views = views;
        this.params = params;
        this.zone = analytics.zone();
    }

    /** The reports the monitor rendered and planned, newest first, each with its deliveries per channel. */
    @GetMapping("/reports")
    public PageView<ReportView> reports(
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String after) {
        Reports reports = monitor.reports();
        return PageView.of(
                reports.history(DashboardParams.limit(limit), DashboardParams.blank(after)),
                r -> ReportView.of(r, reports));
    }

    /** One report with its plain-text and HTML parts and its deliveries; 404 if there is no such report. */
    @GetMapping("/reports/{id}")
    public ReportView.Detail report(@PathVariable String id) {
        Reports reports = monitor.reports();
        return reports.stored(id)
                .map(r -> ReportView.Detail.of(r, reports))
                .orElseThrow(() -> DashboardProblems.notFound("report", id));
    }

    /**
     * Every transaction matching the same filters as {@code /api/transactions}, streamed page by page,
     * with e-mail addresses masked when the dashboard masks them.
     */
    @GetMapping("/reports/transactions.csv")
    public ResponseEntity<StreamingResponseBody> transactionsCsv(TransactionFilter filter) {
        TransactionQuery query = filter.toQuery(params, TransactionQuery.MAX_LIMIT, null);
        return csv(
                "transactions-" + LocalDate.ofInstant(monitor.clock().instant(), zone) + ".csv",
                w -> monitor.analytics().csv().transactions(query, w, views::email));
    }

    /** Key figures per day and currency over [{@code from}, {@code to}) (dates in the business zone), from rollups. */
    @GetMapping("/reports/daily.csv")
    public ResponseEntity<StreamingResponseBody> dailyCsv(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        Instant end = params.instant("to", to, true);
        Instant start = params.instant("from", from, false);
        Instant t = end == null ? monitor.clock().instant() : end;
        Instant f = start == null
                ? LocalDate.ofInstant(t, zone)
                        .minusDays(DAILY_DAYS - 1)
                        .atStartOfDay(zone)
                        .toInstant()
                : start;
        DashboardParams.checkOrder(f, from == null ? f.toString() : from, t, to == null ? t.toString() : to);
        return csv(
                "daily-" + LocalDate.ofInstant(t, zone) + ".csv",
                w -> analytics.csv().kpisPerDay(f, t, w));
    }

    private static ResponseEntity<StreamingResponseBody> csv(String filename, Consumer<Writer> export) {
        StreamingResponseBody body = out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            export.accept(w);
            w.flush();
        };
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(body);
    }
}
