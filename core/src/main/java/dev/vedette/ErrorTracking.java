package dev.vedette;

import dev.vedette.internal.pipeline.Quarantine;
import dev.vedette.model.AuditEntry;
import dev.vedette.model.ErrorGroup;
import dev.vedette.model.ErrorGroupStatus;
import dev.vedette.model.QuarantinedRecord;
import dev.vedette.model.StoredLogEntry;
import dev.vedette.store.LogQuery;
import dev.vedette.store.Page;
import dev.vedette.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Error groups and the system log ({@code monitor.errors()}): list groups, resolve or ignore them
 * (audited), search logs.
 */
public final class ErrorTracking {
    private final Store store;
    private final Clock clock;
    private final Quarantine quarantine;

    ErrorTracking(Store store, Clock clock, Quarantine quarantine) {
        this.store = store;
        this.clock = clock;
        this.quarantine = quarantine;
    }

    /**
     * The records the store refused for good, newest first: each was isolated from its batch (whose
     * other records were written) and set aside. At most the newest 1,000 are kept; {@code
     * stats().quarantined()} counts them all and {@code stats().quarantineEvicted()} those no longer
     * listed. Read from memory, not from the store.
     */
    public List<QuarantinedRecord> quarantine() {
        return quarantine.entries();
    }

    /** Groups with one of these statuses (all when empty), most recently seen first. */
    public Page<ErrorGroup> groups(Set<ErrorGroupStatus> statuses, int limit, @Nullable String after) {
        return store.errorGroups(statuses, limit, after);
    }

    /** One group. */
    public Optional<ErrorGroup> group(String fingerprint) {
        return store.errorGroup(fingerprint);
    }

    /** Marks a group resolved: the next occurrence makes it REGRESSED. False if there is no such group. */
    public boolean resolve(String fingerprint, String by) {
        return setStatus(fingerprint, ErrorGroupStatus.RESOLVED, by);
    }

    /** Marks a group ignored. False if there is no such group. */
    public boolean ignore(String fingerprint, String by) {
        return setStatus(fingerprint, ErrorGroupStatus.IGNORED, by);
    }

    private boolean setStatus(String fingerprint, ErrorGroupStatus status, String by) {
        boolean done = store.setErrorGroupStatus(fingerprint, status);
        if (done) {
            store.appendAudit(new AuditEntry(
                    0,
                    clock.instant(),
                    by,
                    "error." + status.name().toLowerCase(java.util.Locale.ROOT),
                    fingerprint,
                    Map.of()));
        }
        return done;
    }

    /** Log entries matching the query, newest first. */
    public Page<StoredLogEntry> logs(LogQuery query) {
        return store.searchLogs(query);
    }
}
