package dev.vedette.rules;

import dev.vedette.internal.Validate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in detection rules. Each factory returns an immutable rule with defaults from the
 * seeds; every fluent method returns a new rule, and validates at once, naming the option and the
 * bad value. Give the result to {@code Monitor.builder().rule(...)}.
 *
 * <pre>{@code
 * Monitor monitor = Monitor.builder()
 *     .rule(Rules.errorRate().above(0.10).over(Duration.ofMinutes(5)).atLeast(20))
 *     .rule(Rules.errorRate().named("provider-outage").perProvider()
 *         .onlyClasses(FailureClass.PROVIDER_OUTAGE, FailureClass.INTEGRATION_ERROR).above(0.05))
 *     .rule(Rules.failureCount().moreThan(3).over(Duration.ofHours(1)))            // per customer
 *     .rule(Rules.failureCount().named("failures-per-ip").byMetadata("ip").moreThan(10))
 *     .rule(Rules.revenueDrop().dropOf(0.5).minimumBaseline(new BigDecimal("200")))
 *     .rule(Rules.latency().percentile(95).above(Duration.ofSeconds(2)).perProvider())
 *     .rule(Rules.absence().within(Duration.ofMinutes(30))
 *         .during(BusinessHours.weekdays(LocalTime.of(8, 0), LocalTime.of(20, 0), ZoneId.of("Europe/Berlin"))))
 *     .rule(Rules.trafficAnomaly().zone(ZoneId.of("Europe/Berlin")))
 *     .rule(Rules.refundRate().above(0.20).perMetadata("organisation"))
 *     .rule(Rules.newErrors())
 *     .rule(Rules.stuckPayments().olderThan(Duration.ofMinutes(15)))
 *     .build();
 * }</pre>
 *
 * Every rule raises alerts with source {@code rule:<name>} and dedup key {@code rule:<name>} or
 * {@code rule:<name>:<key>}, and resolves them when its condition clears. Two rules of one monitor
 * need distinct names: use {@code named(...)} for a second rule of the same type.
 *
 * <p>The same rules can be built from string properties, as the Spring Boot starter binds them:
 * see {@link #fromProperties} and {@code docs/rules.md} for the keys.
 */
public final class Rules {
    /** The rule types {@link #fromProperties} accepts. */
    public static final List<String> TYPES = List.of(
            "error-rate",
            "failure-count",
            "revenue-drop",
            "latency",
            "absence",
            "traffic-anomaly",
            "refund-rate",
            "new-errors",
            "stuck-payments",
            "webhook-failure-rate",
            "webhook-gap");

    private Rules() {}

    /** Failure rate over a sliding window with a minimum volume (default &gt; 10 % in 5 minutes, at least 20). */
    public static ErrorRateRule errorRate() {
        return new ErrorRateRule();
    }

    /** Failed inbound webhooks per provider (default &gt; 10 % in 15 minutes, at least 10). */
    public static WebhookFailureRateRule webhookFailureRate() {
        return new WebhookFailureRateRule();
    }

    /** No webhook from a provider while payments are made (default none in 30 minutes with 5 payments). */
    public static WebhookGapRule webhookGap() {
        return new WebhookGapRule();
    }

    /** Failures per customer (or metadata key) per window (default more than 3 per customer in 1 hour). */
    public static FailureCountRule failureCount() {
        return new FailureCountRule();
    }

    /** Revenue drop against a day and a week earlier, per currency (default more than 50 % over 1 hour). */
    public static RevenueDropRule revenueDrop() {
        return new RevenueDropRule();
    }

    /** Latency percentile above a threshold (default p95 above 1 second over 5 minutes, at least 20 samples). */
    public static LatencyRule latency() {
        return new LatencyRule();
    }

    /** No observation of a status within an interval (default no COMPLETED in 30 minutes). */
    public static AbsenceRule absence() {
        return new AbsenceRule();
    }

    /** Hourly traffic spike or drop against an EWMA baseline per hour of the week. */
    public static TrafficAnomalyRule trafficAnomaly() {
        return new TrafficAnomalyRule();
    }

    /** Refund rate over a window (default &gt; 20 % of orders in 24 hours, at least 20 orders). */
    public static RefundRateRule refundRate() {
        return new RefundRateRule();
    }

    /** New and regressed error fingerprints. */
    public static ErrorGroupRule newErrors() {
        return new ErrorGroupRule();
    }

    /** Transactions left PENDING too long (default 15 minutes). */
    public static StuckPaymentRule stuckPayments() {
        return new StuckPaymentRule();
    }

    /**
     * Builds a rule of a {@linkplain #TYPES type} from string properties, e.g. type {@code
     * error-rate} with {@code {threshold=10%, window=5m, min-volume=20, group-by=provider}}. Durations
     * are ISO-8601 ({@code PT5M}) or short ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code
     * 2d}, {@code 1w}); ratios are {@code 0.1} or {@code 10%}. Every key is optional; absent keys keep
     * the defaults. The keys per type are listed in {@code docs/rules.md}.
     *
     * @throws IllegalArgumentException if the type is unknown, a key is unknown, or a value is bad;
     *     the message names the type, the key and the value
     */
    public static Rule fromProperties(String type, Map<String, String> properties) {
        if (type == null) {
            throw new IllegalArgumentException("rule type must not be null; known: " + TYPES);
        }
        Validate.notNull("properties", properties);
        String t = type.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        RuleProperties p = new RuleProperties(t, properties);
        return switch (t) {
            case "error-rate" -> ErrorRateRule.fromProperties(p);
            case "failure-count" -> FailureCountRule.fromProperties(p);
            case "revenue-drop" -> RevenueDropRule.fromProperties(p);
            case "latency" -> LatencyRule.fromProperties(p);
            case "absence" -> AbsenceRule.fromProperties(p);
            case "traffic-anomaly" -> TrafficAnomalyRule.fromProperties(p);
            case "refund-rate" -> RefundRateRule.fromProperties(p);
            case "new-errors" -> ErrorGroupRule.fromProperties(p);
            case "stuck-payments" -> StuckPaymentRule.fromProperties(p);
            case "webhook-failure-rate" -> WebhookFailureRateRule.fromProperties(p);
            case "webhook-gap" -> WebhookGapRule.fromProperties(p);
            default ->
                throw new IllegalArgumentException("unknown rule type '" + Validate.quote(type) + "'; known: " + TYPES);
        };
    }
}
