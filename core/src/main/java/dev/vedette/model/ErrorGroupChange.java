package dev.vedette.model;

/**
 * A group that a write created or re-opened, so that rules can alert on new and regressed errors.
 *
 * @param group the group after the write
 * @param kind what happened
 */
public record ErrorGroupChange(ErrorGroup group, Kind kind) {
    /** What happened to the group. */
    public enum Kind {
        /** The fingerprint was seen for the first time. */
        NEW,
        /** A resolved group was seen again. */
        REGRESSED
    }
}
