package dev.vedette.model;

/** The lifecycle of a stored alert. */
public enum AlertStatus {
    /** Firing, not yet acknowledged: reminders run. */
    OPEN,
    /** Someone is on it: no reminders; still absorbs duplicates. */
    ACKNOWLEDGED,
    /** Over. A new occurrence with the same key opens a new alert. */
    RESOLVED;

    /** True for OPEN and ACKNOWLEDGED: the alert absorbs new occurrences of its key. */
    public boolean isActive() {
        return this != RESOLVED;
    }
}
