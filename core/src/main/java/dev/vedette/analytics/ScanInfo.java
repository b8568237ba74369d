package dev.vedette.analytics;

/**
 * How much of the raw data a figure that cannot come from rollups was computed from. Such figures
 * page through {@link dev.vedette.store.Store#searchTransactions} (newest first) and stop after a
 * bounded number of rows; when they stop early the figure covers only the newest rows of the range.
 *
 * @param rowsScanned number of rows read
 * @param complete true if every row of the range was read; false if the row bound cut the scan
 */
public record ScanInfo(long rowsScanned, boolean complete) {
    /** A scan that read nothing and missed nothing. */
    public static final ScanInfo NONE = new ScanInfo(0, true);

    /** Combines two scans: rows add up, complete only if both were. */
    public ScanInfo plus(ScanInfo other) {
        return new ScanInfo(rowsScanned + other.rowsScanned, complete && other.complete);
    }
}
