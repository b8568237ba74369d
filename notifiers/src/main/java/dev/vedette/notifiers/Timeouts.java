package dev.vedette.notifiers;

import java.time.Duration;

/** Connect, read and write timeouts of one notifier; validated by the config builders. */
record Timeouts(Duration connect, Duration read, Duration write) {
    static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10));

    Timeouts withConnect(Duration d) {
        return new Timeouts(Checks.timeout("connectTimeout", d), read, write);
    }

    Timeouts withRead(Duration d) {
        return new Timeouts(connect, Checks.timeout("readTimeout", d), write);
    }

    Timeouts withWrite(Duration d) {
        return new Timeouts(connect, read, Checks.timeout("writeTimeout", d));
    }
}
