package dev.vedette.analytics;

import dev.vedette.health.UptimeReport;
import dev.vedette.internal.Html;
import dev.vedette.internal.Validate;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.Severity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link Report} as a subject line, a plain-text part and an HTML part (inline CSS, bar
 * charts made of HTML elements, no JavaScript, every value escaped). Stateless.
 */
final class ReportRenderer {
    private ReportRenderer() {}

    /**
     * Renders a report: subject {@code "[Product] Daily report 2026-03-29: revenue 1234.50 EUR (+17.4
     * %), success 97.2 %, 2 open alerts"}, a plain-text part and an HTML part.
     *
     * @throws IllegalArgumentException if report is null
     */
    static RenderedReport render(Report report) {
        Validate.notNull("report", report);
        return new RenderedReport(subject(report), text(report), html(report));
    }

    private static String kindName(Report r) {
        return r.kind() == Report.Kind.DAILY ? "Daily" : "Weekly";
    }

    private static String subject(Report r) {
        Totals t = r.kpis().totals();
        String s = "[" + r.productName() + "] " + kindName(r) + " report " + r.period() + ": revenue "
                + revenueWithChange(r) + ", success " + Amounts.percent(t.successRate()) + ", "
                + r.openAlertCount() + " open alert" + (r.openAlertCount() == 1 ? "" : "s");
        return s.replaceAll("[\\r\\n]", " ");
    }

    private static String revenueWithChange(Report r) {
        Map<Currency, Comparison.Change> changes = r.comparison().revenue();
        if (r.kpis().totals().revenue().isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        r.kpis().totals().revenue().forEach((c, amount) -> {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            Comparison.Change ch = changes.get(c);
            sb.append(amount.toPlainString())
                    .append(' ')
                    .append(c.getCurrencyCode())
                    .append(" (")
                    .append(ch == null ? "n/a" : ch.format())
                    .append(')');
        });
        return sb.toString();
    }

    private static String points(double pp) {
        return Double.isNaN(pp) ? "n/a" : String.format(Locale.ROOT, "%+.1f pp", pp);
    }

    private static String ms(@Nullable Duration d) {
        return d == null ? "n/a" : d.toMillis() + " ms";
    }

    private static String duration(@Nullable Duration d) {
        if (d == null) {
            return "n/a";
        }
        long s = d.toSeconds();
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min" : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }

    private static String text(Report r) {
        Kpis k = r.kpis();
        Totals t = k.totals();
        Comparison c = r.comparison();
        StringBuilder sb = new StringBuilder();
        sb.append(r.productName())
                .append(" - ")
                .append(kindName(r).toLowerCase(Locale.ROOT))
                .append(" report for ")
                .append(r.period())
                .append(" (")
                .append(r.zone().getId())
                .append(")\n\n");
        sb.append("Revenue: ").append(revenueWithChange(r)).append('\n');
        sb.append("Gross: ")
                .append(Amounts.format(t.gross()))
                .append("; refunds: ")
                .append(Amounts.format(t.refunds()))
                .append('\n');
        sb.append("Transactions: ")
                .append(t.transactions())
                .append(" (")
                .append(c.transactions().format())
                .append("): paid ")
                .append(t.paid())
                .append(", failed ")
                .append(t.failed())
                .append(", refunded ")
                .append(t.reversed())
                .append(", pending ")
                .append(t.pending())
                .append('\n');
        sb.append("Success rate: ")
                .append(Amounts.percent(t.successRate()))
                .append(" (")
                .append(points(c.successRatePoints()))
                .append(")\n");
        sb.append("Average order value: ")
                .append(Amounts.format(t.averageOrderValue()))
                .append('\n');
        sb.append("Customers: ")
                .append(k.uniqueCustomers())
                .append(" (paying ")
                .append(k.payingCustomers())
                .append(")\n\n");

        sb.append("Trend\n");
        long max = maxCount(r.trend());
        for (TimeSeries.Point p : r.trend().points()) {
            long n = p.totals().transactions();
            int width = max == 0 ? 0 : (int) Math.round(20.0 * n / max);
            sb.append(String.format(Locale.ROOT, "  %-16s %-20s %d", p.label(), "#".repeat(width), n));
            sb.append("  ").append(Amounts.format(p.totals().revenue())).append('\n');
        }
        sb.append('\n');

        sb.append("Top failure reasons\n");
        if (k.topFailureReasons().isEmpty()) {
            sb.append("  none\n");
        }
        for (Kpis.FailureReason f : k.topFailureReasons()) {
            sb.append("  ")
                    .append(f.errorCode())
                    .append(": ")
                    .append(f.count())
                    .append(" (")
                    .append(Amounts.percent(f.share()))
                    .append(")\n");
        }
        sb.append('\n');

        sb.append("Providers\n");
        if (k.providers().isEmpty()) {
            sb.append("  none\n");
        }
        for (Segment s : k.providers()) {
            sb.append("  ")
                    .append(s.name())
                    .append(": ")
                    .append(s.transactions())
                    .append(" transactions, success ")
                    .append(Amounts.percent(s.successRate()))
                    .append(", revenue ")
                    .append(Amounts.format(s.revenue()))
                    .append(", p95 ")
                    .append(ms(s.p95()))
                    .append('\n');
        }
        sb.append('\n');

        sb.append("Open alerts (").append(r.openAlertCount()).append(")\n");
        if (r.openAlerts().isEmpty()) {
            sb.append("  none\n");
        }
        for (AlertRecord a : r.openAlerts()) {
            sb.append("  ").append(alertLine(a)).append('\n');
        }
        sb.append('\n');

        sb.append("Uptime (24 h / 7 d / 30 d)\n");
        if (r.uptime().isEmpty()) {
            sb.append("  no components\n");
        }
        for (UptimeReport u : r.uptime()) {
            sb.append("  ")
                    .append(u.component())
                    .append(": ")
                    .append(Amounts.percent(u.last24h()))
                    .append(" / ")
                    .append(Amounts.percent(u.last7d()))
                    .append(" / ")
                    .append(Amounts.percent(u.last30d()))
                    .append('\n');
        }
        sb.append('\n');

        Operational.AlertStats st = r.alertStats();
        sb.append("Alerts raised: ")
                .append(st.raised())
                .append(" (critical ")
                .append(st.bySeverity().get(Severity.CRITICAL))
                .append(", high ")
                .append(st.bySeverity().get(Severity.HIGH))
                .append(", medium ")
                .append(st.bySeverity().get(Severity.MEDIUM))
                .append(", low ")
                .append(st.bySeverity().get(Severity.LOW))
                .append("); mean time to acknowledge ")
                .append(duration(st.meanTimeToAcknowledge()))
                .append(", to resolve ")
                .append(duration(st.meanTimeToResolve()))
                .append("\n\n");

        sb.append("Low-severity digest (").append(r.lowAlertCount()).append(")\n");
        if (r.lowAlerts().isEmpty()) {
            sb.append("  none\n");
        }
        for (AlertRecord a : r.lowAlerts()) {
            sb.append("  ").append(alertLine(a)).append('\n');
        }
        return sb.toString();
    }

    private static String alertLine(AlertRecord a) {
        return "[" + a.severity() + "] " + oneLine(a.title())
                + (a.component() == null ? "" : " (" + oneLine(a.component()) + ")") + ", " + a.status()
                + ", first seen " + a.firstSeen() + ", " + a.occurrences() + "x";
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\p{Cntrl}", " ");
    }

    private static long maxCount(TimeSeries s) {
        long max = 0;
        for (TimeSeries.Point p : s.points()) {
            max = Math.max(max, p.totals().transactions());
        }
        return max;
    }

    // ------------------------------------------------------------------ HTML

    private static final String TD = "<td style=\"padding:4px 8px;border-bottom:1px solid #eee\">";
    private static final String TH =
            "<th style=\"padding:4px 8px;text-align:left;border-bottom:2px solid #ccc;font-weight:600\">";

    /** Escapes text for HTML element content and quoted attribute values. */
    static String escape(@Nullable String s) {
        return Html.escape(s);
    }

    private static String html(Report r) {
        Kpis k = r.kpis();
        Totals t = k.totals();
        Comparison c = r.comparison();
        StringBuilder h = new StringBuilder(8192);
        String title = r.productName() + " - " + kindName(r).toLowerCase(Locale.ROOT) + " report " + r.period();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" /><title>")
                .append(escape(title))
                .append("</title></head>\n<body style=\"margin:0;padding:16px;background:#f6f7f9;")
                .append(
                        "font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2328;font-size:14px\">\n")
                .append(
                        "<div style=\"max-width:720px;margin:0 auto;background:#fff;padding:20px;border-radius:6px\">\n")
                .append("<h1 style=\"font-size:20px;margin:0 0 4px\">")
                .append(escape(title))
                .append("</h1>\n<p style=\"margin:0 0 16px;color:#57606a\">")
                .append(escape(r.zone().getId()))
                .append(" &#183; compared with the previous ")
                .append(r.kind() == Report.Kind.DAILY ? "day" : "week")
                .append("</p>\n");

        h.append("<table style=\"border-collapse:collapse;width:100%;margin-bottom:16px\">\n");
        h.append("<tr>")
                .append(TH)
                .append("Figure</th>")
                .append(TH)
                .append("Value</th>")
                .append(TH)
                .append("Change</th></tr>\n");
        if (t.revenue().isEmpty()) {
            row(h, "Revenue", "none", "");
        }
        t.revenue().forEach((cur, amount) -> {
            Comparison.Change ch = c.revenue().get(cur);
            row(
                    h,
                    "Revenue " + cur.getCurrencyCode(),
                    amount.toPlainString() + " " + cur.getCurrencyCode(),
                    ch == null ? "n/a" : ch.format());
        });
        row(h, "Gross", Amounts.format(t.gross()), "");
        row(h, "Refunds", Amounts.format(t.refunds()), "");
        row(h, "Transactions", Long.toString(t.transactions()), c.transactions().format());
        row(h, "Paid", Long.toString(t.paid()), c.paid().format());
        row(h, "Failed", Long.toString(t.failed()), c.failed().format());
        row(h, "Refunded", Long.toString(t.reversed()), "");
        row(h, "Pending", Long.toString(t.pending()), "");
        row(h, "Success rate", Amounts.percent(t.successRate()), points(c.successRatePoints()));
        row(h, "Average order value", Amounts.format(t.averageOrderValue()), "");
        row(h, "Customers", k.uniqueCustomers() + " (paying " + k.payingCustomers() + ")", "");
        h.append("</table>\n");

        h.append(section("Transactions per ")
                .append(r.trend().interval() == Interval.HOUR ? "hour" : "day")
                .append("</h2>\n"));
        long max = maxCount(r.trend());
        barChart(h, r.trend(), p -> BigDecimal.valueOf(p.totals().transactions()), BigDecimal.valueOf(max), "#0969da");
        for (Currency cur : t.revenue().keySet()) {
            h.append(section("Revenue " + cur.getCurrencyCode() + " per ")
                    .append(r.trend().interval() == Interval.HOUR ? "hour" : "day")
                    .append("</h2>\n"));
            BigDecimal top = BigDecimal.ZERO;
            for (TimeSeries.Point p : r.trend().points()) {
                top = top.max(p.totals().revenue(cur));
            }
            barChart(h, r.trend(), p -> p.totals().revenue(cur), top, "#1a7f37");
        }

        h.append(section("Top failure reasons</h2>\n"));
        table(
                h,
                List.of("Error code", "Count", "Share", "Example"),
                k.topFailureReasons().stream()
                        .map(f -> List.of(
                                f.errorCode(),
                                Long.toString(f.count()),
                                Amounts.percent(f.share()),
                                f.sampleMessage() == null ? "" : f.sampleMessage()))
                        .toList());

        h.append(section("Providers</h2>\n"));
        table(
                h,
                List.of("Provider", "Transactions", "Success", "Revenue", "p95"),
                k.providers().stream()
                        .map(s -> List.of(
                                s.name(),
                                Long.toString(s.transactions()),
                                Amounts.percent(s.successRate()),
                                Amounts.format(s.revenue()),
                                ms(s.p95())))
                        .toList());

        h.append(section("Open alerts (" + r.openAlertCount() + ")</h2>\n"));
        alertTable(h, r.openAlerts());

        h.append(section("Uptime</h2>\n"));
        table(
                h,
                List.of("Component", "24 h", "7 d", "30 d"),
                r.uptime().stream()
                        .map(u -> List.of(
                                u.component(),
                                Amounts.percent(u.last24h()),
                                Amounts.percent(u.last7d()),
                                Amounts.percent(u.last30d())))
                        .toList());

        Operational.AlertStats st = r.alertStats();
        h.append(section("Alerts raised</h2>\n"));
        table(
                h,
                List.of("Critical", "High", "Medium", "Low", "Mean time to acknowledge", "Mean time to resolve"),
                List.of(List.of(
                        String.valueOf(st.bySeverity().get(Severity.CRITICAL)),
                        String.valueOf(st.bySeverity().get(Severity.HIGH)),
                        String.valueOf(st.bySeverity().get(Severity.MEDIUM)),
                        String.valueOf(st.bySeverity().get(Severity.LOW)),
                        duration(st.meanTimeToAcknowledge()),
                        duration(st.meanTimeToResolve()))));

        h.append(section("Low-severity digest (" + r.lowAlertCount() + ")</h2>\n"));
        alertTable(h, r.lowAlerts());

        h.append("<p style=\"margin-top:20px;color:#8c959f;font-size:12px\">Generated ")
                .append(escape(r.generatedAt().toString()))
                .append(" by Vedette.</p>\n</div></body></html>\n");
        return h.toString();
    }

    private static StringBuilder section(String titleAndRest) {
        // the caller's text is ours (figures and fixed words), never user input, except numbers
        return new StringBuilder("<h2 style=\"font-size:16px;margin:20px 0 8px\">").append(titleAndRest);
    }

    private static void row(StringBuilder h, String label, String value, String change) {
        h.append("<tr>")
                .append(TD)
                .append(escape(label))
                .append("</td>")
                .append(TD)
                .append("<b>")
                .append(escape(value))
                .append("</b></td>")
                .append(TD)
                .append(escape(change))
                .append("</td></tr>\n");
    }

    private static void table(StringBuilder h, List<String> headers, List<List<String>> rows) {
        if (rows.isEmpty()) {
            h.append("<p style=\"color:#57606a;margin:0\">None.</p>\n");
            return;
        }
        h.append("<table style=\"border-collapse:collapse;width:100%\">\n<tr>");
        for (String head : headers) {
            h.append(TH).append(escape(head)).append("</th>");
        }
        h.append("</tr>\n");
        for (List<String> row : rows) {
            h.append("<tr>");
            for (String cell : row) {
                h.append(TD).append(escape(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void alertTable(StringBuilder h, List<AlertRecord> alerts) {
        table(
                h,
                List.of("Severity", "Title", "Component", "Status", "First seen", "Occurrences"),
                alerts.stream()
                        .map(a -> List.of(
                                a.severity().name(),
                                a.title(),
                                a.component() == null ? "" : a.component(),
                                a.status().name(),
                                a.firstSeen().toString(),
                                Long.toString(a.occurrences())))
                        .toList());
    }

    private static void barChart(
            StringBuilder h,
            TimeSeries series,
            java.util.function.Function<TimeSeries.Point, BigDecimal> value,
            BigDecimal max,
            String colour) {
        h.append("<table style=\"border-collapse:collapse;width:100%\">\n");
        for (TimeSeries.Point p : series.points()) {
            BigDecimal v = value.apply(p);
            int pct = max.signum() <= 0 || v.signum() <= 0
                    ? 0
                    : v.multiply(BigDecimal.valueOf(100))
                            .divide(max, 0, RoundingMode.HALF_UP)
                            .intValue();
            h.append(
                            "<tr><td style=\"padding:1px 8px 1px 0;white-space:nowrap;color:#57606a;font-size:12px;width:1%\">")
                    .append(escape(p.label()))
                    .append("</td><td style=\"padding:1px 0\"><div style=\"background:")
                    .append(colour)
                    .append(";height:10px;width:")
                    .append(pct)
                    .append(
                            "%\"></div></td><td style=\"padding:1px 0 1px 8px;font-size:12px;text-align:right;width:1%;white-space:nowrap\">")
                    .append(escape(v.toPlainString()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }
}
