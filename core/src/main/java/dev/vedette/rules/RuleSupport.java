package dev.vedette.rules;

import dev.vedette.internal.Durations;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/** Text formatting shared by the built-in rules: dedup-key parts, label values, durations and percentages. */
final class RuleSupport {
    private RuleSupport() {}

    /**
     * A value usable inside a dedup key: itself if short, printable and not an e-mail address, else a
     * digest. Dedup keys reach logs and every channel (PagerDuty's {@code dedup_key}), so a customer's
     * address never stands in one.
     */
    static String keyPart(String raw) {
        if (raw.length() <= 160
                && raw.chars().noneMatch(Character::isISOControl)
                && !raw.isBlank()
                && raw.indexOf('@') < 0) {
            return raw;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** A label value: printable, at most 256 characters. */
    static String labelValue(String raw) {
        StringBuilder b = new StringBuilder(Math.min(raw.length(), 256));
        for (int i = 0; i < raw.length() && b.length() < 256; i++) {
            char c = raw.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }

    /** A short human form: 90s → "90s", PT5M → "5m", PT1H → "1h", P1D → "1d". */
    static String human(Duration d) {
        return Durations.human(d);
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }
}
