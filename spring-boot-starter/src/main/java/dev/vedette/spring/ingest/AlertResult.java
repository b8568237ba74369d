package dev.vedette.spring.ingest;

import dev.vedette.model.AlertRecord;
import org.jspecify.annotations.Nullable;

/** An alert as the ingest API answers it. */
record AlertResult(
        String id,
        String dedupKey,
        String severity,
        String title,
        @Nullable String component,
        String status,
        long occurrences,
        String firstSeen,
        String lastSeen,
        @Nullable String acknowledgedBy,
        @Nullable String resolvedBy,
        boolean deduplicated) {

    static AlertResult of(AlertRecord a, boolean deduplicated) {
        return new AlertResult(
                a.id(),
                a.dedupKey(),
                a.severity().name(),
                a.title(),
                a.component(),
                a.status().name(),
                a.occurrences(),
                a.firstSeen().toString(),
                a.lastSeen().toString(),
                a.acknowledgedBy(),
                a.resolvedBy(),
                deduplicated);
    }
}
