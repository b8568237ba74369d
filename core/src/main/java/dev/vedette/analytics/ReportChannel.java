package dev.vedette.analytics;

import dev.vedette.alerting.SendResult;

/**
 * A channel that can deliver a rendered report (the daily and weekly e-mail). The e-mail notifier
 * in {@code vedette-notifiers} implements it; the monitor sends scheduled reports to every
 * configured notifier that does.
 */
public interface ReportChannel {

    /** Delivers the report; never throws (failures are a {@link SendResult}). */
    SendResult sendReport(RenderedReport report);
}
