package dev.vedette.alerting;

import dev.vedette.internal.Validate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes notifications to the SLF4J logger {@code dev.vedette.alerts} (CRITICAL and HIGH at WARN,
 * the rest at INFO). The channel used when no other is configured, and a handy second channel in
 * development. Always succeeds.
 */
public final class LogNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger("dev.vedette.alerts");
    private final String name;

    /** A log notifier named {@code log}. */
    public LogNotifier() {
        this("log");
    }

    /** A log notifier with this channel name. */
    public LogNotifier(String name) {
        this.name = Validate.identifier("name", name, 64);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendResult send(Notification n) {
        var a = n.alert();
        String line = "[{}] {} {} '{}' component={} occurrences={} key={}{}";
        Object[] args = {
            n.kind(),
            a.severity(),
            a.status(),
            a.title(),
            a.component(),
            a.occurrences(),
            a.dedupKey(),
            n.alerts().size() > 1 || n.omitted() > 0 ? " (+" + (n.alerts().size() - 1 + n.omitted()) + " more)" : ""
        };
        switch (a.severity()) {
            case CRITICAL, HIGH -> log.warn(line, args);
            default -> log.info(line, args);
        }
        return SendResult.sent();
    }
}
