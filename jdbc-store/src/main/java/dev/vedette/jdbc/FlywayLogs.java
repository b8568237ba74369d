package dev.vedette.jdbc;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flyway loggers of {@link JdbcStore}'s migrations: Flyway's messages go to SLF4J under
 * Flyway's class names, except the notice that the database is "newer than the version Flyway has
 * been verified with" (H2 2.4 with Flyway 12.4), which is logged at INFO instead of WARN: Vedette's
 * migrations are tested on that version, so it is no defect of the host's setup.
 *
 * <p>Named by class in Flyway's {@code loggers} option, so Flyway creates it; not for application
 * use.
 */
public final class FlywayLogs implements LogCreator {
    static final String VERIFIED_VERSION_NOTICE = "newer than the version Flyway has been verified with";

    /** Creates the log creator; Flyway calls it. */
    public FlywayLogs() {}

    @Override
    public Log createLogger(Class<?> type) {
        return new Slf4jLog(LoggerFactory.getLogger(type));
    }

    private record Slf4jLog(Logger log) implements Log {
        @Override
        public boolean isDebugEnabled() {
            return log.isDebugEnabled();
        }

        @Override
        public void debug(String message) {
            log.debug(message);
        }

        @Override
        public void info(String message) {
            log.info(message);
        }

        @Override
        public void warn(String message) {
            if (message != null && message.contains(VERIFIED_VERSION_NOTICE)) {
                log.info(message);
            } else {
                log.warn(message);
            }
        }

        @Override
        public void error(String message) {
            log.error(message);
        }

        @Override
        public void error(String message, Exception e) {
            log.error(message, e);
        }

        @Override
        public void notice(String message) {
            log.info(message);
        }
    }
}
