package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks the free space of the file system holding a path. "Free" is the space usable by this JVM
 * ({@link FileStore#getUsableSpace()}). DOWN when free bytes are below {@link
 * Builder#downBelowBytes(long) downBelowBytes} or the free percentage is below {@link
 * Builder#downBelowPercent(double) downBelowPercent}; DEGRADED when below the {@code degraded*}
 * thresholds; UP otherwise. DOWN too when the path's file system cannot be read.
 *
 * <p>Defaults: DEGRADED below 10 % free, DOWN below 5 % free, no byte thresholds. Details: {@code
 * path}, {@code freeBytes}, {@code totalBytes}, {@code freePercent}. Create one with {@link
 * HealthChecks#diskSpace(String, Path)}.
 */
public final class DiskSpaceCheck extends AbstractCheck {
    /** Default free percentage below which the disk is DEGRADED: 10. */
    public static final double DEFAULT_DEGRADED_BELOW_PERCENT = 10;
    /** Default free percentage below which the disk is DOWN: 5. */
    public static final double DEFAULT_DOWN_BELOW_PERCENT = 5;

    private final Path path;
    private final long degradedBelowBytes;
    private final long downBelowBytes;
    private final double degradedBelowPercent;
    private final double downBelowPercent;

    private DiskSpaceCheck(Builder b) {
        super(b);
        this.path = b.path;
        this.degradedBelowBytes = b.degradedBelowBytes;
        this.downBelowBytes = b.downBelowBytes;
        this.degradedBelowPercent = b.degradedBelowPercent;
        this.downBelowPercent = b.downBelowPercent;
    }

    /** Reads the file system's space. Never throws for I/O errors: they become DOWN. */
    @Override
    public HealthReport check() {
        long start = System.nanoTime();
        long free;
        long total;
        try {
            FileStore store = Files.getFileStore(path);
            free = store.getUsableSpace();
            total = store.getTotalSpace();
        } catch (IOException | RuntimeException e) {
            return HealthReport.builder(name, HealthStatus.DOWN)
                    .responseTime(CheckSupport.since(start))
                    .message("cannot read free space of " + path + ": " + CheckSupport.describe(e))
                    .detail("path", path.toString())
                    .build();
        }
        double percent = total <= 0 ? 0 : Math.round(free * 10_000.0 / total) / 100.0;
        String summary = mib(free) + " free of " + mib(total) + " (" + percent + "%)";
        HealthReport.Builder report;
        if (free < downBelowBytes || percent < downBelowPercent) {
            report = HealthReport.builder(name, HealthStatus.DOWN).message("disk almost full: " + summary);
        } else if (free < degradedBelowBytes || percent < degradedBelowPercent) {
            report = HealthReport.builder(name, HealthStatus.DEGRADED).message("disk space low: " + summary);
        } else {
            report = HealthReport.builder(name, HealthStatus.UP);
        }
        return report.responseTime(CheckSupport.since(start))
                .detail("path", path.toString())
                .detail("freeBytes", free)
                .detail("totalBytes", total)
                .detail("freePercent", percent)
                .build();
    }

    private static String mib(long bytes) {
        return bytes / (1024 * 1024) + " MiB";
    }

    /** Configures a {@link DiskSpaceCheck}. Thresholds of 0 are off. */
    public static final class Builder extends HealthCheckBuilder<Builder> {
        private final Path path;
        private long degradedBelowBytes;
        private long downBelowBytes;
        private double degradedBelowPercent = DEFAULT_DEGRADED_BELOW_PERCENT;
        private double downBelowPercent = DEFAULT_DOWN_BELOW_PERCENT;

        Builder(String name, Path path) {
            super(name);
            this.path = Validate.notNull("path", path);
        }

        /**
         * DEGRADED when fewer bytes than this are free; default 0 (off).
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder degradedBelowBytes(long bytes) {
            this.degradedBelowBytes = bytes("degradedBelowBytes", bytes);
            return this;
        }

        /**
         * DOWN when fewer bytes than this are free; default 0 (off).
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder downBelowBytes(long bytes) {
            this.downBelowBytes = bytes("downBelowBytes", bytes);
            return this;
        }

        /**
         * DEGRADED when less than this percentage is free; default {@value
         * #DEFAULT_DEGRADED_BELOW_PERCENT}; 0 is off.
         *
         * @throws IllegalArgumentException if not between 0 and 100
         */
        public Builder degradedBelowPercent(double percent) {
            this.degradedBelowPercent = percent("degradedBelowPercent", percent);
            return this;
        }

        /**
         * DOWN when less than this percentage is free; default {@value #DEFAULT_DOWN_BELOW_PERCENT};
         * 0 is off.
         *
         * @throws IllegalArgumentException if not between 0 and 100
         */
        public Builder downBelowPercent(double percent) {
            this.downBelowPercent = percent("downBelowPercent", percent);
            return this;
        }

        private static long bytes(String field, long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException(field + " must not be negative, was " + bytes);
            }
            return bytes;
        }

        private static double percent(String field, double percent) {
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException(field + " must be between 0 and 100, was " + percent);
            }
            return percent;
        }

        /**
         * @throws IllegalArgumentException if a DOWN threshold is above its DEGRADED threshold (DEGRADED
         *     could never happen)
         */
        @Override
        public DiskSpaceCheck build() {
            if (degradedBelowPercent > 0 && downBelowPercent > degradedBelowPercent) {
                throw new IllegalArgumentException("downBelowPercent must not be above degradedBelowPercent ("
                        + degradedBelowPercent + "), was " + downBelowPercent);
            }
            if (degradedBelowBytes > 0 && downBelowBytes > degradedBelowBytes) {
                throw new IllegalArgumentException("downBelowBytes must not be above degradedBelowBytes ("
                        + degradedBelowBytes + "), was " + downBelowBytes);
            }
            return new DiskSpaceCheck(this);
        }
    }
}
