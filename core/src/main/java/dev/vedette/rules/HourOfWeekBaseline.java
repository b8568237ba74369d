package dev.vedette.rules;

import java.time.ZonedDateTime;

/**
 * A learned baseline of hourly volume: one exponentially weighted moving average (EWMA) of the
 * count and one of its absolute deviation per hour of the week (168 slots), so Monday 09:00 is
 * compared with earlier Mondays at 09:00, not with Sunday night.
 *
 * <p>Learning an hour's count {@code x} in slot {@code s}: the first sample sets {@code mean = x},
 * {@code dev = 0}; later ones set {@code dev = (1 - α)·dev + α·|x - mean|}, then {@code mean =
 * (1 - α)·mean + α·x}. The band is {@code k × max(dev, √mean, minDeviation)}: the √mean floor is
 * the spread of a Poisson count, so a perfectly regular history does not make every small wobble an
 * anomaly. Not thread-safe.
 */
final class HourOfWeekBaseline {
    static final int SLOTS = 168;

    enum Verdict {
        WARMING_UP,
        NORMAL,
        SPIKE,
        DROP
    }

    private final double alpha;
    private final double[] mean = new double[SLOTS];
    private final double[] dev = new double[SLOTS];
    private final int[] samples = new int[SLOTS];

    HourOfWeekBaseline(double alpha) {
        this.alpha = alpha;
    }

    static int slot(ZonedDateTime t) {
        return (t.getDayOfWeek().getValue() - 1) * 24 + t.getHour();
    }

    void learn(int slot, double count) {
        if (samples[slot] == 0) {
            mean[slot] = count;
            dev[slot] = 0;
        } else {
            dev[slot] = (1 - alpha) * dev[slot] + alpha * Math.abs(count - mean[slot]);
            mean[slot] = (1 - alpha) * mean[slot] + alpha * count;
        }
        samples[slot]++;
    }

    double mean(int slot) {
        return mean[slot];
    }

    int samples(int slot) {
        return samples[slot];
    }

    double band(int slot, double sensitivity, double minDeviation) {
        return sensitivity * Math.max(Math.max(dev[slot], Math.sqrt(mean[slot])), minDeviation);
    }

    /**
     * Judges a count against the slot. A spike needs {@code count > mean + band} and {@code count >=
     * minVolume}; a drop needs {@code count < mean - band} and {@code mean >= minVolume}. With {@code
     * partial} only a spike can be judged (the hour is not over, its count can only grow).
     */
    Verdict judge(
            int slot,
            double count,
            double sensitivity,
            double minDeviation,
            double minVolume,
            int warmUpSamples,
            boolean partial) {
        if (samples[slot] < warmUpSamples) {
            return Verdict.WARMING_UP;
        }
        double band = band(slot, sensitivity, minDeviation);
        if (count > mean[slot] + band && count >= minVolume) {
            return Verdict.SPIKE;
        }
        if (!partial && count < mean[slot] - band && mean[slot] >= minVolume) {
            return Verdict.DROP;
        }
        return Verdict.NORMAL;
    }
}
