package dev.vedette.alerting;

/**
 * <b>For tests only; not for production code.</b> Lets a test drive the outbox of a monitor built
 * with {@code backgroundJobs(false)} one step at a time. A host drives the outbox through the
 * monitor's background threads, or through {@code monitor.runScheduledJobs()} when it runs its own
 * scheduler; this class may change in any release.
 *
 * <pre>{@code
 * Monitor monitor = Monitor.builder().clock(clock).backgroundJobs(false).notifier(slack).build();
 * monitor.raiseAlert(Alert.high("x").build());
 * AlertingTestHooks.dispatch(monitor.alerts()); // one dispatch cycle in this thread
 * assertThat(slack.sent()).hasSize(1);
 * }</pre>
 */
public final class AlertingTestHooks {
    private AlertingTestHooks() {}

    /**
     * Runs one dispatch cycle of the monitor's dispatcher in the calling thread: claims the due
     * deliveries, groups and throttles them, sends them and records the results. Without background
     * jobs each channel's notifications go out one at a time in planned order.
     *
     * @return the number of notifications sent or attempted
     * @throws IllegalStateException if the alerts have no dispatcher
     */
    public static int dispatch(Alerts alerts) {
        return alerts.dispatcher().runOnce();
    }
}
