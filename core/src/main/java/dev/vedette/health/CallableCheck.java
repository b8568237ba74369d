package dev.vedette.health;

import dev.vedette.internal.Validate;
import dev.vedette.model.HealthReport;
import dev.vedette.model.HealthStatus;
import java.util.concurrent.Callable;

/**
 * A check written as a lambda: the callable returns a {@link HealthStatus} or a whole {@link
 * HealthReport}. The check measures the call; a returned report keeps its own response time if it
 * has one and is re-labelled to this check's name. A callable that returns null yields UNKNOWN; one
 * that throws makes {@link #check()} throw, which the {@link HealthCheckRunner} turns into DOWN.
 * Create one with {@link HealthChecks#of(String, Callable)} or {@link HealthChecks#ofReport(String,
 * Callable)}.
 */
public final class CallableCheck extends AbstractCheck {
    private final Callable<?> callable;

    private CallableCheck(Builder b) {
        super(b);
        this.callable = b.callable;
    }

    /**
     * Calls the callable.
     *
     * @throws Exception whatever the callable throws
     */
    @Override
    public HealthReport check() throws Exception {
        long start = System.nanoTime();
        Object result = callable.call();
        if (result instanceof HealthStatus status) {
            return HealthReport.builder(name, status)
                    .responseTime(CheckSupport.since(start))
                    .build();
        }
        if (result instanceof HealthReport report) {
            return CheckSupport.adopt(report, name, CheckSupport.since(start), null);
        }
        return HealthReport.builder(name, HealthStatus.UNKNOWN)
                .responseTime(CheckSupport.since(start))
                .message(
                        result == null
                                ? "check returned null"
                                : "check returned a " + result.getClass().getName())
                .build();
    }

    /** Configures a {@link CallableCheck}; it has only the common options. */
    public static final class Builder extends HealthCheckBuilder<Builder> {
        private final Callable<?> callable;

        Builder(String name, Callable<?> callable) {
            super(name);
            this.callable = Validate.notNull("check", callable);
        }

        @Override
        public CallableCheck build() {
            return new CallableCheck(this);
        }
    }
}
