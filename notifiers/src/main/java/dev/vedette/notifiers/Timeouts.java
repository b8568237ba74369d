package dev.vedette.notifiers;

import dev.vedette.internal.Validate;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Connect, read and write timeouts of one notifier, and the overall send deadline (null: the three
 * added up); validated by the config builders.
 */
record Timeouts(
        Duration connect,
        Duration read,
        Duration write,
        @Nullable Duration sendDeadline) {
    static final Timeouts DEFAULT =
            new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), null);
    /** The longest timeout a builder accepts. */
    static final Duration MAX = Duration.ofMinutes(10);

    Timeouts withConnect(Duration d) {
        return new Timeouts(Validate.positiveAtMost("connectTimeout", d, MAX), read, write, sendDeadline);
    }

    Timeouts withRead(Duration d) {
        return new Timeouts(connect, Validate.positiveAtMost("readTimeout", d, MAX), write, sendDeadline);
    }

    Timeouts withWrite(Duration d) {
        return new Timeouts(connect, read, Validate.positiveAtMost("writeTimeout", d, MAX), sendDeadline);
    }

    Timeouts withSendDeadline(Duration d) {
        return new Timeouts(connect, read, write, Validate.positiveAtMost("sendDeadline", d, MAX));
    }

    /** The whole send's bound: the deadline set, else connect + read + write. */
    Duration deadline() {
        return sendDeadline != null ? sendDeadline : connect.plus(read).plus(write);
    }
}
