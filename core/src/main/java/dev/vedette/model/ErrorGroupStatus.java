package dev.vedette.model;

/** Where an error group stands. */
public enum ErrorGroupStatus {
    /** Seen, not yet resolved. */
    NEW,
    /** Resolved once and seen again. */
    REGRESSED,
    /** Marked fixed; a new occurrence turns it {@link #REGRESSED}. */
    RESOLVED,
    /** Counted but never alerted on; stays ignored when seen again. */
    IGNORED
}
