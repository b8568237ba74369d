package dev.vedette.internal.runtime;

import dev.vedette.alerting.Notifier;
import dev.vedette.alerting.SendResult;
import dev.vedette.analytics.RenderedReport;
import dev.vedette.analytics.ReportChannel;
import dev.vedette.analytics.Reports;
import dev.vedette.store.Store;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the daily report (and on Sundays the weekly one) to every channel that can deliver reports,
 * once per cluster per day: the first instance to take the day's store lock sends it.
 */
public final class ReportSender {
    private static final Logger log = LoggerFactory.getLogger(ReportSender.class);

    private final Reports reports;
    private final List<ReportChannel> channels;
    private final Store store;
    private final Clock clock;
    private final ZoneId zone;
    private final @Nullable LocalTime at;
    private final String instanceId;

    /**
     * A sender.
     *
     * @param reports what renders the reports
     * @param notifiers the notifiers; those that can deliver reports ({@link ReportChannel}) get them
     * @param store the store whose locks make a report go out once per cluster
     * @param clock the clock
     * @param zone the business zone, in which {@code at} is read
     * @param at the time of day after which yesterday's report is due, or null for never
     * @param instanceId this instance's name in lock owners
     */
    public ReportSender(
            Reports reports,
            List<Notifier> notifiers,
            Store store,
            Clock clock,
            ZoneId zone,
            @Nullable LocalTime at,
            String instanceId) {
        this.reports = reports;
        this.channels = notifiers.stream()
                .filter(ReportChannel.class::isInstance)
                .map(ReportChannel.class::cast)
                .toList();
        this.store = store;
        this.clock = clock;
        this.zone = zone;
        this.at = at;
        this.instanceId = instanceId;
    }

    /**
     * Renders and sends the report of {@code day} (and, if it is a Sunday, of the week it ends)
     * unless an instance already did.
     *
     * @return the number of reports sent
     */
    public int sendFor(LocalDate day) {
        if (channels.isEmpty()) {
            return 0;
        }
        int sent = 0;
        Instant now = clock.instant();
        // a one-off owner: the lock is never renewed, so the first taker (of any instance) sends it once
        String once = instanceId + ":" + UUID.randomUUID();
        if (store.tryLock("vedette-report-daily-" + day, once, now, Duration.ofDays(3))) {
            sent += send(reports.render(reports.daily(day)));
        }
        if (day.getDayOfWeek() == DayOfWeek.SUNDAY
                && store.tryLock("vedette-report-weekly-" + day, once, now, Duration.ofDays(3))) {
            sent += send(reports.render(reports.weekly(day)));
        }
        return sent;
    }

    /** Sends yesterday's report once the configured time of day has passed. */
    public void sendIfDue() {
        if (at == null) {
            return;
        }
        ZonedDateTime now = clock.instant().atZone(zone);
        if (!now.toLocalTime().isBefore(at)) {
            sendFor(now.toLocalDate().minusDays(1));
        }
    }

    private int send(RenderedReport report) {
        int sent = 0;
        for (ReportChannel channel : channels) {
            SendResult result = channel.sendReport(report);
            if (result instanceof SendResult.Sent) {
                sent++;
            } else {
                log.warn("Vedette could not send the report '{}': {}", report.subject(), result);
            }
        }
        return sent;
    }
}
