package dev.vedette.internal.runtime;

import dev.vedette.alerting.Notifier;
import dev.vedette.alerting.PayloadSender;
import dev.vedette.alerting.SendResult;
import dev.vedette.analytics.RenderedReport;
import dev.vedette.analytics.Report;
import dev.vedette.analytics.ReportChannel;
import dev.vedette.analytics.Reports;
import dev.vedette.model.Delivery;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.StoredReport;
import dev.vedette.store.Store;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Plans the daily report (and on Sundays the weekly one) into the delivery outbox, and sends the
 * planned reports when the {@link dev.vedette.alerting.Dispatcher} hands them over.
 *
 * <p>Planning renders the report and stores it with one {@link DeliveryKind#REPORT} delivery per
 * channel that can deliver reports ({@link ReportChannel}), in one atomic step keyed by the report's
 * kind and period ({@link Store#planReport}): whichever instance plans first, the period's report is
 * stored and sent once per channel. The dispatcher then claims, sends and retries each delivery like
 * any other, so a failed send is retried with backoff and survives a restart.
 */
public final class ReportSender implements PayloadSender {
    private final Reports reports;
    private final List<String> channels;
    private final Store store;
    private final Clock clock;
    private final ZoneId zone;
    private final @Nullable LocalTime at;

    /**
     * A sender.
     *
     * @param reports what renders the reports
     * @param notifiers the notifiers; those that can deliver reports ({@link ReportChannel}) get them
     * @param store where reports and their deliveries are planned
     * @param clock the clock
     * @param zone the business zone, in which {@code at} is read
     * @param at the time of day after which yesterday's report is due, or null for never
     */
    public ReportSender(
            Reports reports, List<Notifier> notifiers, Store store, Clock clock, ZoneId zone, @Nullable LocalTime at) {
        this.reports = reports;
        this.channels = notifiers.stream()
                .filter(ReportChannel.class::isInstance)
                .map(Notifier::name)
                .toList();
        this.store = store;
        this.clock = clock;
        this.zone = zone;
        this.at = at;
    }

    /**
     * Renders and plans the report of {@code day} (and, if it is a Sunday, of the week it ends)
     * unless an instance already planned it.
     *
     * @return the number of reports planned
     */
    public int planFor(LocalDate day) {
        if (channels.isEmpty()) {
            return 0;
        }
        int planned = plan(Report.Kind.DAILY, day) ? 1 : 0;
        if (day.getDayOfWeek() == DayOfWeek.SUNDAY && plan(Report.Kind.WEEKLY, day)) {
            planned++;
        }
        return planned;
    }

    /**
     * Plans yesterday's report once the configured time of day has passed.
     *
     * @return the number of reports planned
     */
    public int planIfDue() {
        if (at == null) {
            return 0;
        }
        ZonedDateTime now = clock.instant().atZone(zone);
        return now.toLocalTime().isBefore(at) ? 0 : planFor(now.toLocalDate().minusDays(1));
    }

    private boolean plan(Report.Kind kind, LocalDate day) {
        String period = reports.period(kind, day);
        if (store.report(StoredReport.idOf(kind.name(), period)).isPresent()) {
            return false;
        }
        Report report = kind == Report.Kind.DAILY ? reports.daily(day) : reports.weekly(day);
        RenderedReport rendered = reports.render(report);
        Instant now = clock.instant();
        StoredReport stored =
                new StoredReport(kind.name(), period, rendered.subject(), rendered.text(), rendered.html(), now);
        List<Delivery> deliveries = channels.stream()
                .map(c -> Delivery.pending(stored.deliveryId(c), stored.id(), c, DeliveryKind.REPORT, now))
                .toList();
        return store.planReport(stored, deliveries);
    }

    /** Sends the stored report a {@link DeliveryKind#REPORT} delivery carries through its channel. */
    @Override
    public SendResult send(Notifier channel, Delivery delivery) {
        if (!(channel instanceof ReportChannel reportChannel)) {
            return SendResult.failed("channel '" + channel.name() + "' cannot deliver reports");
        }
        Optional<StoredReport> report = store.report(delivery.alertId());
        if (report.isEmpty()) {
            return SendResult.failed("report " + delivery.alertId() + " no longer exists");
        }
        StoredReport r = report.get();
        SendResult result = reportChannel.sendReport(new RenderedReport(r.subject(), r.text(), r.html()));
        return result == null ? SendResult.retryLater(channel.name() + " returned no result") : result;
    }
}
