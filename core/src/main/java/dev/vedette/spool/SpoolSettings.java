package dev.vedette.spool;

import dev.vedette.internal.Validate;
import java.nio.file.Path;

/**
 * Where and how the monitor spools records on disk. Immutable; build with {@link #builder(Path)}
 * and give to {@code MonitorBuilder.spool(...)}.
 *
 * <pre>{@code
 * Monitor.builder().store(store)
 *     .spool(SpoolSettings.builder(Path.of("/var/lib/app/vedette-spool"))
 *         .maxBytes(256L << 20).mode(SpoolSettings.Mode.OVERFLOW).build())
 *     .build();
 * }</pre>
 *
 * <p>The spool is a directory of memory-mapped segment files holding checksummed frames, one
 * record each, with the record's arrival time (so a replayed record keeps its original times).
 * Its segment files never take more than {@link #maxBytes()} together; a record that would need
 * more is dropped and counted in {@code MonitorStats.spoolDropped()}. Records in the spool are
 * written to the store in the order they were recorded, before anything newer. A spool left
 * non-empty by an earlier process (a crash or kill -9 included) is written first when a monitor
 * opens the same directory. Only one monitor at a time may use a directory: {@code build()}
 * throws {@link IllegalStateException} if it is in use or cannot be created. The frames are not
 * forced to the device: they survive the death of the process, not a power loss.
 */
public final class SpoolSettings {
    /** Default bound of the spool's files: 256 MiB. */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
    /** Smallest bound: 1 MiB. */
    public static final long MIN_MAX_BYTES = 1024L * 1024;
    /** Default mode. */
    public static final Mode DEFAULT_MODE = Mode.OVERFLOW;

    /** When records go to the spool. */
    public enum Mode {
        /**
         * Records go through memory as without a spool; while the store fails (a transient
         * failure), the writer moves them from the queue into the spool instead of letting the
         * queue fill, and writes them back once the store works again. Costs the record call
         * nothing. A kill -9 can lose what is in the memory queue at that moment.
         */
        OVERFLOW,
        /**
         * Every accepted record is appended to the spool on the host thread before the record call
         * returns, and the spool is trimmed as the writer stores batches: a kill -9 loses nothing
         * that was accepted. The record call then costs an encoding and a memory-mapped append; a
         * record the spool cannot take (its bound, a disk failure) is dropped and counted in {@code
         * spoolDropped}, never thrown. The queue policy {@code BLOCK} does not apply: a record
         * that finds the queue full waits in the spool.
         */
        WRITE_AHEAD
    }

    private final Path directory;
    private final long maxBytes;
    private final Mode mode;

    private SpoolSettings(Builder b) {
        this.directory = b.directory;
        this.maxBytes = b.maxBytes;
        this.mode = b.mode;
    }

    /** Settings with this directory and the defaults ({@link Mode#OVERFLOW}, 256 MiB). */
    public static SpoolSettings of(Path directory) {
        return builder(directory).build();
    }

    /**
     * Starts settings for this directory (created if missing).
     *
     * @throws IllegalArgumentException if the directory is null
     */
    public static Builder builder(Path directory) {
        return new Builder(Validate.notNull("spool directory", directory));
    }

    /** The directory of the spool's files. */
    public Path directory() {
        return directory;
    }

    /** The bound on the total size of the spool's files, in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** When records go to the spool. */
    public Mode mode() {
        return mode;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpoolSettings s
                && s.directory.equals(directory)
                && s.maxBytes == maxBytes
                && s.mode == mode;
    }

    @Override
    public int hashCode() {
        return directory.hashCode() * 31 + Long.hashCode(maxBytes) * 7 + mode.hashCode();
    }

    @Override
    public String toString() {
        return "SpoolSettings[" + directory + ", " + maxBytes + " bytes, " + mode + "]";
    }

    /** Builds {@link SpoolSettings}; each setter validates at once. */
    public static final class Builder {
        private final Path directory;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private Mode mode = DEFAULT_MODE;

        private Builder(Path directory) {
            this.directory = directory;
        }

        /**
         * The bound on the spool's files (default 256 MiB).
         *
         * @throws IllegalArgumentException if under {@value #MIN_MAX_BYTES} bytes
         */
        public Builder maxBytes(long maxBytes) {
            if (maxBytes < MIN_MAX_BYTES) {
                throw new IllegalArgumentException(
                        "spool maxBytes must be at least " + MIN_MAX_BYTES + " (1 MiB), was " + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /** When records go to the spool (default {@link Mode#OVERFLOW}). */
        public Builder mode(Mode mode) {
            this.mode = Validate.notNull("spool mode", mode);
            return this;
        }

        /** The settings. */
        public SpoolSettings build() {
            return new SpoolSettings(this);
        }
    }
}
