package dev.vedette.analytics;

/**
 * How much of the raw data a figure that comes from neither rollups nor store aggregates was computed
 * from: {@link Cohorts}, {@link Mrr} and the alert statistics of {@link Operational}. Such figures
 * page through the store (newest first) and stop after a bounded number of rows; when they stop
 * early the figure covers only the newest rows of the range. KPIs and funnels never scan.
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
