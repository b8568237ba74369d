package dev.vedette.spring.dashboard;

import static dev.vedette.spring.dashboard.DashboardViews.time;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.vedette.analytics.Reports;
import dev.vedette.model.StoredReport;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A report the monitor rendered and planned, as the Reports page lists it, with the state of its
 * delivery to each channel.
 *
 * @param id the report id, e.g. {@code report:daily:2026-11-23}
 * @param kind {@code DAILY} or {@code WEEKLY}
 * @param period the day or ISO week
 * @param subject the subject line
 * @param createdAt ISO instant it was rendered
 * @param deliveries one per channel, oldest first
 */
public record ReportView(
        String id,
        String kind,
        String period,
        String subject,
        @Nullable String createdAt,
        List<AlertView.DeliveryView> deliveries) {

    static ReportView of(StoredReport r, Reports reports) {
        return new ReportView(
                r.id(),
                r.kind(),
                r.period(),
                r.subject(),
                time(r.createdAt()),
                reports.deliveries(r.id()).stream()
                        .map(AlertView.DeliveryView::of)
                        .toList());
    }

    /**
     * One report with its content: the plain-text part, and the HTML part as sent (every value
     * escaped; the page shows the text part).
     *
     * @param report the report and its deliveries
     * @param text the plain-text part
     * @param html the HTML part
     */
    public record Detail(@JsonUnwrapped ReportView report, String text, String html) {
        static Detail of(StoredReport r, Reports reports) {
            return new Detail(ReportView.of(r, reports), r.text(), r.html());
        }
    }
}
