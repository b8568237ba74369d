package dev.vedette.rules;

import dev.vedette.internal.Validate;
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
 * holds. At most {@link #maxKeys} providers are tracked (default {@value #MAX_PROVIDERS}), the least
 * recently seen evicted and counted. Immutable configuration; thread-safe.
 */
public final class WebhookFailureRateRule extends WindowedRule<WebhookFailureRateRule, WebhookFailureRateRule.Config> {
    /** Default name. */
    public static final String DEFAULT_NAME = "webhook-failure-rate";
    /** Default threshold: 10 %. */
    public static final double DEFAULT_THRESHOLD = 0.10;
    /** Default window: 15 minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    /** Default number of buckets: 15 (1-minute buckets). */
    public static final int DEFAULT_BUCKETS = 15;
    /** Default minimum volume: 10 webhooks. */
    public static final int DEFAULT_MIN_VOLUME = 10;
    /** Default severity: HIGH. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;
    /** Default most providers tracked. */
    public static final int MAX_PROVIDERS = 100;

    static final class Config extends RuleConfig<Config> {
        double threshold = DEFAULT_THRESHOLD;

        Config() {
            super(DEFAULT_NAME, DEFAULT_SEVERITY);
            windowDefaults(DEFAULT_WINDOW, DEFAULT_BUCKETS, DEFAULT_MIN_VOLUME, MAX_PROVIDERS);
        }
    }

    private final RatioTracker tracker;

    WebhookFailureRateRule() {
        this(new Config());
    }

    private WebhookFailureRateRule(Config config) {
        super(config, RatioTracker.WIDTH);
        this.tracker = new RatioTracker(config.name, config.threshold, config.minVolume, windows);
    }

    @Override
    WebhookFailureRateRule create(Config config) {
        return new WebhookFailureRateRule(config);
    }

    /** Fires when failures / volume is above this (default 0.10; {@code 0 <= ratio < 1}). */
    public WebhookFailureRateRule above(double ratio) {
        double r = Validate.ratio("threshold", ratio);
        return with(c -> c.threshold = r);
    }

    /** The minimum number of webhooks in the window before the rule may fire (default 10). */
    public WebhookFailureRateRule atLeast(int minVolume) {
        return withMinVolume("minVolume", minVolume);
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

    private Alert alert(String provider, String dedupKey, long failed, long volume) {
        return alert(
                        "Webhook failure rate above " + RuleSupport.percent(config.threshold) + " for "
                                + RuleSupport.labelValue(provider),
                        dedupKey)
                .component(WebhookEvent.COMPONENT_PREFIX + provider)
                .message(failed + " of " + volume + " webhooks failed (" + RuleSupport.percent((double) failed / volume)
                        + ") in the last " + RuleSupport.human(config.window) + "; minimum " + config.minVolume
                        + " webhooks")
                .label("provider", RuleSupport.labelValue(provider))
                .build();
    }

    static WebhookFailureRateRule fromProperties(RuleProperties p) {
        WebhookFailureRateRule r = new WebhookFailureRateRule().applyNameAndSeverity(p);
        r = p.apply(r, "window", RuleProperties::duration, WebhookFailureRateRule::over);
        r = p.apply(r, "threshold", RuleProperties::ratio, WebhookFailureRateRule::above);
        r = p.apply(r, "min-volume", RuleProperties::integer, WebhookFailureRateRule::atLeast);
        p.rejectUnknown();
        return r;
    }

    @Override
    public String toString() {
        return "WebhookFailureRateRule[" + config.name + ": > " + RuleSupport.percent(config.threshold) + " over "
                + RuleSupport.human(config.window) + ", at least " + config.minVolume + "]";
    }
}
