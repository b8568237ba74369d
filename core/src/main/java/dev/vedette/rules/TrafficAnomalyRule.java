package dev.vedette.rules;

import dev.vedette.internal.Validate;
import dev.vedette.model.Alert;
import dev.vedette.model.Severity;
import dev.vedette.store.AggregateQuery;
import dev.vedette.store.AggregateRow;
import dev.vedette.store.Bucket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Traffic spike or drop against a learned baseline: the number of transactions created per hour is
 * compared with an EWMA of earlier weeks' same hour (168 hour-of-week slots, see {@code
 * docs/rules.md} for the method). Scheduled: counts come from {@code store.aggregate} with hourly
 * buckets, so a cluster sees cluster-wide traffic and a restarted instance re-learns the baseline
 * from the store's history ({@link #learnFrom}) instead of warming up again.
 *
 * <ul>
 *   <li>A <b>drop</b> is judged on each completed hour: {@code count < mean - band} while {@code mean
 *       >= minimumVolume}. Raised at most one evaluation interval after the hour ends; resolved by the
 *       next completed hour that is not a drop.
 *   <li>A <b>spike</b> is judged on each completed hour and on the current hour so far (its count can
 *       only grow, so exceeding the whole hour's band already is a spike): {@code count > mean + band}
 *       and {@code count >= minimumVolume}. Resolved when neither the last completed hour nor the
 *       current hour spikes.
 *   <li>{@code band = sensitivity × max(EWMA deviation, √mean, 1)}. A slot may alert only after
 *       {@link #warmUpWeeks} samples of it were learned.
 * </ul>
 *
 * Dedup keys {@code rule:<name>:drop} and {@code rule:<name>:spike}. Immutable configuration;
 * thread-safe.
 */
public final class TrafficAnomalyRule extends SeverityRule<TrafficAnomalyRule, TrafficAnomalyRule.Config> {
    /** Default name. */
    public static final String DEFAULT_NAME = "traffic-anomaly";
    /** Default EWMA smoothing factor α: 0.2 (a week's hour weighs 20 %, about five weeks of memory). */
    public static final double DEFAULT_ALPHA = 0.2;
    /** Default sensitivity k: 3 deviations. */
    public static final double DEFAULT_SENSITIVITY = 3.0;
    /** Default warm-up: 2 samples (weeks) of a slot before it may alert. */
    public static final int DEFAULT_WARM_UP_WEEKS = 2;
    /** Default minimum volume: 10 transactions per hour (quieter hours never alert on a drop). */
    public static final double DEFAULT_MINIMUM_VOLUME = 10;
    /** Default history learned from the store on the first run: 4 weeks. */
    public static final int DEFAULT_LEARN_WEEKS = 4;
    /** Default evaluation interval: 5 minutes. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    /** Default severity: HIGH. */
    public static final Severity DEFAULT_SEVERITY = Severity.HIGH;

    private static final double MIN_DEVIATION = 1.0;
    private static final Duration HOUR = Duration.ofHours(1);

    static final class Config extends RuleConfig<Config> {
        double alpha = DEFAULT_ALPHA;
        double sensitivity = DEFAULT_SENSITIVITY;
        int warmUpWeeks = DEFAULT_WARM_UP_WEEKS;
        double minimumVolume = DEFAULT_MINIMUM_VOLUME;
        int learnWeeks = DEFAULT_LEARN_WEEKS;
        ZoneId zone = ZoneOffset.UTC;
        boolean spikes = true;
        boolean drops = true;

        Config() {
            super(DEFAULT_NAME, DEFAULT_SEVERITY);
            interval = DEFAULT_INTERVAL;
        }
    }

    private final Firing firing;
    private final HourOfWeekBaseline baseline;
    private @Nullable Instant nextHourToLearn;
    private boolean lastHourSpiked;

    TrafficAnomalyRule() {
        this(new Config());
    }

    private TrafficAnomalyRule(Config config) {
        super(config);
        this.firing = new Firing(source());
        this.baseline = new HourOfWeekBaseline(config.alpha);
    }

    @Override
    TrafficAnomalyRule create(Config config) {
        return new TrafficAnomalyRule(config);
    }

    /** The EWMA smoothing factor α in (0, 1] (default 0.2): higher adapts faster and forgets sooner. */
    public TrafficAnomalyRule alpha(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], was " + alpha);
        }
        return with(c -> c.alpha = alpha);
    }

    /** The sensitivity k: how many deviations away is an anomaly (default 3; positive). */
    public TrafficAnomalyRule sensitivity(double k) {
        if (!(k > 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("sensitivity must be positive, was " + k);
        }
        return with(c -> c.sensitivity = k);
    }

    /** Samples (weeks) of an hour-of-week slot needed before it may alert (default 2, at least 1). */
    public TrafficAnomalyRule warmUpWeeks(int weeks) {
        Validate.atLeast("warmUpWeeks", weeks, 1);
        return with(c -> c.warmUpWeeks = weeks);
    }

    /** Hours expected (drop) or seen (spike) below this many transactions never alert (default 10). */
    public TrafficAnomalyRule minimumVolume(double volume) {
        if (!(volume >= 0) || Double.isInfinite(volume)) {
            throw new IllegalArgumentException("minimumVolume must not be negative, was " + volume);
        }
        return with(c -> c.minimumVolume = volume);
    }

    /** Weeks of store history learned on the first run (default 4; 0 to start from scratch; at most 52). */
    public TrafficAnomalyRule learnFrom(int weeks) {
        Validate.between("learnWeeks", weeks, 0, 52);
        return with(c -> c.learnWeeks = weeks);
    }

    /** The zone hours of the week are cut in (default UTC): use the business's zone. */
    public TrafficAnomalyRule zone(ZoneId zone) {
        ZoneId z = Validate.notNull("zone", zone);
        return with(c -> c.zone = z);
    }

    /** Whether spikes alert (default true). */
    public TrafficAnomalyRule spikes(boolean enabled) {
        return with(c -> c.spikes = enabled);
    }

    /** Whether drops alert (default true). */
    public TrafficAnomalyRule drops(boolean enabled) {
        return with(c -> c.drops = enabled);
    }

    /** How often the rule runs (default 5 minutes; 10 seconds to 1 hour). */
    public TrafficAnomalyRule every(Duration interval) {
        return withInterval(interval, HOUR, "between 10 seconds and 1 hour");
    }

    /** The learned mean for the hour-of-week holding {@code t} (0 before anything was learned). */
    public synchronized double expectedAt(Instant t) {
        return baseline.mean(HourOfWeekBaseline.slot(t.atZone(config.zone)));
    }

    @Override
    public synchronized void evaluate(RuleContext context) {
        firing.adoptActive(context);
        Instant now = context.now();
        Instant currentHour = Bucket.HOUR.start(now, config.zone);
        if (nextHourToLearn == null) {
            Instant from = currentHour.minus(Duration.ofDays(7L * config.learnWeeks));
            Map<Instant, Long> history = from.isBefore(currentHour) ? hourly(context, from, currentHour) : Map.of();
            Instant first = history.keySet().stream().min(Instant::compareTo).orElse(currentHour);
            for (Instant h = first; h.isBefore(currentHour); h = h.plus(HOUR)) {
                baseline.learn(slotOf(h), history.getOrDefault(h, 0L));
            }
            nextHourToLearn = currentHour;
        } else if (nextHourToLearn.isBefore(currentHour)) {
            Map<Instant, Long> counts = hourly(context, nextHourToLearn, currentHour);
            for (Instant h = nextHourToLearn; h.isBefore(currentHour); h = h.plus(HOUR)) {
                long count = counts.getOrDefault(h, 0L);
                judgeCompletedHour(context, h, count);
                baseline.learn(slotOf(h), count);
            }
            nextHourToLearn = currentHour;
        }
        if (config.spikes) {
            long soFar =
                    hourly(context, currentHour, now.isAfter(currentHour) ? now : currentHour.plusMillis(1))
                            .values()
                            .stream()
                            .mapToLong(Long::longValue)
                            .sum();
            int slot = slotOf(currentHour);
            HourOfWeekBaseline.Verdict v = judge(slot, soFar, true);
            if (v == HourOfWeekBaseline.Verdict.SPIKE) {
                firing.raise(context, alert("spike", currentHour, soFar, slot, true), "spike");
            } else if (!lastHourSpiked) {
                firing.resolve(context, dedupKey("spike"));
            }
        }
    }

    private void judgeCompletedHour(RuleContext context, Instant hour, long count) {
        int slot = slotOf(hour);
        HourOfWeekBaseline.Verdict v = judge(slot, count, false);
        if (config.drops) {
            if (v == HourOfWeekBaseline.Verdict.DROP) {
                firing.raise(context, alert("drop", hour, count, slot, false), "drop");
            } else {
                firing.resolve(context, dedupKey("drop"));
            }
        }
        lastHourSpiked = v == HourOfWeekBaseline.Verdict.SPIKE;
        if (config.spikes && lastHourSpiked) {
            firing.raise(context, alert("spike", hour, count, slot, false), "spike");
        }
    }

    private HourOfWeekBaseline.Verdict judge(int slot, long count, boolean partial) {
        return baseline.judge(
                slot, count, config.sensitivity, MIN_DEVIATION, config.minimumVolume, config.warmUpWeeks, partial);
    }

    private Alert alert(String kind, Instant hour, long count, int slot, boolean partial) {
        double mean = baseline.mean(slot);
        double band = baseline.band(slot, config.sensitivity, MIN_DEVIATION);
        ZonedDateTime local = hour.atZone(config.zone);
        String when = local.getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ROOT) + " "
                + local.toLocalDate() + " " + String.format(Locale.ROOT, "%02d:00", local.getHour()) + " "
                + config.zone;
        return alert("drop".equals(kind) ? "Traffic drop" : "Traffic spike", dedupKey(kind))
                .message(count + " transactions " + (partial ? "so far in the hour from " : "in the hour from ") + when
                        + "; expected " + String.format(Locale.ROOT, "%.1f ± %.1f", mean, band) + " (EWMA of "
                        + baseline.samples(slot) + " earlier weeks, α=" + config.alpha + ", k=" + config.sensitivity
                        + ")")
                .label("anomaly", kind)
                .build();
    }

    private int slotOf(Instant hour) {
        return HourOfWeekBaseline.slot(hour.atZone(config.zone));
    }

    /** Transactions created per hour bucket in [from, to), summed over currencies and statuses. */
    private Map<Instant, Long> hourly(RuleContext ctx, Instant from, Instant to) {
        Map<Instant, Long> out = new HashMap<>();
        for (AggregateRow row : ctx.aggregate(AggregateQuery.series(from, to, Bucket.HOUR, config.zone))) {
            Instant b = row.bucketStart();
            if (b != null) {
                out.merge(b, row.count(), Long::sum);
            }
        }
        return out;
    }

    static TrafficAnomalyRule fromProperties(RuleProperties p) {
        TrafficAnomalyRule r = new TrafficAnomalyRule().applyNameAndSeverity(p);
        r = p.apply(r, "alpha", RuleProperties::decimal, TrafficAnomalyRule::alpha);
        r = p.apply(r, "sensitivity", RuleProperties::decimal, TrafficAnomalyRule::sensitivity);
        r = p.apply(r, "warm-up-weeks", RuleProperties::integer, TrafficAnomalyRule::warmUpWeeks);
        r = p.apply(r, "minimum-volume", RuleProperties::decimal, TrafficAnomalyRule::minimumVolume);
        r = p.apply(r, "learn-weeks", RuleProperties::integer, TrafficAnomalyRule::learnFrom);
        r = p.apply(r, "zone", RuleProperties::zone, TrafficAnomalyRule::zone);
        r = p.apply(r, "spikes", RuleProperties::bool, TrafficAnomalyRule::spikes);
        r = p.apply(r, "drops", RuleProperties::bool, TrafficAnomalyRule::drops);
        r = p.apply(r, "interval", RuleProperties::duration, TrafficAnomalyRule::every);
        p.rejectUnknown();
        return r;
    }

    @Override
    public String toString() {
        return "TrafficAnomalyRule[" + config.name + ": α=" + config.alpha + ", k=" + config.sensitivity + ", warm-up "
                + config.warmUpWeeks + " weeks, zone " + config.zone + "]";
    }
}
