package dev.vedette.model;

/** Why a notification is sent. */
public enum DeliveryKind {
    /** The alert was raised (or escalated to a channel not yet notified). */
    TRIGGER,
    /** The alert is still open and unacknowledged. */
    REMINDER,
    /** Someone acknowledged the alert. */
    ACKNOWLEDGE,
    /** The alert was resolved. */
    RESOLVE,
    /** The daily digest of LOW alerts. */
    DIGEST,
    /** A test notification sent from the API or dashboard. */
    TEST,
    /**
     * A scheduled daily or weekly report; its {@code alertId} is the {@link StoredReport#id()} of the
     * report it carries, and only channels that can deliver reports receive it.
     */
    REPORT
}
