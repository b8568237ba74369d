package dev.vedette.notifiers;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures everything the notifiers log, at every level, for "no secret in the logs" checks. */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Level previous;

    LogCapture() {
        logger = (Logger) LoggerFactory.getLogger("dev.vedette.notifiers");
        previous = logger.getLevel();
        logger.setLevel(Level.TRACE);
        appender.start();
        logger.addAppender(appender);
    }

    /** Every captured line: formatted message and any exception chain's messages. */
    List<String> lines() {
        return appender.list.stream().map(LogCapture::render).toList();
    }

    String all() {
        return lines().stream().collect(Collectors.joining("\n"));
    }

    private static String render(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getLevel() + " " + e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return b.toString();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
    }
}
