package dev.vedette.internal.pipeline;

import dev.vedette.errors.Scrubber;
import dev.vedette.model.ErrorEvent;
import dev.vedette.model.HealthReport;
import dev.vedette.model.LogEntry;
import dev.vedette.model.Transaction;
import dev.vedette.model.WebhookEvent;
import dev.vedette.store.ErrorOccurrence;
import dev.vedette.store.WriteBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns queued records into a {@link WriteBatch}: stamps each with its arrival time unless it
 * carries its own, masks secrets in free text, and fingerprints errors.
 */
final class BatchMaker {
    /** A record and its arrival time. */
    interface Arrived {
        Object item();

        Instant at();
    }

    private final Fingerprints fingerprints;
    private final Scrubber scrubber;

    BatchMaker(Fingerprints fingerprints, Scrubber scrubber) {
        this.fingerprints = fingerprints;
        this.scrubber = scrubber;
    }

    WriteBatch toBatch(List<? extends Arrived> items) {
        List<Transaction> transactions = new ArrayList<>();
        List<HealthReport> health = new ArrayList<>();
        List<ErrorOccurrence> errors = new ArrayList<>();
        List<LogEntry> logs = new ArrayList<>();
        for (Arrived q : items) {
            switch (q.item()) {
                case Transaction t -> transactions.add(scrub(t.occurredAt() != null ? t : t.stampedAt(q.at())));
                case HealthReport r -> health.add(r.stampedAt(q.at()));
                case ErrorEvent e -> {
                    ErrorEvent stamped = e.stampedAt(q.at()).withText(scrubber::scrub, scrubber::scrub);
                    errors.add(new ErrorOccurrence(
                            fingerprints.fingerprint(stamped), Fingerprints.template(stamped.message()), stamped));
                }
                case LogEntry l -> logs.add(scrub(l.stampedAt(q.at())));
                case WebhookEvent w -> logs.add(scrub(w.toLogEntry().stampedAt(q.at())));
                default ->
                    throw new IllegalStateException("not a record: " + q.item().getClass());
            }
        }
        return new WriteBatch(transactions, health, errors, logs);
    }

    /** The kind and id of a record, naming it without its content. */
    String[] describe(Object item) {
        return switch (item) {
            case Transaction t -> new String[] {"transaction", t.id()};
            case HealthReport r -> new String[] {"health", r.component()};
            case ErrorEvent e -> new String[] {"error", fingerprints.fingerprint(e)};
            case LogEntry l -> new String[] {"log", l.component() == null ? "-" : l.component()};
            case WebhookEvent w -> new String[] {"webhook", w.provider() + "/" + w.eventType()};
            default -> new String[] {item.getClass().getSimpleName(), "-"};
        };
    }

    /** Masks card numbers and secrets in free text and metadata before anything is stored. */
    private Transaction scrub(Transaction t) {
        if (t.errorMessage() == null && t.metadata().isEmpty()) {
            return t;
        }
        String message = scrubber.scrub(t.errorMessage());
        Map<String, Object> metadata = t.metadata().isEmpty() ? t.metadata() : scrubber.scrub(t.metadata());
        if (Objects.equals(message, t.errorMessage()) && metadata.equals(t.metadata())) {
            return t;
        }
        return t.toBuilder().error(t.errorCode(), message).metadata(metadata).build();
    }

    private LogEntry scrub(LogEntry l) {
        String message = scrubber.scrub(l.message());
        Map<String, Object> details = scrubber.scrub(l.details());
        if (message.equals(l.message()) && details.equals(l.details())) {
            return l;
        }
        return new LogEntry(
                l.level(), l.component(), message, details, l.transactionId(), l.customer(), l.occurredAt());
    }
}
