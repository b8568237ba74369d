package dev.vedette.model;

/** The level of a {@link LogEntry}, most severe first. */
public enum LogLevel {
    /** Something failed. */
    ERROR,
    /** Something is wrong but went on. */
    WARN,
    /** What happened, for the record. */
    INFO,
    /** Detail for diagnosing. */
    DEBUG;

    /** True if this level is at least as severe as {@code threshold}. */
    public boolean isAtLeast(LogLevel threshold) {
        return ordinal() <= threshold.ordinal();
    }
}
