package dev.vedette.internal.pipeline;

import dev.vedette.internal.spool.SpoolFile;
import dev.vedette.spool.SpoolSettings;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's disk spool: records encoded by {@link RecordCodec} into a {@link SpoolFile}, and
 * the counts of what went in, came back and was dropped. Frames before {@link #inheritedEnd()} were
 * left by an earlier process.
 */
final class RecordSpool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecordSpool.class);

    private final SpoolFile file;
    private final SpoolSettings settings;
    private final long inheritedEnd;
    private final LongAdder spooled = new LongAdder();
    private final LongAdder replayed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder unreadable = new LongAdder();

    private RecordSpool(SpoolFile file, SpoolSettings settings) {
        this.file = file;
        this.settings = settings;
        this.inheritedEnd = file.end();
    }

    /**
     * Opens the spool's directory.
     *
     * @throws IllegalStateException if the directory cannot be used or another monitor has it open
     */
    static RecordSpool open(SpoolSettings settings) {
        try {
            SpoolFile file = SpoolFile.open(
                    settings.directory(), settings.maxBytes(), SpoolFile.segmentBytesFor(settings.maxBytes()));
            if (file.corrupt() > 0) {
                log.warn(
                        "Vedette spool {}: skipped {} torn or corrupt frames left by an earlier process",
                        settings.directory(),
                        file.corrupt());
            }
            if (file.hasPending()) {
                log.info(
                        "Vedette spool {}: {} bytes of records from an earlier process will be written first",
                        settings.directory(),
                        file.end() - file.committed());
            }
            return new RecordSpool(file, settings);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "Vedette cannot open its spool directory " + settings.directory() + ": " + e.getMessage(), e);
        }
    }

    boolean writeAhead() {
        return settings.mode() == SpoolSettings.Mode.WRITE_AHEAD;
    }

    SpoolFile file() {
        return file;
    }

    long inheritedEnd() {
        return inheritedEnd;
    }

    /**
     * Appends a record; the position after it, or -1 if it was dropped (counted): the bound, a
     * disk failure, or a record that does not encode.
     */
    long append(Object item, long atMillis) {
        long end;
        try {
            RecordCodec.Out payload = RecordCodec.encodeShared(item, atMillis);
            end = file.append(RecordCodec.type(item), payload.bytes(), payload.length());
        } catch (RuntimeException e) {
            end = -1;
        }
        if (end < 0) {
            dropped.increment();
        } else {
            spooled.increment();
        }
        return end;
    }

    void countDropped() {
        dropped.increment();
    }

    void countSpooled() {
        spooled.increment();
    }

    void replayed(int n) {
        replayed.add(n);
    }

    void unreadable() {
        unreadable.increment();
    }

    long spooled() {
        return spooled.sum();
    }

    long replayed() {
        return replayed.sum();
    }

    long dropped() {
        return dropped.sum();
    }

    /** Torn or corrupt frames skipped at open, and frames that did not decode. */
    long corrupt() {
        return file.corrupt() + unreadable.sum();
    }

    long bytes() {
        return file.bytes();
    }

    @Override
    public void close() {
        file.close();
    }

    @Override
    public String toString() {
        return settings.directory().toString();
    }
}
