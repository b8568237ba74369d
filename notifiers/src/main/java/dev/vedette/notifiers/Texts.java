package dev.vedette.notifiers;

import dev.vedette.alerting.Notification;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.DeliveryKind;
import dev.vedette.model.Severity;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** Wording shared by the human-readable channels (e-mail, Slack, SMS, PagerDuty summary). */
final class Texts {
    private Texts() {}

    /** ISO-8601 in UTC, e.g. {@code 2026-11-23T08:05:00Z}. */
    static String iso(@Nullable Instant instant) {
        return instant == null ? "-" : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** The status word shown in subjects and headers. */
    static String status(DeliveryKind kind) {
        return switch (kind) {
            case TRIGGER -> "TRIGGERED";
            case REMINDER -> "REMINDER";
            case ACKNOWLEDGE -> "ACKNOWLEDGED";
            case RESOLVE -> "RESOLVED";
            case DIGEST -> "DIGEST";
            case TEST -> "TEST";
            case REPORT -> "REPORT";
        };
    }

    /** How many alerts the notification stands for, counting the omitted ones. */
    static int total(Notification n) {
        return n.alerts().size() + n.omitted();
    }

    /**
     * One line: {@code CRITICAL TRIGGERED: Payment failures (+2 more)}, or {@code DIGEST: 12 alerts}
     * for a digest. Control characters become spaces.
     */
    static String headline(Notification n) {
        if (n.kind() == DeliveryKind.DIGEST) {
            int total = total(n);
            return "DIGEST: " + total + (total == 1 ? " alert" : " alerts");
        }
        AlertRecord a = n.alert();
        int others = total(n) - 1;
        return a.severity() + " " + status(n.kind()) + ": " + oneLine(a.title())
                + (others > 0 ? " (+" + others + " more)" : "");
    }

    /** {@code k=v, k2=v2}, or {@code -} when there are none. */
    static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "-";
        }
        StringJoiner j = new StringJoiner(", ");
        labels.forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }

    static String orDash(@Nullable String s) {
        return s == null || s.isBlank() ? "-" : s;
    }

    /** Replaces line breaks and other control characters by spaces (subjects, headers, SMS). */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }

    /**
     * At most {@code max} characters, ending with {@code marker} when cut; never splits a surrogate
     * pair.
     */
    static String truncate(String s, int max, String marker) {
        if (s.length() <= max) {
            return s;
        }
        int end = Math.max(0, max - marker.length());
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + marker;
    }

    /**
     * Like {@link #truncate} for text that holds entities ({@code &amp;}): a cut never leaves half an
     * entity behind.
     */
    static String truncateEscaped(String s, int max, String marker) {
        if (s.length() <= max) {
            return s;
        }
        int end = Math.max(0, max - marker.length());
        int amp = end == 0 ? -1 : s.lastIndexOf('&', end - 1);
        if (amp >= 0 && amp > end - 5) {
            int semi = s.indexOf(';', amp);
            if (semi >= end) {
                end = amp;
            }
        }
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + marker;
    }

    /** Lower-case severity name, for colours and CSS. */
    static String lower(Severity s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }
}
