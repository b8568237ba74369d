package dev.vedette.model;

/** What a record call does when the monitor's queue is full. */
public enum OverflowPolicy {
    /** Drop the new record at once and count it (default): the host thread never waits. */
    DROP_NEWEST,
    /** Wait up to the configured bound for room, then drop and count. */
    BLOCK
}
