package dev.vedette.rules;

import dev.vedette.internal.Validate;
import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.model.WebhookEvent;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Dimension;
import dev.vedette.store.LogQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * No webhook from a provider while payments are being made: "Stripe took 12 payments in the last
 * 30 minutes but sent no webhook". Scheduled against the store, so a cluster sees cluster-wide
 * numbers; one alert per provider, resolved when a webhook arrives again or payments stop.
 *
 * <p>A provider is checked when at least {@link #minPayments} transactions with that provider were
 * created in the interval; the rule then looks for any webhook event from it (any outcome) in the
 * same interval, every minute. Immutable configuration; the set of firing providers is the only state.
 */
public final class WebhookGapRule extends SeverityRule<WebhookGapRule, WebhookGapRule.Config> {
    /** Default name. */
    public static final String DEFAULT_NAME = "webhook-gap";
    /** Default interval: 30 minutes. */
    public static final Duration DEFAULT_WITHIN = Duration.ofMinutes(30);
    /** Default minimum payments in the interval: 5. */
    public static final int DEFAULT_MIN_PAYMENTS = 5;
    /** Default severity: HIGH. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;

    static final class Config extends RuleConfig<Config> {
        Duration within = DEFAULT_WITHIN;

        Config() {
            super(DEFAULT_NAME, DEFAULT_SEVERITY);
            minVolume = DEFAULT_MIN_PAYMENTS;
        }
    }

    private final Set<String> firing = new HashSet<>();

    WebhookGapRule() {
        this(new Config());
    }

    private WebhookGapRule(Config config) {
        super(config);
    }

    @Override
    WebhookGapRule create(Config config) {
        return new WebhookGapRule(config);
    }

    /** The interval a webhook is expected in (default 30 minutes, at least 1 minute). */
    public WebhookGapRule within(Duration within) {
        Duration w = Validate.atLeast("within", within, Duration.ofMinutes(1), "1 minute");
        return with(c -> c.within = w);
    }

    /** How many payments in the interval make a missing webhook suspicious (default 5, at least 1). */
    public WebhookGapRule minPayments(int minPayments) {
        return withMinVolume("minPayments", minPayments);
    }

    @Override
    public synchronized void evaluate(RuleContext context) {
        Instant now = context.now();
        Instant from = now.minus(config.within);
        TreeMap<String, Long> payments = new TreeMap<>();
        for (AggregateRow row : context.aggregate(AggregateQuery.totals(from, now, Dimension.PROVIDER))) {
            if (row.provider() != null) {
                payments.merge(row.provider(), row.count(), Long::sum);
            }
        }
        Set<String> stillFiring = new HashSet<>();
        payments.forEach((provider, count) -> {
            if (count < config.minVolume || provider.length() > WebhookEvent.MAX_PROVIDER_LENGTH) {
                return;
            }
            boolean heard = !context.logs(new LogQuery(
                            null, WebhookEvent.COMPONENT_PREFIX + provider, null, null, from, now, 1, null))
                    .items()
                    .isEmpty();
            if (!heard) {
                stillFiring.add(provider);
                if (firing.add(provider)) {
                    context.raise(alert(provider, count));
                }
            }
        });
        for (String provider : List.copyOf(firing)) {
            if (!stillFiring.contains(provider)) {
                firing.remove(provider);
                context.resolve(dedupKey(provider));
            }
        }
    }

    private Alert alert(String provider, long payments) {
        return alert(
                        "No webhooks from " + RuleSupport.labelValue(provider) + " in the last "
                                + RuleSupport.human(config.within),
                        dedupKey(provider))
                .component(WebhookEvent.COMPONENT_PREFIX + provider)
                .message(payments + " payments went to " + RuleSupport.labelValue(provider) + " in the last "
                        + RuleSupport.human(config.within)
                        + " but no webhook arrived; check the endpoint and its signing secret")
                .label("provider", RuleSupport.labelValue(provider))
                .build();
    }

    static WebhookGapRule fromProperties(RuleProperties p) {
        WebhookGapRule r = new WebhookGapRule().applyNameAndSeverity(p);
        r = p.apply(r, "within", RuleProperties::duration, WebhookGapRule::within);
        r = p.apply(r, "min-payments", RuleProperties::integer, WebhookGapRule::minPayments);
        p.rejectUnknown();
        return r;
    }

    @Override
    public String toString() {
        return "WebhookGapRule[" + config.name + ": none in " + RuleSupport.human(config.within) + " with at least "
                + config.minVolume
                + " payments]";
    }
}
