package dev.vedette.model;

import dev.vedette.internal.Validate;
import java.time.Instant;
import java.util.Locale;

/**
 * A rendered daily or weekly report as the store keeps it: planned once per period, sent through the
 * delivery outbox (one {@link Delivery} of kind {@link DeliveryKind#REPORT} per channel, whose
 * {@code alertId} is this report's {@link #id()}), and listed on the dashboard's Reports page.
 *
 * @param kind {@code DAILY} or {@code WEEKLY}
 * @param period the period's label: the day ({@code 2026-11-23}) or the ISO week ({@code 2026-W48})
 * @param subject the one-line subject
 * @param text the plain-text part
 * @param html the HTML part, every value escaped
 * @param createdAt when it was rendered and planned
 */
public record StoredReport(String kind, String period, String subject, String text, String html, Instant createdAt) {
    /** The longest kind and period label accepted. */
    public static final int MAX_LABEL = 32;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the field if a value is null, blank, too long or (for the
     *     subject) spans more than one line
     */
    public StoredReport {
        Validate.identifier("kind", kind, MAX_LABEL);
        Validate.identifier("period", period, MAX_LABEL);
        Validate.notNull("subject", subject);
        Validate.notNull("text", text);
        Validate.notNull("html", html);
        Validate.notNull("createdAt", createdAt);
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("subject must be one line, was '" + Validate.quote(subject) + "'");
        }
    }

    /** The report's id, unique per kind and period: {@code report:daily:2026-11-23}. */
    public String id() {
        return idOf(kind, period);
    }

    /** The id of the report of {@code kind} for {@code period}, as {@link #id()} gives it. */
    public static String idOf(String kind, String period) {
        return "report:" + kind.toLowerCase(Locale.ROOT) + ":" + period;
    }

    /** The id of this report's delivery to {@code channel}. */
    public String deliveryId(String channel) {
        return id() + "@" + channel;
    }
}
