package dev.vedette.internal;

import java.time.Duration;

/** Durations as people write them in messages. */
public final class Durations {
    private Durations() {}

    /** A short human form: 90s → "90s", PT5M → "5m", PT1H → "1h", P1D → "1d", 1.5 s → "1500ms". */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1_000L == 0) {
            return ms / 1_000L + "s";
        }
        return ms + "ms";
    }
}
