package dev.vedette.model;

/** The level of a {@link LogEntry}, most severe first. */
public enum LogLevel {
    ERROR,
    WARN,
    INFO,
    DEBUG;

    /** True if this level is at least as severe as {@code threshold}. */
    public boolean isAtLeast(LogLevel threshold) {
        return ordinal() <= threshold.ordinal();
    }
}
