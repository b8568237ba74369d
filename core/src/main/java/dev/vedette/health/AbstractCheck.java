package dev.vedette.health;

import java.time.Duration;

/** Name, timeout and interval of a built-in check. */
abstract class AbstractCheck implements HealthCheck {
    final String name;
    final Duration timeout;
    final Duration interval;

    AbstractCheck(HealthCheckBuilder<?> b) {
        this.name = b.name;
        this.timeout = b.timeout;
        this.interval = b.interval;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Duration timeout() {
        return timeout;
    }

    @Override
    public final Duration interval() {
        return interval;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "]";
    }
}
