package dev.vedette.model;

/**
 * How urgent an alert is. Routing defaults follow the products Vedette was built from: CRITICAL
 * pages (Slack, e-mail, PagerDuty, SMS), HIGH goes to Slack and e-mail, MEDIUM to Slack, and LOW
 * waits for the daily digest.
 */
public enum Severity {
    /** Money is being lost now; wake someone up. */
    CRITICAL,
    /** Needs attention within the hour. */
    HIGH,
    /** Needs attention today. */
    MEDIUM,
    /** Informational; goes to the daily digest. */
    LOW;

    /** True if this is more urgent than {@code other}. */
    public boolean isMoreUrgentThan(Severity other) {
        return ordinal() < other.ordinal();
    }
}
