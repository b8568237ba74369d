package dev.vedette.internal.runtime;

import dev.vedette.alerting.Alerts;
import dev.vedette.internal.RateLimitedLog;
import dev.vedette.model.Alert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vedette watching its own store: once calls to it have failed for {@code downAfter} without a
 * success in between, a CRITICAL alert "Vedette store unreachable" (dedup key {@value #KEY},
 * component {@value #COMPONENT}) is raised with the last error, through the {@link
 * JournalingStore}'s journal; it is resolved once the store works again and the journal is written
 * back. One alert per cluster: every instance raises and resolves the same key.
 */
public final class StoreWatch {
    private static final Logger log = LoggerFactory.getLogger(StoreWatch.class);

    /** The dedup key of the alert. */
    public static final String KEY = "vedette:store-unreachable";

    /** The component the alert is about. */
    public static final String COMPONENT = "vedette-store";

    private final JournalingStore store;
    private final Alerts alerts;
    private final Duration downAfter;
    private final Clock clock;
    private final RateLimitedLog failLog = new RateLimitedLog(Duration.ofMinutes(1));
    private @Nullable Instant raisedFor;
    private boolean maybeOpen = true; // an alert from before a restart is resolved on the first healthy look

    /**
     * A watch.
     *
     * @param downAfter how long calls must fail before the alert is raised
     */
    public StoreWatch(JournalingStore store, Alerts alerts, Duration downAfter, Clock clock) {
        this.store = store;
        this.alerts = alerts;
        this.downAfter = downAfter;
        this.clock = clock;
    }

    /**
     * Writes the journal back if it is due, then raises or resolves the alert. Called every second
     * by the scheduler (and by tests); never throws.
     */
    public synchronized void evaluate() {
        try {
            store.probe();
            Instant since = store.failingSince();
            if (since != null) {
                if (raisedFor == null && !clock.instant().isBefore(since.plus(downAfter))) {
                    alerts.raise(Alert.critical("Vedette store unreachable")
                            .component(COMPONENT)
                            .source("vedette:store")
                            .dedupKey(KEY)
                            .message("Vedette cannot reach its store since " + since + " (" + downAfter.toSeconds()
                                    + " s and more): " + store.lastError()
                                    + ". Alerts are delivered from memory until it is back.")
                            .build());
                    raisedFor = since;
                    maybeOpen = true;
                }
            } else if (maybeOpen && !store.journaling()) {
                alerts.resolveByKey(KEY, "vedette");
                raisedFor = null;
                maybeOpen = false;
            }
        } catch (RuntimeException e) {
            failLog.warn(log, "Vedette could not raise or resolve its store alert: {}", e.toString());
        }
    }
}
