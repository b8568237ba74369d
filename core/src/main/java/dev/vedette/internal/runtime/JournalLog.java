package dev.vedette.internal.runtime;

import dev.vedette.internal.spool.SpoolFile;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.Delivery;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert journal on disk, kept when the monitor has a spool: each change the journal makes while
 * the store is unreachable (an alert as it now stands, deliveries as they now stand, an audit entry)
 * is appended as one checksummed JSON frame to a {@link SpoolFile} in {@code
 * <spool>/alert-journal}, and the file is committed empty once the journal is written back to the
 * store. A monitor started on a directory with frames left by a process that died during an outage
 * (kill -9 included) opens its journal with them and writes them back as soon as the store answers.
 *
 * <p>Component states are not kept: the checks measure them again after a restart. One process at a
 * time may use the directory.
 */
final class JournalLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JournalLog.class);

    /** The bound on the journal's files. */
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private static final byte CHANGE = 'J';
    private static final JsonMapper JSON = JsonMapper.shared();

    /** One change of the journal: alerts and deliveries as they stand after it, audit entries it made. */
    record Change(List<AlertRecord> alerts, List<Delivery> deliveries, List<AuditEntry> audit) {
        Change {
            alerts = List.copyOf(alerts);
            deliveries = List.copyOf(deliveries);
            audit = List.copyOf(audit);
        }
    }

    private final SpoolFile file;
    private final AtomicLong lost = new AtomicLong();

    private JournalLog(SpoolFile file) {
        this.file = file;
    }

    /**
     * Opens the journal's files under {@code spoolDirectory}.
     *
     * @throws IllegalStateException if the directory cannot be used or another monitor has it open
     */
    static JournalLog open(Path spoolDirectory) {
        Path dir = spoolDirectory.resolve("alert-journal");
        try {
            return new JournalLog(SpoolFile.open(dir, MAX_BYTES, SpoolFile.segmentBytesFor(MAX_BYTES)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "Vedette cannot open its alert journal directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Appends a change; one that cannot be written (full, closed, unserializable) is counted in {@link #lost()}. */
    void append(Change change) {
        try {
            if (file.append(CHANGE, JSON.writeValueAsBytes(change)) < 0) {
                lost.incrementAndGet();
            }
        } catch (JacksonException | IllegalStateException e) {
            lost.incrementAndGet();
            log.warn("Vedette could not keep an alert journal change on disk: {}", e.toString());
        }
    }

    /** The changes not yet written back, oldest first; an unreadable one is skipped and counted. */
    List<Change> pending() {
        List<Change> out = new ArrayList<>();
        long from = file.committed();
        while (true) {
            List<SpoolFile.Frame> frames = file.read(from, 256);
            if (frames.isEmpty()) {
                return out;
            }
            for (SpoolFile.Frame f : frames) {
                try {
                    out.add(JSON.readValue(f.payload(), Change.class));
                } catch (JacksonException | IllegalArgumentException e) {
                    lost.incrementAndGet();
                    log.warn("Vedette skipped an unreadable alert journal frame: {}", e.toString());
                }
                from = f.next();
            }
        }
    }

    /** Marks every change appended so far as written back. */
    void clear() {
        file.commit(file.end());
    }

    /** Changes that could not be kept on disk or read back. */
    long lost() {
        return lost.get();
    }

    @Override
    public void close() {
        file.close();
    }
}
