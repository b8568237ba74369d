package dev.vedette.notifiers;

import dev.vedette.internal.Validate;
import java.time.Duration;

/** Connect, read and write timeouts of one notifier; validated by the config builders. */
record Timeouts(Duration connect, Duration read, Duration write) {
    static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));
    /** The longest timeout a builder accepts. */
    static final Duration MAX = Duration.ofMinutes(10);

    Timeouts withConnect(Duration d) {
        return new Timeouts(Validate.positiveAtMost("connectTimeout", d, MAX), read, write);
    }

    Timeouts withRead(Duration d) {
        return new Timeouts(connect, Validate.positiveAtMost("readTimeout", d, MAX), write);
    }

    Timeouts withWrite(Duration d) {
        return new Timeouts(connect, read, Validate.positiveAtMost("writeTimeout", d, MAX));
    }
}
