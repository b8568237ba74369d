package dev.vedette.internal.runtime;

import dev.vedette.alerting.Alerts;
import dev.vedette.internal.pipeline.BatchListener;
import dev.vedette.model.Alert;
import dev.vedette.model.AlertRecord;
import dev.vedette.model.WrittenBatch;
import dev.vedette.rules.Rule;
import dev.vedette.rules.RuleContext;
import dev.vedette.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detection rules: hands every written batch to each rule ({@link Rule#onBatch}) and, on
 * the scheduler, evaluates the rules whose interval has passed ({@link Rule#evaluate}). A rule
 * that throws is logged and the others still run. Its {@link #context()} is how rules and health
 * transitions reach the store's read side and the alerting engine: raising and resolving never
 * throw, they log.
 */
public final class RuleRunner implements BatchListener {
    private static final Logger log = LoggerFactory.getLogger(RuleRunner.class);

    private final List<Rule> rules;
    private final RuleContext context;
    private final Clock clock;
    private final Map<String, Instant> nextRun = new HashMap<>();

    /** Runs {@code rules} in order, against {@code store} and raising through {@code alerts}. */
    public RuleRunner(List<Rule> rules, Store store, Alerts alerts, Clock clock) {
        this.rules = List.copyOf(rules);
        this.context = new MonitorRuleContext(store, alerts, clock);
        this.clock = clock;
    }

    /** The context the rules see; health tracking raises and resolves through it too. */
    public RuleContext context() {
        return context;
    }

    /** True if there is at least one rule. */
    public boolean hasRules() {
        return !rules.isEmpty();
    }

    @Override
    public void afterWrite(WrittenBatch batch) {
        for (Rule rule : rules) {
            try {
                rule.onBatch(batch, context);
            } catch (RuntimeException e) {
                log.warn("Vedette rule '{}' failed on a batch", rule.name(), e);
            }
        }
    }

    /** Evaluates every rule whose evaluation interval has passed since its last run. */
    public void evaluateDue() {
        Instant now = clock.instant();
        for (Rule rule : rules) {
            Instant next = nextRun.get(rule.name());
            if (next != null && next.isAfter(now)) {
                continue;
            }
            nextRun.put(rule.name(), now.plus(rule.evaluationInterval()));
            try {
                rule.evaluate(context);
            } catch (RuntimeException e) {
                log.warn("Vedette rule '{}' failed to evaluate", rule.name(), e);
            }
        }
    }

    private static final class MonitorRuleContext extends StoreBackedRuleContext {
        private final Alerts alerts;

        MonitorRuleContext(Store store, Alerts alerts, Clock clock) {
            super(store, clock);
            this.alerts = alerts;
        }

        @Override
        public Optional<AlertRecord> raise(Alert alert) {
            try {
                return Optional.of(alerts.raise(alert));
            } catch (RuntimeException e) {
                log.warn(
                        "Vedette could not raise a {} alert for component '{}': {}",
                        alert.severity(),
                        alert.component(),
                        e.toString());
                return Optional.empty();
            }
        }

        @Override
        public void resolve(String dedupKey) {
            try {
                alerts.resolveByKey(dedupKey, "auto");
            } catch (RuntimeException e) {
                log.warn("Vedette could not resolve alert {}: {}", dedupKey, e.toString());
            }
        }
    }
}
