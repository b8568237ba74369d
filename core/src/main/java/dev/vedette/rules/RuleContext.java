package dev.vedette.rules;

import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** What a {@link Rule} may use: the time, the store, and the alerting engine. */
public interface RuleContext {

    /** The monitor's clock. */
    Clock clock();

    /** {@code clock().instant()}. */
    default Instant now() {
        return clock().instant();
    }

    /** The store, for rules that read history. */
    Store store();

    /**
     * Raises an alert through the alerting engine (dedup, silences, routing). A rule should set its
     * source ({@code rule:<name>}) and a stable dedup key. Failures are logged, never thrown.
     *
     * @return the stored alert, or empty if it could not be stored
     */
    Optional<AlertRecord> raise(Alert alert);

    /** Resolves the active alert with this dedup key, if any, as {@code auto}. */
    void resolve(String dedupKey);
}
