package dev.vedette.rules;

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
 * same interval. Immutable configuration; the set of firing providers is the only state.
 */
public final class WebhookGapRule implements Rule {
    /** Default name. */
    public static final String DEFAULT_NAME = "webhook-gap";
    /** Default interval: 30 minutes. */
    public static final Duration DEFAULT_WITHIN = Duration.ofMinutes(30);
    /** Default minimum payments in the interval: 5. */
    public static final int DEFAULT_MIN_PAYMENTS = 5;
    /** Default severity: HIGH. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;

    private final String name;
    private final Severity severity;
    private final Duration within;
    private final int minPayments;
    private final Set<String> firing = new HashSet<>();

    WebhookGapRule() {
        this(DEFAULT_NAME, DEFAULT_SEVERITY, DEFAULT_WITHIN, DEFAULT_MIN_PAYMENTS);
    }

    private WebhookGapRule(String name, Severity severity, Duration within, int minPayments) {
        this.name = name;
        this.severity = severity;
        this.within = within;
        this.minPayments = minPayments;
    }

    /** This rule with another name (default {@value #DEFAULT_NAME}). */
    public WebhookGapRule named(String name) {
        return new WebhookGapRule(RuleSupport.name(name), severity, within, minPayments);
    }

    /** This rule raising alerts of this severity (default HIGH). */
    public WebhookGapRule severity(Severity severity) {
        return new WebhookGapRule(name, RuleSupport.severity(severity), within, minPayments);
    }

    /** The interval a webhook is expected in (default 30 minutes, at least 1 minute). */
    public WebhookGapRule within(Duration within) {
        Duration w = RuleSupport.positive("within", within);
        if (w.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("within must be at least 1 minute, was " + w);
        }
        return new WebhookGapRule(name, severity, w, minPayments);
    }

    /** How many payments in the interval make a missing webhook suspicious (default 5, at least 1). */
    public WebhookGapRule minPayments(int minPayments) {
        return new WebhookGapRule(name, severity, within, RuleSupport.atLeast("minPayments", minPayments, 1));
    }

    @Override
    public String name() {
        return name;
    }

    /** Checks every minute. */
    @Override
    public Duration evaluationInterval() {
        return Duration.ofMinutes(1);
    }

    @Override
    public synchronized void evaluate(RuleContext context) {
        Instant now = context.now();
        Instant from = now.minus(within);
        TreeMap<String, Long> payments = new TreeMap<>();
        for (AggregateRow row : context.aggregate(AggregateQuery.totals(from, now, Dimension.PROVIDER))) {
            if (row.provider() != null) {
                payments.merge(row.provider(), row.count(), Long::sum);
            }
        }
        Set<String> stillFiring = new HashSet<>();
        payments.forEach((provider, count) -> {
            if (count < minPayments || provider.length() > WebhookEvent.MAX_PROVIDER_LENGTH) {
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

    private String dedupKey(String provider) {
        return "rule:" + name + ":" + RuleSupport.keyPart(provider);
    }

    private Alert alert(String provider, long payments) {
        return Alert.builder(
                        severity,
                        "No webhooks from " + RuleSupport.labelValue(provider) + " in the last "
                                + RuleSupport.human(within))
                .component(WebhookEvent.COMPONENT_PREFIX + provider)
                .message(payments + " payments went to " + RuleSupport.labelValue(provider) + " in the last "
                        + RuleSupport.human(within)
                        + " but no webhook arrived; check the endpoint and its signing secret")
                .source("rule:" + name)
                .dedupKey(dedupKey(provider))
                .label("rule", name)
                .label("provider", RuleSupport.labelValue(provider))
                .build();
    }

    static WebhookGapRule fromProperties(RuleProperties p) {
        WebhookGapRule r = new WebhookGapRule();
        r = p.apply(r, "name", RuleProperties::string, WebhookGapRule::named);
        r = p.apply(r, "severity", RuleProperties::severity, WebhookGapRule::severity);
        r = p.apply(r, "within", RuleProperties::duration, WebhookGapRule::within);
        r = p.apply(r, "min-payments", RuleProperties::integer, WebhookGapRule::minPayments);
        p.rejectUnknown();
        return r;
    }

    @Override
    public String toString() {
        return "WebhookGapRule[" + name + ": none in " + RuleSupport.human(within) + " with at least " + minPayments
                + " payments]";
    }
}
