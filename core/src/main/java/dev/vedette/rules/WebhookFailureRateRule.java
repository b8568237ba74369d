package dev.vedette.rules;

import dev.vedette.model.Alert;
import dev.vedette.model.LogEntry;
import dev.vedette.model.Severity;
import dev.vedette.model.WebhookEvent;
import dev.vedette.model.WrittenBatch;
import java.time.Duration;
import java.time.Instant;

/**
 * Failed inbound webhooks per provider over a sliding window: "more than 10 % of Stripe's webhooks
 * failed in the last 15 minutes, out of at least 10". Event-driven, one alert per provider.
 *
 * <p>Reads the webhook events recorded with {@code Monitor.recordWebhook}: PROCESSED and FAILED
 * count towards the volume, FAILED as failures; IGNORED events are left out. Fires when volume ≥
 * {@link #atLeast} and failures / volume {@code >} {@link #above}; resolves when that no longer
 * holds. Immutable configuration; thread-safe.
 */
public final class WebhookFailureRateRule implements Rule {
    /** Default name. */
    public static final String DEFAULT_NAME = "webhook-failure-rate";
    /** Default threshold: 10 %. */
    public static final double DEFAULT_THRESHOLD = 0.10;
    /** Default window: 15 minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    /** Default buckets: 15 (1-minute buckets). */
    public static final int DEFAULT_BUCKETS = 15;
    /** Default minimum volume: 10 webhooks. */
    public static final int DEFAULT_MIN_VOLUME = 10;
    /** Default severity: HIGH. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;
    /** Most providers tracked. */
    public static final int MAX_PROVIDERS = 100;

    private final String name;
    private final Severity severity;
    private final double threshold;
    private final Duration window;
    private final int minVolume;
    private final RatioTracker tracker;

    WebhookFailureRateRule() {
        this(DEFAULT_NAME, DEFAULT_SEVERITY, DEFAULT_THRESHOLD, DEFAULT_WINDOW, DEFAULT_MIN_VOLUME);
    }

    private WebhookFailureRateRule(String name, Severity severity, double threshold, Duration window, int minVolume) {
        this.name = name;
        this.severity = severity;
        this.threshold = threshold;
        this.window = window;
        this.minVolume = minVolume;
        this.tracker = new RatioTracker(
                name,
                threshold,
                minVolume,
                RuleSupport.bucket("window", window, DEFAULT_BUCKETS),
                DEFAULT_BUCKETS,
                MAX_PROVIDERS);
    }

    /** This rule with another name (default {@value #DEFAULT_NAME}). */
    public WebhookFailureRateRule named(String name) {
        return new WebhookFailureRateRule(RuleSupport.name(name), severity, threshold, window, minVolume);
    }

    /** This rule raising alerts of this severity (default HIGH). */
    public WebhookFailureRateRule severity(Severity severity) {
        return new WebhookFailureRateRule(name, RuleSupport.severity(severity), threshold, window, minVolume);
    }

    /** Fires when failures / volume is above this (default 0.10; {@code 0 <= ratio < 1}). */
    public WebhookFailureRateRule above(double ratio) {
        return new WebhookFailureRateRule(name, severity, RuleSupport.ratio("threshold", ratio), window, minVolume);
    }

    /** The sliding window (default 15 minutes), cut into 15 buckets. */
    public WebhookFailureRateRule over(Duration window) {
        Duration w = RuleSupport.positive("window", window);
        RuleSupport.bucket("window", w, DEFAULT_BUCKETS);
        return new WebhookFailureRateRule(name, severity, threshold, w, minVolume);
    }

    /** The minimum number of webhooks in the window before the rule may fire (default 10). */
    public WebhookFailureRateRule atLeast(int minVolume) {
        return new WebhookFailureRateRule(
                name, severity, threshold, window, RuleSupport.atLeast("minVolume", minVolume, 1));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void onBatch(WrittenBatch batch, RuleContext context) {
        Instant now = context.now();
        boolean any = false;
        for (LogEntry entry : batch.logs()) {
            WebhookEvent.Outcome outcome = WebhookEvent.outcomeOf(entry);
            if (outcome == null || outcome == WebhookEvent.Outcome.IGNORED) {
                continue;
            }
            String provider = entry.component().substring(WebhookEvent.COMPONENT_PREFIX.length());
            tracker.add(
                    provider,
                    entry.occurredAt() == null ? now : entry.occurredAt(),
                    now,
                    outcome == WebhookEvent.Outcome.FAILED,
                    true);
            any = true;
        }
        if (any) {
            tracker.evaluate(context, this::alert);
        }
    }

    @Override
    public synchronized void evaluate(RuleContext context) {
        tracker.evaluateFiring(context, this::alert);
    }

    /** One bucket (one minute by default). */
    @Override
    public Duration evaluationInterval() {
        Duration bucket = window.dividedBy(DEFAULT_BUCKETS);
        return bucket.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : bucket;
    }

    private Alert alert(String provider, String dedupKey, long failed, long volume) {
        return Alert.builder(
                        severity,
                        "Webhook failure rate above " + RuleSupport.percent(threshold) + " for "
                                + RuleSupport.labelValue(provider))
                .component(WebhookEvent.COMPONENT_PREFIX + provider)
                .message(failed + " of " + volume + " webhooks failed (" + RuleSupport.percent((double) failed / volume)
                        + ") in the last " + RuleSupport.human(window) + "; minimum " + minVolume + " webhooks")
                .source("rule:" + name)
                .dedupKey(dedupKey)
                .label("rule", name)
                .label("provider", RuleSupport.labelValue(provider))
                .build();
    }

    static WebhookFailureRateRule fromProperties(RuleProperties p) {
        WebhookFailureRateRule r = new WebhookFailureRateRule();
        r = p.apply(r, "name", RuleProperties::string, WebhookFailureRateRule::named);
        r = p.apply(r, "severity", RuleProperties::severity, WebhookFailureRateRule::severity);
        r = p.apply(r, "window", RuleProperties::duration, WebhookFailureRateRule::over);
        r = p.apply(r, "threshold", RuleProperties::ratio, WebhookFailureRateRule::above);
        r = p.apply(r, "min-volume", RuleProperties::integer, WebhookFailureRateRule::atLeast);
        p.rejectUnknown();
        return r;
    }

    @Override
    public String toString() {
        return "WebhookFailureRateRule[" + name + ": > " + RuleSupport.percent(threshold) + " over "
                + RuleSupport.human(window) + ", at least " + minVolume + "]";
    }
}
